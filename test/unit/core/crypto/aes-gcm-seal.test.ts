/**
 * AES-256-GCM as the barrier uses it: one buffer written once (header ‖ nonce ‖
 * ciphertext ‖ tag) and nonces cut from a pool of random bytes. What must not change: every
 * nonce is new (also across pool refills), the header is kept as given, the result opens with
 * the same key and AAD and with nothing else.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { gcmDecrypt, gcmEncrypt, gcmSeal, NONCE_BYTES, TAG_BYTES } from '../../../../electron/core/crypto/aes-gcm.js';

describe('gcmSeal', () => {
  it('never repeats a nonce, across several refills of the nonce pool', () => {
    const key = randomBytes(32);
    const seen = new Set<string>();
    const count = 5000;
    for (let i = 0; i < count; i++) {
      const sealed = gcmSeal(key, Buffer.from('x'), Buffer.from('p'), Buffer.alloc(0));
      seen.add(sealed.subarray(0, NONCE_BYTES).toString('hex'));
    }
    expect(seen.size).toBe(count);
  });

  it('writes header ‖ nonce ‖ ciphertext ‖ tag, which opens with the key and AAD only', () => {
    const key = randomBytes(32);
    const plain = randomBytes(4096);
    const header = Buffer.from([0, 0, 0, 7, 1]);
    const sealed = gcmSeal(key, plain, Buffer.from('bench/1'), header);
    expect(sealed.length).toBe(header.length + NONCE_BYTES + plain.length + TAG_BYTES);
    expect(sealed.subarray(0, header.length)).toEqual(header);
    const body = sealed.subarray(header.length);
    expect(gcmDecrypt(key, body, Buffer.from('bench/1'))).toEqual(plain);
    expect(gcmDecrypt(key, body, Buffer.from('bench/2'))).toBeNull();
    expect(gcmDecrypt(randomBytes(32), body, Buffer.from('bench/1'))).toBeNull();
    const tampered = Buffer.from(body);
    tampered[NONCE_BYTES + 100] = (tampered[NONCE_BYTES + 100] ?? 0) ^ 1;
    expect(gcmDecrypt(key, tampered, Buffer.from('bench/1'))).toBeNull();
  });

  it('gcmEncrypt is gcmSeal without a header', () => {
    const key = randomBytes(32);
    const sealed = gcmEncrypt(key, Buffer.from('secret'), Buffer.from('aad'));
    expect(sealed.length).toBe(NONCE_BYTES + 6 + TAG_BYTES);
    expect(gcmDecrypt(key, sealed, Buffer.from('aad'))?.toString()).toBe('secret');
  });
});
