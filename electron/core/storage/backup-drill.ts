/**
 * The restore drill: proves that the custodians' shares open a backup, on an in-memory copy of
 * it, so nothing on disk changes. Each share is judged as at unseal (so a share of an earlier
 * or later generation is refused by name), the unseal key is rebuilt, the root key and the
 * keyring are opened, and every record is decrypted once. All key material is wiped afterwards.
 */
import { Barrier, KEYRING_PATH } from '../barrier/barrier.js';
import { invalid } from '../errors.js';
import { readRootKey } from '../seal/root-key.js';
import type { SealConfig } from '../seal/seal-config.js';
import { combineShares } from '../seal/shamir.js';
import { decodeShare, judgeShare } from '../seal/share-judge.js';
import type { JudgedShare } from '../seal/share-judge.js';
import type { Db } from './database.js';

export interface DrillResult {
  readonly generation: number;
  readonly activeTerm: number;
  readonly recordsOpened: number;
  readonly shares: readonly { readonly index: number; readonly custodian: string }[];
}

/** Judges one share against the backup's own seal record; throws a CoreError that says why not. */
export function judgeDrillShare(config: SealConfig, key: unknown): JudgedShare {
  return judgeShare(decodeShare(key), { keyringId: config.keyringId, expected: config.current, history: config.previous });
}

/** Opens the backup in `db` (an in-memory copy) with `keys`; throws if they do not open it. */
export async function drillUnseal(db: Db, config: SealConfig, keys: readonly unknown[]): Promise<DrillResult> {
  const current = config.current;
  const judged = new Map<number, JudgedShare>();
  let unsealKey: Uint8Array | null = null;
  let rootKey: Buffer | null = null;
  const barrier = new Barrier(db);
  try {
    for (const key of keys) {
      const share = judgeDrillShare(config, key);
      if (!judged.has(share.index)) judged.set(share.index, share);
    }
    if (judged.size < current.threshold) {
      throw invalid('DRILL_TOO_FEW_SHARES', `the drill needs ${current.threshold} shares of generation ${current.generation}; ${judged.size} were given`);
    }
    const shares = [...judged.values()].slice(0, current.threshold);
    unsealKey = await combineShares(shares.map((s) => s.bytes), current.threshold, current.shares.length);
    rootKey = readRootKey(db, unsealKey, config.keyringId, current.generation);
    if (!rootKey || !barrier.unseal(rootKey)) {
      throw invalid('UNSEAL_FAILED', 'the shares did not reconstruct this backup\'s unseal key');
    }
    let opened = 0;
    const rows = db.prepare('SELECT path, value FROM records WHERE path != ?').iterate(KEYRING_PATH) as Iterable<{ path: string; value: Buffer }>;
    for (const row of rows) {
      barrier.decrypt(row.path, row.value).fill(0);
      opened += 1;
    }
    return { generation: current.generation, activeTerm: barrier.currentKeyring.activeTerm, recordsOpened: opened, shares: shares.map((s) => ({ index: s.index, custodian: s.custodian })) };
  } finally {
    barrier.forget();
    rootKey?.fill(0);
    unsealKey?.fill(0);
    for (const share of judged.values()) share.bytes.fill(0);
  }
}
