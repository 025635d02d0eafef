/**
 * The hash-chained audit log (the ceremony transcript). Each entry stores the SHA-256 of the
 * previous entry, so removing, reordering or editing any entry breaks every hash after it; a
 * witness verifies the chain offline. Entries never contain shares, keys or tokens: callers pass
 * share indexes and custodian names, and HMACs of secret values.
 */
import { hash as digest } from 'node:crypto';
import type { Statement, Transaction } from 'better-sqlite3';
import type { Db } from '../storage/database.js';
import { readAuditAnchor } from './audit-anchor.js';

export const GENESIS_HASH = '0'.repeat(64);
/** Rows per INSERT in a group commit: 10 keep-alive clients give batches of about 8 (issue 17). */
const MAX_ROWS_PER_INSERT = 16;

export interface AuditRow {
  readonly seq: number;
  readonly time: string;
  readonly entry: string;
  readonly prev_hash: string;
  readonly hash: string;
}

export type AuditEntry = Record<string, unknown> & { readonly type: string };

export function chainHash(prevHash: string, seq: number, time: string, entry: string): string {
  // One-shot: no Hash object per entry (every API request appends one).
  return digest('sha256', `${prevHash}\n${seq}\n${time}\n${entry}`, 'hex');
}

/** The entry a chain continues from: the last one archived (seq 0 and the genesis hash otherwise). */
export interface ChainStart {
  readonly seq: number;
  readonly hash: string;
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

/** Chain head: the last entry's sequence number and hash. */
interface Head {
  readonly seq: number;
  readonly hash: string;
}

export class AuditLog {
  /** Request entries waiting for the next group commit. */
  private readonly pending: { entry: AuditEntry; resolve: () => void; reject: (error: unknown) => void }[] = [];
  /**
   * The chain head as this connection last committed it, with SQLite's `data_version` at that
   * moment. Inside the next group commit's transaction an unchanged data_version proves that no
   * other connection wrote since, so the head need not be read back. Null (read it from the
   * table) after an append inside a caller's transaction, which may still roll back.
   */
  private head: (Head & { readonly dataVersion: number }) | null = null;
  /** Prepared once: every API request appends an entry. */
  private readonly statements: {
    readonly last: Statement<[], Head>;
    readonly insert: Statement<[number, string, string, string, string]>;
    readonly dataVersion: Statement<[], number>;
    readonly syncNormal: Statement<[]>;
    readonly syncFull: Statement<[]>;
  };
  /** Multi-row INSERTs by row count (group commits of 1 to MAX_ROWS_PER_INSERT entries). */
  private readonly multiInserts = new Map<number, Statement<[(number | string)[]]>>();
  /** The group commit's transaction, built once (better-sqlite3 wraps BEGIN/COMMIT/ROLLBACK around it). */
  private readonly commitBatch: Transaction<(batch: readonly { entry: AuditEntry }[]) => Head & { readonly dataVersion: number }>;

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.statements = {
      last: db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1'),
      insert: db.prepare('INSERT INTO audit_log (seq, time, entry, prev_hash, hash) VALUES (?, ?, ?, ?, ?)'),
      dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
      syncNormal: db.prepare('PRAGMA synchronous = NORMAL'),
      syncFull: db.prepare('PRAGMA synchronous = FULL'),
    };
    this.commitBatch = db.transaction((batch: readonly { entry: AuditEntry }[]) => {
      // Read under the write lock: no other connection can commit between here and our COMMIT,
      // and our own commits leave data_version unchanged, so it stays valid for the head we return.
      const dataVersion = this.statements.dataVersion.get() ?? -1;
      const remembered = this.head;
      const head = this.insertChained(remembered && remembered.dataVersion === dataVersion ? remembered : (this.statements.last.get() ?? null), batch);
      return { seq: head?.seq ?? 0, hash: head?.hash ?? GENESIS_HASH, dataVersion };
    });
  }

  /** Appends one entry; joins the caller's transaction when there is one. */
  append(entry: AuditEntry): { seq: number; hash: string } {
    const head = this.appendAfter(this.statements.last.get() ?? null, entry);
    // The caller's transaction may still roll back: the next group commit reads the head again.
    this.head = null;
    return head;
  }

  /**
   * Clears the remembered chain head; whatever else writes audit_log on this connection (an
   * archive that prunes or rewrites entries) calls this inside its transaction.
   */
  forgetHead(): void {
    this.head = null;
  }

  /**
   * Chains a group commit's entries after `last` and inserts them with multi-row INSERTs of up to
   * MAX_ROWS_PER_INSERT rows (one statement step instead of one per entry). They share one time:
   * the moment the batch is committed.
   */
  private insertChained(last: Head | null, batch: readonly { entry: AuditEntry }[]): Head | null {
    const time = this.clock().toISOString();
    let head = last;
    for (let start = 0; start < batch.length; start += MAX_ROWS_PER_INSERT) {
      const end = Math.min(batch.length, start + MAX_ROWS_PER_INSERT);
      const values: (number | string)[] = [];
      for (let i = start; i < end; i += 1) {
        const seq = (head?.seq ?? 0) + 1;
        const prev = head?.hash ?? GENESIS_HASH;
        const text = JSON.stringify(batch[i]?.entry);
        const hash = chainHash(prev, seq, time, text);
        values.push(seq, time, text, prev, hash);
        head = { seq, hash };
      }
      this.insertOf(end - start).run(values);
    }
    return head;
  }

  /** The prepared INSERT of `rows` rows, made the first time a batch needs that many. */
  private insertOf(rows: number): Statement<[(number | string)[]]> {
    let statement = this.multiInserts.get(rows);
    if (!statement) {
      statement = this.db.prepare<[(number | string)[]]>(`INSERT INTO audit_log (seq, time, entry, prev_hash, hash) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, ?, ?)').join(', ')}`);
      this.multiInserts.set(rows, statement);
    }
    return statement;
  }

  private appendAfter(last: Head | null, entry: AuditEntry): Head {
    const seq = (last?.seq ?? 0) + 1;
    const prev = last?.hash ?? GENESIS_HASH;
    const time = this.clock().toISOString();
    const text = JSON.stringify(entry);
    const hash = chainHash(prev, seq, time, text);
    this.statements.insert.run(seq, time, text, prev, hash);
    return { seq, hash };
  }

  /**
   * Queues the entry of an API request and resolves once it is committed. Entries queued
   * together are committed together (group commit), after the requests' own transactions, with
   * synchronous=NORMAL: in WAL mode an entry survives a crash of the process as soon as its
   * commit returns, and the next durable commit or checkpoint flushes it to the disk; only a
   * power loss can take the newest such entries, and WAL checksums keep the chain a clean
   * prefix. Vault's file audit device makes the same trade. An fsync per entry would cap the whole
   * API, reads included, at about 4,000 requests/s here. The API answers only after the promise
   * resolves, so an answered request is always in the log. Ceremony steps are appended with
   * `append` inside their own durable transaction.
   *
   * The commit runs in the check phase (setImmediate) of the turn that queued the first entry:
   * right after the poll phase in which every request that arrived together ran to its entry,
   * so one commit serves them all. Committing the moment the requests in flight had all queued
   * was measured (issue 17): one commit per request, +40% server CPU per request and fewer
   * requests/s with 10 keep-alive connections, so it was not kept.
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
      this.head = this.withoutWaitingForDisk(() => this.commitBatch.immediate(batch));
    } catch (error) {
      this.head = null;
      for (const item of batch) item.reject(error);
      return;
    }
    for (const item of batch) item.resolve();
  }

  private withoutWaitingForDisk<T>(work: () => T): T {
    if (this.db.memory) return work();
    this.statements.syncNormal.run();
    try {
      return work();
    } finally {
      this.statements.syncFull.run();
    }
  }

  rows(fromSeq = 1, limit = 1000): AuditRow[] {
    return this.db.prepare('SELECT seq, time, entry, prev_hash, hash FROM audit_log WHERE seq >= ? ORDER BY seq LIMIT ?').all(fromSeq, limit) as AuditRow[];
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n;
  }

  verify(): ChainVerdict {
    return verifyChain(this.db.prepare('SELECT seq, time, entry, prev_hash, hash FROM audit_log ORDER BY seq').iterate() as Iterable<AuditRow>, readAuditAnchor(this.db));
  }
}

/**
 * Checks links and hashes in order; used on the live file and on exported JSON Lines alike.
 * `start` is where the chain begins when older entries were archived (audit-anchor.ts).
 */
export function verifyChain(rows: Iterable<AuditRow>, start: ChainStart | null = null): ChainVerdict {
  const verifier = new ChainVerifier(start);
  for (const row of rows) if (!verifier.push(row)) break;
  return verifier.verdict();
}

/**
 * Incremental chain check, for streams (an export read line by line). `push` returns false at the
 * first broken link; the verdict then names that entry. A chain cannot show that entries were cut
 * off its end: compare `head` with a value noted earlier (the CLI and API print it).
 */
export class ChainVerifier {
  private prev: string;
  private expectedSeq: number;
  private count = 0;
  private broken: { seq: number; reason: string } | null = null;

  /** Starts at the genesis, or right after an archived range's last entry. */
  constructor(start: ChainStart | null = null) {
    this.prev = start?.hash ?? GENESIS_HASH;
    this.expectedSeq = (start?.seq ?? 0) + 1;
  }

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

  /** Where the next entry must link to (the anchor itself while nothing was pushed). */
  get last(): ChainStart {
    return { seq: this.expectedSeq - 1, hash: this.prev };
  }
}
