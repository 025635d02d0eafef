/**
 * Node Buffers for keys, outside V8's moving heap (see shared/secret-bytes.ts): `Buffer.alloc(32)`
 * and `randomBytes(32)` would live in the JS heap, where a garbage collection copies them and
 * leaves a stale copy that no wipe reaches.
 */
import { randomFillSync } from 'node:crypto';
import { secretBytes } from '../../../shared/secret-bytes.js';

export function secretBuffer(length: number): Buffer {
  const bytes = secretBytes(length);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** An unmovable copy the caller owns and wipes. */
export function copyToSecretBuffer(bytes: Uint8Array): Buffer {
  const copy = secretBuffer(bytes.length);
  copy.set(bytes);
  return copy;
}

export function randomSecret(length: number): Buffer {
  return randomFillSync(secretBuffer(length));
}
