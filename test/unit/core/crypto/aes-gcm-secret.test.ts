/**
 * The key-material opener (aes-gcm-secret.ts) is AES-256-GCM built from noble's primitives: it
 * must open the published vectors, everything aes-gcm.ts seals (every length around the block
 * and word boundaries, with and without AAD), and refuse any change to nonce, ciphertext, tag,
 * AAD or key — without handing out a byte of unauthenticated plaintext.
 */
import { createCipheriv, randomBytes, randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { gcmEncrypt, NONCE_BYTES } from '../../../../electron/core/crypto/aes-gcm.js';
import { gcmOpenSecret } from '../../../../electron/core/crypto/aes-gcm-secret.js';
import { hex, VECTORS } from './gcm-vectors.js';

const LENGTHS = [0, 1, 3, 4, 15, 16, 17, 31, 32, 33, 63, 64, 65, 96, 100, 255, 1000, 4099];
const AAD_LENGTHS = [0, 1, 16, 17, 40];

describe('gcmOpenSecret', () => {
  for (const v of VECTORS) {
    it(`opens ${v.name}`, () => {
      const opened = gcmOpenSecret(hex(v.key), hex(v.iv + v.ciphertext + v.tag), hex(v.aad));
      expect(opened && Buffer.from(opened).toString('hex')).toBe(v.plaintext);
    });
  }

  it('opens what aes-gcm.ts seals, for every length and AAD length', () => {
    const key = randomBytes(32);
    for (const length of LENGTHS) {
      for (const aadLength of AAD_LENGTHS) {
        const plain = randomBytes(length);
        const aad = randomBytes(aadLength);
        const opened = gcmOpenSecret(key, gcmEncrypt(key, plain, aad), aad);
        expect(opened?.equals(plain), `length ${length}, aad ${aadLength}`).toBe(true);
      }
    }
  });

  it('opens a record at an odd offset inside a larger buffer (as SQLite hands rows out)', () => {
    const key = randomBytes(32);
    const plain = randomBytes(77);
    const sealed = gcmEncrypt(key, plain, Buffer.from('path'));
    const holder = Buffer.alloc(sealed.length + 5);
    holder.set(sealed, 5);
    expect(gcmOpenSecret(key, holder.subarray(5), Buffer.from('path'))?.equals(plain)).toBe(true);
  });

  it('refuses a changed nonce, ciphertext byte, tag byte, AAD or key', () => {
    const key = randomBytes(32);
    const plain = randomBytes(96);
    const aad = Buffer.from('core/keyring');
    const sealed = Buffer.from(gcmEncrypt(key, plain, aad));
    for (const at of [0, NONCE_BYTES - 1, NONCE_BYTES, NONCE_BYTES + 50, sealed.length - 16, sealed.length - 1]) {
      const changed = Buffer.from(sealed);
      changed[at] = (changed[at] ?? 0) ^ 0x01;
      expect(gcmOpenSecret(key, changed, aad), `byte ${at}`).toBeNull();
    }
    expect(gcmOpenSecret(key, sealed, Buffer.from('core/keyrinG'))).toBeNull();
    const other = Buffer.from(key);
    other[31] = (other[31] ?? 0) ^ 0x80;
    expect(gcmOpenSecret(other, sealed, aad)).toBeNull();
    expect(gcmOpenSecret(key, sealed.subarray(0, 27), aad)).toBeNull();
  });

  it('agrees with OpenSSL on random records: any length, any AAD, key, record and AAD at any offset', () => {
    // Sealed by node:crypto directly (not aes-gcm.ts), so the nonce is ours and the check is
    // independent of the sealing side; every buffer sits at a random offset of a larger one.
    const at = (bytes: Uint8Array): Uint8Array => {
      const offset = randomInt(0, 8);
      const holder = new Uint8Array(bytes.length + offset + randomInt(0, 4));
      holder.set(bytes, offset);
      return holder.subarray(offset, offset + bytes.length);
    };
    for (let n = 0; n < 300; n++) {
      const key = randomBytes(32);
      const nonce = randomBytes(NONCE_BYTES);
      const plain = randomBytes(randomInt(0, 200));
      const aad = randomBytes(randomInt(0, 60));
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      cipher.setAAD(aad);
      const sealed = Buffer.concat([nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      const what = `plaintext ${plain.length} B, AAD ${aad.length} B`;
      expect(gcmOpenSecret(at(key), at(sealed), at(aad))?.equals(plain), what).toBe(true);
      const flipped = Buffer.from(sealed);
      const bit = randomInt(0, flipped.length * 8);
      flipped[bit >> 3] = (flipped[bit >> 3] ?? 0) ^ (1 << (bit & 7));
      expect(gcmOpenSecret(key, flipped, aad), `${what}, bit ${bit} flipped`).toBeNull();
      // GHASH pads the AAD to a block, so only the length block tells these apart.
      expect(gcmOpenSecret(key, sealed, Buffer.concat([aad, Buffer.alloc(1)])), `${what}, AAD + one zero byte`).toBeNull();
    }
  });

  it('takes only a 32-byte key', () => {
    expect(() => gcmOpenSecret(randomBytes(16), randomBytes(40), Buffer.alloc(0))).toThrow(RangeError);
  });
});
