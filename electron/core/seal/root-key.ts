/**
 * The root key, stored in the seal records encrypted under the unseal key (the KEK that the
 * shares reconstruct). The additional data binds it to the keyring id and share generation, so a
 * root-key record cannot be replayed into another keyring or generation.
 */
import { gcmEncrypt } from '../crypto/aes-gcm.js';
import { gcmOpenSecret } from '../crypto/aes-gcm-secret.js';
import type { Db } from '../storage/database.js';
import { putSealValue, readSealValue, ROOT_KEY_NAME } from './seal-config.js';
import type { SealConfig } from './seal-config.js';

const FORMAT_VERSION = 1;

function aad(keyringId: string, generation: number): Buffer {
  return Buffer.from(`symbolon/root-key/${keyringId}/${generation}`, 'utf8');
}

export function writeRootKey(db: Db, unsealKey: Uint8Array, rootKey: Uint8Array, keyringId: string, generation: number): void {
  const sealed = gcmEncrypt(unsealKey, rootKey, aad(keyringId, generation));
  putSealValue(db, ROOT_KEY_NAME, Buffer.concat([Buffer.of(FORMAT_VERSION), sealed]));
}

/** The root key (an unmovable Buffer the caller wipes), or null when the unseal key is wrong. */
export function readRootKey(db: Db, unsealKey: Uint8Array, keyringId: string, generation: number): Buffer | null {
  const stored = readSealValue(db, ROOT_KEY_NAME);
  if (!stored) throw new Error('root key record is missing');
  if (stored[0] !== FORMAT_VERSION) throw new Error(`unknown root key format ${String(stored[0])}`);
  return gcmOpenSecret(unsealKey, stored.subarray(1), aad(keyringId, generation));
}

/**
 * The test every quorum passes: the unseal key opens the stored root key of the current generation
 * and `accept` takes that root key (the barrier unseals with it, or confirms it is the one in use).
 * The decrypted copy is wiped whatever happens.
 */
export function testRootKey(db: Db, unsealKey: Uint8Array, config: SealConfig, accept: (rootKey: Buffer) => boolean): boolean {
  let rootKey: Buffer | null = null;
  try {
    rootKey = readRootKey(db, unsealKey, config.keyringId, config.current.generation);
    return rootKey !== null && accept(rootKey);
  } finally {
    rootKey?.fill(0);
  }
}
