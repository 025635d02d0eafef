/**
 * The hash-chained audit log (the ceremony transcript). Each entry stores the SHA-256 of the
 * previous entry, so removing, reordering or editing any entry breaks every hash after it; a
 * witness verifies the chain offline. Entries never contain shares, keys or tokens: callers pass
 * share indexes and custodian names, and HMACs of secret values.
 */
import { createHash } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../storage/database.js';
import { inTransaction } from '../storage/database.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditRow {
  readonly seq: number;
  readonly time: string;
  readonly entry: string;
  readonly prev_hash: string;
  readonly hash: string;
}

export type AuditEntry = Record<string, unknown> & { readonly type: string };

export function chainHash(prevHash: string, seq: number, time: string, entry: string): string {
  return createHash('sha256').update(`${prevHash}\n${seq}\n${time}\n${entry}`).digest('hex');
}

export interface ChainVerdict {
  readonly ok: boolean;
  readonly entries: number;
  /** First entry whose link or hash does not match, when not ok. */
  readonly firstBroken: number | null;
  readonly reason: string | null;
  /** Last entry of an intact chain (a witness notes it to detect later truncation). */
  readonly head: { readonly seq: number; readonly hash: string } | null;
}

export class AuditLog {
  /** Request entries waiting for the next group commit. */
  private readonly pending: { entry: AuditEntry; resolve: () => void; reject: (error: unknown) => void }[] = [];
  /** Prepared once: every API request appends an entry. */
  private readonly statements: {
    readonly last: Statement<[], { seq: number; hash: string }>;
    readonly insert: Statement<[number, string, string, string, string]>;
  };

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.statements = {
      last: db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1'),
      insert: db.prepare('INSERT INTO audit_log (seq, time, entry, prev_hash, hash) VALUES (?, ?, ?, ?, ?)'),
    };
  }

  /** Appends one entry; joins the caller's transaction when there is one. */
  append(entry: AuditEntry): { seq: number; hash: string } {
    const last = this.statements.last.get();
    const seq = (last?.seq ?? 0) + 1;
    const prev = last?.hash ?? GENESIS_HASH;
    const time = this.clock().toISOString();
    const text = JSON.stringify(entry);
    const hash = chainHash(prev, seq, time, text);
    this.statements.insert.run(seq, time, text, prev, hash);
    return { seq, hash };
  }

  /**
   * Queues the entry of an API request and resolves once it is committed. Entries queued in one
   * turn of the event loop are committed together (group commit), after the requests' own
   * transactions, with synchronous=NORMAL: in WAL mode an entry survives a crash of the process as
   * soon as its commit returns, and the next durable commit or checkpoint flushes it to the disk;
   * only a power loss can take the newest such entries, and WAL checksums keep the chain a clean
   * prefix. Vault's file audit device makes the same trade. An fsync per entry would cap the whole
   * API, reads included, at about 4,000 requests/s here. The API answers only after the promise
   * resolves, so an answered request is always in the log. Ceremony steps are appended with
   * `append` inside their own durable transaction.
   */
  appendRequest(entry: AuditEntry): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ entry, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => this.flush());
    });
  }

  /** Commits every queued request entry now (also called before the file closes). */
  flush(): void {
    const batch = this.pending.splice(0);
    if (batch.length === 0) return;
    try {
      this.withoutWaitingForDisk(() => inTransaction(this.db, () => batch.forEach((item) => this.append(item.entry))));
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    for (const item of batch) item.resolve();
  }

  private withoutWaitingForDisk(work: () => void): void {
    if (this.db.memory) return work();
    this.db.pragma('synchronous = NORMAL');
    try {
      work();
    } finally {
      this.db.pragma('synchronous = FULL');
    }
  }

  rows(fromSeq = 1, limit = 1000): AuditRow[] {
    return this.db.prepare('SELECT seq, time, entry, prev_hash, hash FROM audit_log WHERE seq >= ? ORDER BY seq LIMIT ?').all(fromSeq, limit) as AuditRow[];
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n;
  }

  verify(): ChainVerdict {
    return verifyChain(this.db.prepare('SELECT seq, time, entry, prev_hash, hash FROM audit_log ORDER BY seq').iterate() as Iterable<AuditRow>);
  }
}

/** Checks links and hashes in order; used on the live file and on exported JSON Lines alike. */
export function verifyChain(rows: Iterable<AuditRow>): ChainVerdict {
  const verifier = new ChainVerifier();
  for (const row of rows) if (!verifier.push(row)) break;
  return verifier.verdict();
}

/**
 * Incremental chain check, for streams (an export read line by line). `push` returns false at the
 * first broken link; the verdict then names that entry. A chain cannot show that entries were cut
 * off its end: compare `head` with a value noted earlier (the CLI and API print it).
 */
export class ChainVerifier {
  private prev = GENESIS_HASH;
  private expectedSeq = 1;
  private count = 0;
  private broken: { seq: number; reason: string } | null = null;

  push(row: AuditRow): boolean {
    if (this.broken) return false;
    this.count += 1;
    if (row.seq !== this.expectedSeq) {
      this.broken = { seq: row.seq, reason: row.seq > this.expectedSeq ? `entry ${this.expectedSeq} is missing` : `entry ${row.seq} is out of order` };
    } else if (row.prev_hash !== this.prev) {
      this.broken = { seq: row.seq, reason: 'link to the previous entry does not match' };
    } else if (chainHash(row.prev_hash, row.seq, row.time, row.entry) !== row.hash) {
      this.broken = { seq: row.seq, reason: 'entry content does not match its hash' };
    }
    if (this.broken) return false;
    this.prev = row.hash;
    this.expectedSeq += 1;
    return true;
  }

  verdict(): ChainVerdict {
    if (this.broken) return { ok: false, entries: this.count, firstBroken: this.broken.seq, reason: this.broken.reason, head: null };
    return { ok: true, entries: this.count, firstBroken: null, reason: null, head: this.count === 0 ? null : { seq: this.expectedSeq - 1, hash: this.prev } };
  }
}
