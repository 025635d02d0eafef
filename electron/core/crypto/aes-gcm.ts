/**
 * AES-256-GCM (NIST SP 800-38D) with 96-bit random nonces and 128-bit tags, via node:crypto.
 * Random nonces are safe for up to 2^32 encryptions under one key; the keyring counts
 * encryptions per term so rotation happens before that bound (see keyring.ts).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const KEY_BYTES = 32;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;

function checkKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.length !== KEY_BYTES) throw new RangeError('AES-256-GCM key must be 32 bytes');
}

/** Returns nonce ‖ ciphertext ‖ tag. */
export function gcmEncrypt(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
  checkKey(key);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

/** Opens nonce ‖ ciphertext ‖ tag; returns null when the tag does not verify (wrong key, tampering, wrong AAD). */
export function gcmDecrypt(key: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Buffer | null {
  checkKey(key);
  if (sealed.length < NONCE_BYTES + TAG_BYTES) return null;
  const nonce = sealed.subarray(0, NONCE_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const body = sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    return null;
  }
}

export function randomKey(): Buffer {
  return randomBytes(KEY_BYTES);
}
