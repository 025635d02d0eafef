/**
 * The record of the last backup, kept with the seal records (plaintext, not secret) so that
 * `sys/seal-status` can say, even while sealed, when it was taken and whether a rekey has made
 * it need older shares. Each backup and each drill is also an audit entry.
 */
import type { AuditLog } from '../audit/audit-log.js';
import { putSealValue, readSealValue } from '../seal/seal-config.js';
import type { BackupFile } from './backup.js';
import type { KeyringFacts } from './backup-inspect.js';
import type { Db } from './database.js';
import { inTransaction } from './database.js';

export const LAST_BACKUP_NAME = 'last-backup';

export interface BackupRecord {
  readonly time: string;
  /** The share generation whose shares open the backup. */
  readonly generation: number;
  readonly term: number;
  readonly size: number;
  readonly sha256: string;
}

export function readLastBackup(db: Db): BackupRecord | null {
  const value = readSealValue(db, LAST_BACKUP_NAME);
  return value ? (JSON.parse(value.toString('utf8')) as BackupRecord) : null;
}

/** Notes a backup and audits it, in one transaction. `term` 0 means unknown (taken while sealed). */
export function recordBackup(
  db: Db,
  audit: AuditLog,
  backup: { file: BackupFile; who: string; via: 'api' | 'cli'; generation: number; term: number; time: Date },
): BackupRecord {
  const record: BackupRecord = { time: backup.time.toISOString(), generation: backup.generation, term: backup.term, size: backup.file.size, sha256: backup.file.sha256 };
  inTransaction(db, () => {
    putSealValue(db, LAST_BACKUP_NAME, Buffer.from(JSON.stringify(record), 'utf8'));
    audit.append({ type: 'storage', action: 'backup', who: backup.who, via: backup.via, generation: record.generation, term: record.term, size: record.size, sha256: record.sha256 });
  });
  return record;
}

/** Audits a restore drill: which backup (by keyring, generation and audit head), by whom, and its outcome. */
export function recordDrill(db: Db, audit: AuditLog, drill: { who: string; facts: KeyringFacts; outcome: 'opened' | 'refused'; shares: readonly number[]; sha256?: string }): void {
  inTransaction(db, () => {
    audit.append({
      type: 'storage',
      action: 'restore-drill',
      who: drill.who,
      outcome: drill.outcome,
      keyring_id: drill.facts.keyringId,
      generation: drill.facts.generation,
      audit_head: drill.facts.audit.head?.seq ?? null,
      share_indexes: [...drill.shares],
      ...(drill.sha256 ? { sha256: drill.sha256 } : {}),
    });
  });
}
