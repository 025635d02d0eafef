/**
 * The audit anchor: where the live chain starts once its oldest entries were archived. It holds
 * the last archived entry's sequence number and hash; the first live entry links to that hash, so
 * the live log still verifies on its own, and the archive and the live log verify together. It is
 * kept with the seal records (plaintext, not secret, readable while sealed and by offline tools)
 * and written in the same transaction that removes the archived entries.
 */
import type { Db } from '../storage/database.js';

export const AUDIT_ANCHOR_NAME = 'audit-anchor';

export interface AuditAnchor {
  /** Last archived entry. */
  readonly seq: number;
  readonly hash: string;
  readonly archivedAt: string;
  /** SHA-256 of the newest archive file, to find it among files on a stick. */
  readonly fileSha256: string;
}

function hasSealTable(db: Db): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'seal'").get() !== undefined;
}

export function readAuditAnchor(db: Db): AuditAnchor | null {
  if (!hasSealTable(db)) return null;
  const row = db.prepare('SELECT value FROM seal WHERE name = ?').get(AUDIT_ANCHOR_NAME) as { value: Buffer } | undefined;
  if (!row) return null;
  const anchor = JSON.parse(row.value.toString('utf8')) as AuditAnchor;
  if (!Number.isSafeInteger(anchor.seq) || typeof anchor.hash !== 'string') throw new Error('the audit anchor record is damaged');
  return anchor;
}

/** Callers run this inside the transaction that removes the archived entries. */
export function writeAuditAnchor(db: Db, anchor: AuditAnchor): void {
  db.prepare('INSERT INTO seal (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value')
    .run(AUDIT_ANCHOR_NAME, Buffer.from(JSON.stringify(anchor), 'utf8'));
}
