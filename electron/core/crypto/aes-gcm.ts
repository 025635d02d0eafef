/**
 * AES-256-GCM (NIST SP 800-38D) with 96-bit random nonces and 128-bit tags, via node:crypto.
 * Random nonces are safe for up to 2^32 encryptions under one key; the keyring counts
 * encryptions per term so rotation happens before that bound (see keyring.ts).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { randomSecret } from './secret-buffer.js';

export const KEY_BYTES = 32;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;

export function checkKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.length !== KEY_BYTES) throw new RangeError('AES-256-GCM key must be 32 bytes');
}

/**
 * Nonces are cut from a pool of random bytes refilled 1,024 nonces at a time: one call into the
 * CSPRNG instead of one per record (rewrap encrypts thousands in a row). Every nonce is fresh
 * random bytes never handed out before, so they are exactly as unpredictable and as unlikely to
 * collide as separate randomBytes(12) calls; nonces are public, so the pool holds no secret.
 */
const NONCE_POOL_BYTES = NONCE_BYTES * 1024;
let noncePool = Buffer.alloc(0);
let noncePoolOffset = 0;

function freshNonce(): Buffer {
  if (noncePoolOffset + NONCE_BYTES > noncePool.length) {
    noncePool = randomBytes(NONCE_POOL_BYTES);
    noncePoolOffset = 0;
  }
  const nonce = noncePool.subarray(noncePoolOffset, noncePoolOffset + NONCE_BYTES);
  noncePoolOffset += NONCE_BYTES;
  return nonce;
}

/** Returns nonce ‖ ciphertext ‖ tag. */
export function gcmEncrypt(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
  return gcmSeal(key, plaintext, aad, Buffer.alloc(0));
}

/**
 * Returns header ‖ nonce ‖ ciphertext ‖ tag in one buffer, written once: a caller that prefixes
 * its own header (the barrier's term and version) spares the copies of concatenating afterwards.
 */
export function gcmSeal(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array, header: Uint8Array): Buffer {
  checkKey(key);
  const nonce = freshNonce();
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const body = cipher.update(plaintext);
  // GCM is a stream mode: final() flushes nothing, but is what computes the tag.
  const rest = cipher.final();
  const out = Buffer.allocUnsafe(header.length + NONCE_BYTES + body.length + rest.length + TAG_BYTES);
  out.set(header, 0);
  let at = header.length;
  out.set(nonce, at);
  at += NONCE_BYTES;
  out.set(body, at);
  at += body.length;
  out.set(rest, at);
  at += rest.length;
  out.set(cipher.getAuthTag(), at);
  return out;
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
  const plain = decipher.update(body);
  try {
    const rest = decipher.final();
    if (rest.length === 0) return plain;
    // The plaintext may be a key: the pieces are wiped once joined.
    const joined = Buffer.concat([plain, rest]);
    plain.fill(0);
    rest.fill(0);
    return joined;
  } catch {
    // Unauthenticated output: never handed out, and not left lying in memory either.
    plain.fill(0);
    return null;
  }
}

export function randomKey(): Buffer {
  return randomSecret(KEY_BYTES);
}
