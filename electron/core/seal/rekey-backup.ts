/**
 * The rekey backup (API.md, "sys/rekey/backup"; Vault's RekeyBackup): with `backup:true` the new
 * shares, already PGP-encrypted to their custodians, are kept so a lost share file can be handed
 * out again. Unlike Vault, which writes the backup before verification and outside the barrier,
 * it is written inside the barrier by the commit transaction itself: a backup always belongs to
 * the share set that is actually in force, and an abandoned rekey leaves none behind.
 */
import type { Barrier } from '../barrier/barrier.js';
import type { IssuedShare } from './share-set.js';

export const REKEY_BACKUP_PATH = 'core/rekey/backup';

export interface RekeyBackup {
  /** Nonce of the rekey that made the shares, as Vault reports it. */
  readonly nonce: string;
  readonly generation: number;
  /** PGP fingerprint → hex of each PGP message encrypted to that key (Vault's `keys`). */
  readonly keys: Record<string, string[]>;
  readonly keys_base64: Record<string, string[]>;
}

/** Groups the encrypted shares by fingerprint; a key given for two shares lists both, in order. */
export function backupOf(nonce: string, generation: number, issued: readonly IssuedShare[]): RekeyBackup {
  const keys: Record<string, string[]> = {};
  const keysBase64: Record<string, string[]> = {};
  for (const share of issued) {
    if (share.fingerprint === null) throw new RangeError('only PGP-encrypted shares are backed up');
    (keys[share.fingerprint] ??= []).push(share.keyHex);
    (keysBase64[share.fingerprint] ??= []).push(share.keyBase64);
  }
  return { nonce, generation, keys, keys_base64: keysBase64 };
}

export function readRekeyBackup(barrier: Barrier): RekeyBackup | null {
  return barrier.getJson<RekeyBackup>(REKEY_BACKUP_PATH);
}

/** Writes the backup; the caller owns the transaction (the rekey commit). */
export function writeRekeyBackup(barrier: Barrier, backup: RekeyBackup): void {
  barrier.putJson(REKEY_BACKUP_PATH, backup);
}

export function deleteRekeyBackup(barrier: Barrier): boolean {
  return barrier.delete(REKEY_BACKUP_PATH);
}
