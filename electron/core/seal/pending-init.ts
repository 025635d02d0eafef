/**
 * The pending-init record (API.md, "Init with verification"): a keyring made by `PUT sys/init`
 * with `require_verification`, whose seal record is held here instead of under `config` until
 * every custodian has proven their share. While it exists the keyring reads as uninitialized
 * everywhere (no seal record), nothing can be unsealed or stored, and a crash or restart keeps
 * it, so the issued shares can still prove it or abandon it. Plaintext, like the seal record:
 * commitments, names, proven indexes, never a share.
 */
import type { Db } from '../storage/database.js';
import type { GenerationRecord } from './seal-config.js';
import { putSealValue, readSealValue } from './seal-config.js';

export const PENDING_INIT_NAME = 'pending-init';

export interface PendingInit {
  readonly version: 1;
  readonly keyringId: string;
  /** The operator's name for the keyring (sys/init `keyring_name`), carried into the seal record. */
  readonly keyringName?: string;
  /** The seal record's first generation, installed as `config` when the last share is proven. */
  readonly record: GenerationRecord;
  readonly nonce: string;
  readonly startedAt: string;
  /** Indexes proven so far, in the order they were proven. */
  readonly proven: readonly number[];
}

export function readPendingInit(db: Db): PendingInit | null {
  const value = readSealValue(db, PENDING_INIT_NAME);
  if (!value) return null;
  const pending = JSON.parse(value.toString('utf8')) as PendingInit;
  if (pending.version !== 1) throw new Error('unknown pending-init record format');
  return pending;
}

export function writePendingInit(db: Db, pending: PendingInit): void {
  putSealValue(db, PENDING_INIT_NAME, Buffer.from(JSON.stringify(pending), 'utf8'));
}

export function deletePendingInit(db: Db): void {
  db.prepare('DELETE FROM seal WHERE name = ?').run(PENDING_INIT_NAME);
}

/** The refusal a new init gets while one is pending: it names the pending one and the two ways out. */
export function pendingInitMessage(pending: PendingInit): string {
  return (
    `an initialization with verification is pending (keyring ${pending.keyringId}, ` +
    `${pending.proven.length} of ${pending.record.shares.length} shares proven); ` +
    'prove the remaining shares at sys/init/verify, or abandon it with DELETE sys/init/verify and its nonce'
  );
}
