/**
 * A real keyring file opened in-process: initialized 1-of-1 and unsealed through the core's own
 * ceremony code (no HTTP). For core-level tests, for preparing files that a spawned `serve` then
 * uses, and for checking such files after the process was killed.
 */
import { createHash } from 'node:crypto';
import { Core, decodeShare } from '../../electron/core/core.js';
import type { CoreOptions } from '../../electron/core/core.js';
import { inTransaction } from '../../electron/core/storage/database.js';
import { dbOf } from './core-internals.js';
import { readInitRequest } from '../../electron/api/init-request.js';

export interface UnsealedCore {
  readonly core: Core;
  /** The 1-of-1 unseal key (base64), as `sys/unseal` takes it. */
  readonly key: string;
  readonly rootToken: string;
}

export async function unsealedCore(path: string, options: Omit<CoreOptions, 'path'> = {}): Promise<UnsealedCore> {
  const core = Core.open({ path, ...options });
  const init = await core.initialize(readInitRequest({ secret_shares: 1, secret_threshold: 1 }));
  const key = init.shares[0]?.keyBase64;
  if (!key) throw new Error('init returned no share');
  await unseal(core, key);
  return { core, key, rootToken: init.rootToken };
}

/**
 * Opens an existing keyring file and unseals it with its 1-of-1 key. Callers use it to see the
 * file as a restart after a crash would, while the crashed instance is still open in this process,
 * so the file lock is not taken (a real crash releases it with the process).
 */
export async function reopenUnsealed(path: string, key: string, options: Omit<CoreOptions, 'path'> = {}): Promise<Core> {
  const core = Core.open({ path, exclusive: false, ...options });
  await unseal(core, key);
  return core;
}

async function unseal(core: Core, key: string): Promise<void> {
  const outcome = await core.seal.unseal(decodeShare(key));
  if (outcome.status.sealed) throw new Error('the key did not unseal the keyring');
}

/** Lets callbacks scheduled with setImmediate (automatic rotation, rewrap batches) run. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Deterministic record content for a path, so a reader can check it without a copy. */
export function recordValue(path: string, size: number): Buffer {
  const seed = createHash('sha256').update(path).digest();
  const value = Buffer.alloc(size);
  for (let at = 0; at < size; at += seed.length) seed.copy(value, at, 0, Math.min(seed.length, size - at));
  return value;
}

/** Writes `count` barrier records of `size` bytes under `prefix` (one transaction); returns their paths. */
export function seedRecords(core: Core, count: number, size: number, prefix = 'test/records/'): string[] {
  const paths = Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(6, '0')}`);
  inTransaction(dbOf(core), () => {
    for (const path of paths) core.barrier.put(path, recordValue(path, size));
  });
  return paths;
}
