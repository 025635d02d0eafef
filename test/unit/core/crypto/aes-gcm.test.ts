/**
 * AES-256-GCM against published vectors: McGrew & Viega, "The Galois/Counter Mode of Operation
 * (GCM)", revised 2005, Appendix B, test cases 13, 14 and 16 (the 256-bit-key cases with a 96-bit
 * IV; the same values appear in NIST's GCM validation suite). The barrier stores
 * nonce ‖ ciphertext ‖ tag, so each vector is opened in that layout.
 */
import { describe, expect, it } from 'vitest';
import { gcmDecrypt, gcmEncrypt, NONCE_BYTES, TAG_BYTES } from '../../../../electron/core/crypto/aes-gcm.js';

const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));

const VECTORS = [
  {
    name: 'test case 13 (empty plaintext, no AAD)',
    key: '0000000000000000000000000000000000000000000000000000000000000000',
    iv: '000000000000000000000000', plaintext: '', aad: '', ciphertext: '',
    tag: '530f8afbc74536b9a963b4f1c4cb738b',
  },
  {
    name: 'test case 14 (one zero block)',
    key: '0000000000000000000000000000000000000000000000000000000000000000',
    iv: '000000000000000000000000', plaintext: '00000000000000000000000000000000', aad: '',
    ciphertext: 'cea7403d4d606b6e074ec5d3baf39d18', tag: 'd0d1c8a799996bf0265b98b5d48ab919',
  },
  {
    name: 'test case 16 (60-byte plaintext, 20-byte AAD)',
    key: 'feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308',
    iv: 'cafebabefacedbaddecaf888',
    plaintext: 'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39',
    aad: 'feedfacedeadbeeffeedfacedeadbeefabaddad2',
    ciphertext: '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662',
    tag: '76fc6ece0f4e1768cddf8853bb2d551b',
  },
];

describe('AES-256-GCM (published vectors)', () => {
  for (const v of VECTORS) {
    it(`opens ${v.name}`, () => {
      const sealed = hex(v.iv + v.ciphertext + v.tag);
      const opened = gcmDecrypt(hex(v.key), sealed, hex(v.aad));
      expect(opened && Buffer.from(opened).toString('hex')).toBe(v.plaintext);
    });

    it(`refuses ${v.name} with one tag bit flipped or other AAD`, () => {
      const sealed = hex(v.iv + v.ciphertext + v.tag);
      sealed[sealed.length - 1] = (sealed[sealed.length - 1] ?? 0) ^ 1;
      expect(gcmDecrypt(hex(v.key), sealed, hex(v.aad))).toBeNull();
      expect(gcmDecrypt(hex(v.key), hex(v.iv + v.ciphertext + v.tag), hex(`${v.aad}00`))).toBeNull();
    });
  }

  it('writes nonce ‖ ciphertext ‖ tag with a fresh 96-bit nonce each time', () => {
    const key = hex(VECTORS[2]?.key ?? '');
    const a = gcmEncrypt(key, hex('00'), hex(''));
    const b = gcmEncrypt(key, hex('00'), hex(''));
    expect(a.length).toBe(NONCE_BYTES + 1 + TAG_BYTES);
    expect(Buffer.from(a.subarray(0, NONCE_BYTES)).equals(Buffer.from(b.subarray(0, NONCE_BYTES)))).toBe(false);
  });
});
