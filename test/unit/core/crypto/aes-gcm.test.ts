/**
 * AES-256-GCM against published vectors: McGrew & Viega, "The Galois/Counter Mode of Operation
 * (GCM)", revised 2005, Appendix B, test cases 13, 14 and 16 (the 256-bit-key cases with a 96-bit
 * IV; the same values appear in NIST's GCM validation suite). The barrier stores
 * nonce ‖ ciphertext ‖ tag, so each vector is opened in that layout.
 */
import { describe, expect, it } from 'vitest';
import { gcmDecrypt, gcmEncrypt, NONCE_BYTES, TAG_BYTES } from '../../../../electron/core/crypto/aes-gcm.js';
import { hex, VECTORS } from './gcm-vectors.js';

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
