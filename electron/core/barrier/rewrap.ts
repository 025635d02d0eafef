/**
 * Rewrap (Symbolon; Vault has no equivalent): re-encrypts every barrier record still under an
 * older term with the active term, so that an old key can actually be retired. Generic over the
 * records table — tokens, KV, wrapping, everything — except the keyring itself (term 0, under
 * the root key) and the plaintext seal records (another table).
 *
 * The job runs in batches, each one transaction that rewrites its records and the job's cursor
 * together, yielding to the event loop between batches so requests keep being served. A crash or
 * a seal stops it between (or rolls back inside) a batch; the next unseal resumes from the stored
 * cursor. A record's plaintext never changes, so a batch racing ordinary writes loses nothing:
 * batches are synchronous, and a later write simply stores a newer value under the active term.
 *
 * A job retires the terms older than its target, the term active when it started: one pass, so it
 * always ends. Records go to whatever term is active at their batch; if a rotation happens during
 * the job (the job's own encryptions may reach max_operations), records handled before it stay
 * under the target term, and progress shows them as remaining for the next job. Chasing the new
 * term within the same job could never end when the records outnumber max_operations.
 */
import type { Statement } from 'better-sqlite3';
import type { AuditLog } from '../audit/audit-log.js';
import { inTransaction } from '../storage/database.js';
import type { Db } from '../storage/database.js';
import type { Barrier } from './barrier.js';
import type { Rotation } from './rotation.js';

export const REWRAP_STATE_PATH = 'core/rewrap/state';
export const DEFAULT_REWRAP_BATCH = 500;
const COUNT_REUSE_MS = 1000;

export interface RewrapParts {
  readonly db: Db;
  readonly barrier: Barrier;
  readonly audit: AuditLog;
  readonly clock: () => Date;
}

export interface RewrapOptions {
  /** Records per transaction (default 500). */
  readonly batchSize?: number;
}

/** The job as stored (encrypted) at REWRAP_STATE_PATH. */
interface RewrapState {
  readonly version: 1;
  running: boolean;
  startedAt: string;
  finishedAt: string | null;
  /** Records under a term older than this (the active term at the start) are rewrapped. */
  targetTerm: number;
  /** Last path handled; null before the first batch. */
  cursor: string | null;
  /** Records rewrapped by this job. */
  done: number;
  error: string | null;
}

export interface RewrapProgress {
  readonly running: boolean;
  /** done + remaining. */
  readonly total: number;
  /** Records the last (or running) job rewrapped. */
  readonly done: number;
  /** Records under a term older than targetTerm: what the running job, or the next one, has to do. */
  readonly remaining: number;
  /** ISO 8601, as stored; null before the first job. */
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  /** The running job's target; otherwise the active term (a new job's target). */
  readonly targetTerm: number;
  /** Records per term (keyed by the term's decimal number), read from the record headers. */
  readonly terms: Readonly<Record<string, number>>;
  readonly error: string | null;
}

export class Rewrap {
  private readonly batchSize: number;
  /** The running loop, if any: at most one per process. */
  private loop: Promise<void> | null = null;
  /**
   * The last per-term count and when it was taken. Counting reads every record (about 200 ms for
   * 20,000 records of 4 KiB), so it is reused while the file is unchanged, and for up to
   * COUNT_REUSE_MS while a job runs, so that polling does not slow the job down.
   */
  private counted: { changes: number; at: number; terms: Record<string, number> } | null = null;
  /** SQLite's count of rows changed on this connection: an unchanged count lets a term count be reused. */
  private readonly totalChanges: Statement<[], number>;

  constructor(
    private readonly parts: RewrapParts,
    private readonly rotation: Rotation | null,
    options: RewrapOptions = {},
  ) {
    const batch = options.batchSize ?? DEFAULT_REWRAP_BATCH;
    if (!Number.isSafeInteger(batch) || batch < 1 || batch > 100_000) throw new RangeError('batchSize must be an integer in [1, 100000]');
    this.batchSize = batch;
    this.totalChanges = parts.db.prepare<[], number>('SELECT total_changes()').pluck();
  }

  /** Registers with the barrier: after every unseal, a stored running job resumes. */
  resumeOnUnseal(): void {
    this.parts.barrier.addUnsealListener(() => {
      try {
        if (this.readState()?.running) this.kick();
      } catch {
        // A state record that does not open is reported by progress(); unseal must not fail on it.
      }
    });
  }

  /** Starts a job, or returns the running one's progress (a second start is not an error). */
  start(): { progress: RewrapProgress; alreadyRunning: boolean } {
    const { barrier, db, audit, clock } = this.parts;
    const current = this.readState();
    if (current?.running) {
      this.kick();
      return { progress: this.progress(), alreadyRunning: true };
    }
    const targetTerm = barrier.currentKeyring.activeTerm;
    // One pass over the record headers serves both the entry below and the progress answered
    // after it (reused while the job runs): counting reads every record, as long as a batch.
    const remaining = remainingBelow(this.termCounts(false), targetTerm);
    const state: RewrapState = {
      version: 1,
      running: true,
      startedAt: clock().toISOString(),
      finishedAt: null,
      targetTerm,
      cursor: null,
      done: 0,
      error: null,
    };
    inTransaction(db, () => {
      barrier.putJson(REWRAP_STATE_PATH, state);
      audit.append({ type: 'rewrap', step: 'started', target_term: targetTerm, remaining });
    });
    this.kick();
    return { progress: this.progress(), alreadyRunning: false };
  }

  progress(): RewrapProgress {
    const active = this.parts.barrier.currentKeyring.activeTerm;
    const state = this.readState();
    const running = state?.running ?? false;
    const target = running && state ? state.targetTerm : active;
    const terms = this.termCounts(running);
    const remaining = remainingBelow(terms, target);
    const done = state?.done ?? 0;
    return {
      running,
      total: done + remaining,
      done,
      remaining,
      startedAt: state?.startedAt ?? null,
      finishedAt: state?.finishedAt ?? null,
      targetTerm: target,
      terms,
      error: state?.error ?? null,
    };
  }

  /** Resolves when no loop is running in this process (finished, failed, or stopped by a seal). */
  async idle(): Promise<void> {
    while (this.loop) await this.loop;
  }

  private kick(): void {
    if (this.loop) return;
    this.loop = this.run().finally(() => {
      this.loop = null;
    });
  }

  private async run(): Promise<void> {
    for (;;) {
      // Yield first: requests are served between batches, and a seal in between stops the job.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.parts.barrier.sealed) return;
      let more: boolean;
      try {
        // A rotation that came due (perhaps from this job's own encryptions) happens between batches.
        this.rotation?.check();
        more = this.batch();
      } catch (error) {
        this.fail(error);
        return;
      }
      if (!more) return;
    }
  }

  /** One batch in one transaction. Returns false when the job has finished (or is not running). */
  private batch(): boolean {
    const { db, barrier, audit, clock } = this.parts;
    return inTransaction(db, () => {
      const state = this.readState();
      if (!state?.running) return false;
      // The state record is rewritten below anyway, under the active term.
      const rows = barrier.recordsBelowTerm(state.targetTerm, state.cursor ?? '', this.batchSize, REWRAP_STATE_PATH);
      for (const row of rows) barrier.reencrypt(row);
      state.done += rows.length;
      const lastPath = rows.at(-1)?.path;
      if (rows.length === this.batchSize && lastPath !== undefined) {
        state.cursor = lastPath;
      } else {
        state.running = false;
        state.cursor = null;
        state.finishedAt = clock().toISOString();
        audit.append({ type: 'rewrap', step: 'finished', target_term: state.targetTerm, active_term: barrier.currentKeyring.activeTerm, rewrapped: state.done });
      }
      barrier.putJson(REWRAP_STATE_PATH, state);
      return state.running;
    });
  }

  /** A record that does not open stops the job and is named; it is never skipped silently. */
  private fail(error: unknown): void {
    const message = error instanceof Error ? error.message : 'unknown error';
    try {
      if (this.parts.barrier.sealed) return;
      const state = this.readState();
      if (!state) return;
      state.running = false;
      state.error = message;
      inTransaction(this.parts.db, () => {
        this.parts.barrier.putJson(REWRAP_STATE_PATH, state);
        this.parts.audit.append({ type: 'rewrap', step: 'failed', error: message, rewrapped: state.done });
      });
    } catch {
      // The stored state still says running: the next unseal retries.
    }
  }

  private readState(): RewrapState | null {
    return this.parts.barrier.getJson<RewrapState>(REWRAP_STATE_PATH);
  }

  /**
   * Records per term (the barrier reads the 4-byte headers; the keyring record is not counted),
   * reused while the file is unchanged, or for COUNT_REUSE_MS while a job runs.
   */
  private termCounts(running: boolean): Record<string, number> {
    const changes = this.totalChanges.get() ?? -1;
    const last = this.counted;
    if (last && (last.changes === changes || (running && Date.now() - last.at < COUNT_REUSE_MS))) return { ...last.terms };
    const terms: Record<string, number> = {};
    for (const [term, count] of this.parts.barrier.termCounts()) terms[String(term)] = count;
    this.counted = { changes, at: Date.now(), terms: { ...terms } };
    return terms;
  }
}

/** Records under a term older than `target`. */
function remainingBelow(terms: Readonly<Record<string, number>>, target: number): number {
  let remaining = 0;
  for (const [term, count] of Object.entries(terms)) if (Number(term) < target) remaining += count;
  return remaining;
}
