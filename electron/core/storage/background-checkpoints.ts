/**
 * WAL checkpoints off the event loop (issue 17). SQLite copies the write-ahead log back into the
 * database once it holds 1,000 pages, inside whichever commit crossed that mark, with an fsync
 * of the log and one of the database: under API load that stalled the event loop every few
 * hundred milliseconds, for every request in flight (the audit group commit writes several
 * pages per batch). Here a worker thread with its own connection (checkpoint-worker.ts) does the
 * copying a few times a second instead, and the main connection's own checkpoint stays only as
 * a fallback, at four times the usual size, for when the worker falls behind or is gone.
 * Durability does not change: a commit is in the log, synced as before, whoever copies it later.
 */
import { Worker } from 'node:worker_threads';
import type { Db } from './database.js';
import type { CheckpointWorkerData } from './checkpoint-worker.js';

const INTERVAL_MS = 250;
/**
 * The worker starts only once this connection has changed this many rows (each API request
 * appends an audit entry): a keyring served for a ceremony's few dozen requests never needs it,
 * and neither does the start of a process, which a second thread loading SQLite would slow
 * (issue 17: `npm run serve` < 1 s). Looked at once a second; a log cannot outgrow the fallback
 * in between.
 */
const START_AFTER_CHANGES = 200;
const WATCH_EVERY_MS = 1000;
/** The main connection's fallback: 4,000 pages of 4 KiB (SQLite's default is 1,000). */
const FALLBACK_PAGES = 4000;
const DEFAULT_PAGES = 1000;
/** How long closing waits for the worker to close its connection (normally milliseconds). */
const STOP_WAIT_MS = 2000;

export interface BackgroundCheckpoints {
  /** Stops the worker and waits for its connection to close, so the main one closes last. */
  stop(): void;
}

export function startBackgroundCheckpoints(db: Db, path: string): BackgroundCheckpoints {
  const closed = new SharedArrayBuffer(4);
  const totalChanges = db.prepare<[], number>('SELECT total_changes()').pluck();
  const changesAtOpen = totalChanges.get() ?? 0;
  let worker: Worker | null = null;
  let stopped = false;
  const fallBack = () => {
    worker = null;
    // Without the worker, the main connection checkpoints at the usual size again.
    if (db.open) db.pragma(`wal_autocheckpoint = ${DEFAULT_PAGES}`);
  };
  const start = () => {
    const data: CheckpointWorkerData = { path, intervalMs: INTERVAL_MS, closed };
    const started = new Worker(new URL('./checkpoint-worker.js', import.meta.url), { workerData: data });
    // Never what keeps a process alive.
    started.unref();
    started.on('error', fallBack);
    started.on('exit', fallBack);
    worker = started;
    db.pragma(`wal_autocheckpoint = ${FALLBACK_PAGES}`);
  };
  const watch = setInterval(() => {
    if (stopped || !db.open) {
      clearInterval(watch);
      return;
    }
    if ((totalChanges.get() ?? 0) - changesAtOpen < START_AFTER_CHANGES) return;
    clearInterval(watch);
    start();
  }, WATCH_EVERY_MS);
  watch.unref();
  return {
    stop() {
      stopped = true;
      clearInterval(watch);
      if (!worker) return;
      worker.postMessage('stop');
      worker = null;
      // The worker runs on its own thread: this wait does not stop it from closing.
      Atomics.wait(new Int32Array(closed), 0, 0, STOP_WAIT_MS);
    },
  };
}
