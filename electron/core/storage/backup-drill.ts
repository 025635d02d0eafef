/**
 * The restore drill: proves that the custodians' shares open a backup, on an in-memory copy of
 * it, so nothing on disk changes. Each share is judged as at unseal (so a share of an earlier
 * or later generation is refused by name), the unseal key is rebuilt, the root key and the
 * keyring are opened, and every record is decrypted once. All key material is wiped afterwards.
 */
import { Barrier, KEYRING_PATH } from '../barrier/barrier.js';
import { invalid } from '../errors.js';
import { testRootKey } from '../seal/root-key.js';
import type { SealConfig } from '../seal/seal-config.js';
import { againstCurrent, ShareCollection } from '../seal/share-collection.js';
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
  return judgeShare(decodeShare(key), againstCurrent(config));
}

/** Opens the backup in `db` (an in-memory copy) with `keys`; throws if they do not open it. */
export async function drillUnseal(db: Db, config: SealConfig, keys: readonly unknown[]): Promise<DrillResult> {
  const current = config.current;
  // The share collection of unseal (share-collection.ts): judged at entry, a repeat ignored, and
  // every share wiped when spent or cleared.
  const collection = new ShareCollection({ against: againstCurrent(config), needed: current.threshold });
  const barrier = new Barrier(db);
  try {
    for (const key of keys) collection.accept(decodeShare(key));
    if (!collection.complete) {
      throw invalid('DRILL_TOO_FEW_SHARES', `the drill needs ${current.threshold} shares of generation ${current.generation}; ${collection.size} were given`);
    }
    const shares = collection.accepted().slice(0, current.threshold);
    const { outcome } = await collection.spend((unsealKey) => testRootKey(db, unsealKey, config, (rootKey) => barrier.unseal(rootKey)));
    if (outcome !== true) throw invalid('UNSEAL_FAILED', 'the shares did not reconstruct this backup\'s unseal key');
    let opened = 0;
    const rows = db.prepare('SELECT path, value FROM records WHERE path != ?').iterate(KEYRING_PATH) as Iterable<{ path: string; value: Buffer }>;
    for (const row of rows) {
      barrier.decrypt(row.path, row.value).fill(0);
      opened += 1;
    }
    return { generation: current.generation, activeTerm: barrier.currentKeyring.activeTerm, recordsOpened: opened, shares };
  } finally {
    barrier.forget();
    collection.clear();
  }
}
