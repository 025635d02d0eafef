/**
 * Watches a keyring file that a running `serve` writes, read-only from the test process (WAL lets
 * a reader see every committed transaction): a digest of every durable table except the audit
 * log (seal records, barrier records, schema, any table added later), and the audit log's new
 * rows fed to an incremental chain check. A rejected request must leave the digest unchanged and
 * may add at most its own audit entry.
 */
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { ChainVerifier } from '../../../electron/core/audit/audit-log.js';
import type { AuditRow } from '../../../electron/core/audit/audit-log.js';

export class KeyringObserver {
  private readonly db: Database.Database;
  private readonly chain = new ChainVerifier();
  private lastSeq = 0;

  constructor(path: string) {
    this.db = new Database(path, { readonly: true, fileMustExist: true });
  }

  /** SHA-256 over every row of every table but audit_log, in a stable order. */
  durableDigest(): string {
    const hash = createHash('sha256');
    const tables = this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'audit_log' ORDER BY name").all() as { name: string }[];
    this.db.transaction(() => {
      for (const { name } of tables) {
        hash.update(`\n#${name}\n`);
        for (const row of this.db.prepare(`SELECT * FROM "${name.replaceAll('"', '""')}" ORDER BY 1`).raw().iterate() as Iterable<unknown[]>) {
          for (const cell of row) hash.update(Buffer.isBuffer(cell) ? cell : Buffer.from(`${typeof cell}:${String(cell)}`)).update('\u0000');
          hash.update('\n');
        }
      }
    })();
    return hash.digest('hex');
  }

  /** Checks the audit rows appended since the last call; returns how many there were. */
  newAuditRows(): { added: number; ok: boolean; reason: string | null } {
    const rows = this.db.prepare('SELECT seq, time, entry, prev_hash, hash FROM audit_log WHERE seq > ? ORDER BY seq').all(this.lastSeq) as AuditRow[];
    for (const row of rows) {
      if (!this.chain.push(row)) break;
      this.lastSeq = row.seq;
    }
    const verdict = this.chain.verdict();
    return { added: rows.length, ok: verdict.ok, reason: verdict.reason };
  }

  close(): void {
    this.db.close();
  }
}
