/**
 * Opening a record whose plaintext is key material (the root key under the unseal key, the
 * keyring under the root key, the audit HMAC key) straight into a buffer we own.
 *
 * Why not node:crypto's decipher, which everything else uses: `Decipher.update()` writes the
 * plaintext into a scratch allocation one byte longer than the output, copies it into the
 * Buffer it returns and frees the scratch *without wiping it* (node src/crypto/crypto_cipher.cc,
 * CipherBase::Update). Wiping the returned Buffer leaves that freed copy in the process until the
 * allocator happens to reuse it: a whole decrypted keyring, found by the memory test after seal
 * (test/reliability/key-memory.test.ts, test/reliability/secret-open-memory.test.ts).
 *
 * Here the same AES-256-GCM (NIST SP 800-38D, 96-bit nonce) is put together from @noble/ciphers'
 * audited primitives, each writing into buffers we pass in: H = E_K(0^128) and E_K(J0) from one
 * ECB call, the tag as GHASH_H(A, C) ⊕ E_K(J0) (checked in constant time before anything is
 * decrypted), then CTR from inc32(J0) into the caller's unmovable buffer. It reads exactly what
 * aes-gcm.ts writes (pinned by test/unit/core/crypto/aes-gcm-secret.test.ts). Slower than
 * OpenSSL, which does not matter for the handful of small records it opens per unseal.
 */
import { timingSafeEqual } from 'node:crypto';
import { ctr, ecb } from '@noble/ciphers/aes.js';
import { ghash } from '@noble/ciphers/_polyval.js';
import { checkKey, NONCE_BYTES, TAG_BYTES } from './aes-gcm.js';
import { secretBuffer } from './secret-buffer.js';

const BLOCK = 16;

/** Opens nonce ‖ ciphertext ‖ tag (aes-gcm.ts's format) into a fresh unmovable Buffer the caller wipes; null when the tag does not verify. */
export function gcmOpenSecret(key: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Buffer | null {
  checkKey(key);
  if (sealed.length < NONCE_BYTES + TAG_BYTES) return null;
  const nonce = sealed.subarray(0, NONCE_BYTES);
  const body = sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  // Key-derived blocks, in buffers of our own so they are wiped for certain: [0^128 | J0] in,
  // [H | E_K(J0)] out. J0 = nonce ‖ 0^31 ‖ 1 for a 96-bit nonce.
  const blocks = secretBuffer(2 * BLOCK);
  const derived = secretBuffer(2 * BLOCK);
  const expected = secretBuffer(BLOCK);
  try {
    blocks.set(nonce, BLOCK);
    blocks[2 * BLOCK - 1] = 1;
    ecb(key, { disablePadding: true }).encrypt(blocks, derived);
    const hashKey = derived.subarray(0, BLOCK);
    const tagMask = derived.subarray(BLOCK);
    // GHASH pads each update to a whole block, as GCM pads A and C; then len(A) ‖ len(C) in bits.
    // (noble keeps its own copy of H, the hash key; H authenticates, it decrypts nothing.)
    const mac = ghash.create(hashKey);
    mac.update(aad).update(body).update(bitLengths(aad.length, body.length));
    mac.digestInto(expected);
    mac.destroy();
    for (let i = 0; i < BLOCK; i++) expected[i] = (expected[i] ?? 0) ^ (tagMask[i] ?? 0);
    if (!timingSafeEqual(expected, tag)) return null;
    // CTR starts at inc32(J0); the records opened here are far below 2^32 blocks, so noble's
    // 128-bit counter increment is the same as GCM's 32-bit one.
    const counter = blocks.subarray(BLOCK);
    counter[BLOCK - 1] = 2;
    const plain = secretBuffer(body.length);
    if (body.length > 0) ctr(key, counter).decrypt(body, plain);
    return plain;
  } finally {
    blocks.fill(0);
    derived.fill(0);
    expected.fill(0);
  }
}

function bitLengths(aadBytes: number, bodyBytes: number): Uint8Array {
  const lengths = new Uint8Array(BLOCK);
  const view = new DataView(lengths.buffer);
  view.setBigUint64(0, BigInt(aadBytes) * 8n, false);
  view.setBigUint64(8, BigInt(bodyBytes) * 8n, false);
  return lengths;
}
