/**
 * The thread behind background-checkpoints.ts: its own connection to the keyring file, copying
 * the write-ahead log back into the database every few hundred milliseconds (a PASSIVE
 * checkpoint: it never waits for, nor blocks, the main connection's writes). synchronous=FULL,
 * so the log is synced before and the database file after each copy, as SQLite's own
 * checkpoints on the main connection did. It reads and writes pages only, never a value: the
 * records are encrypted and this thread holds no key.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

export interface CheckpointWorkerData {
  readonly path: string;
  readonly intervalMs: number;
  /** One Int32: set to 1 once this thread's connection is closed (the main thread waits on it). */
  readonly closed: SharedArrayBuffer;
}

const data = workerData as CheckpointWorkerData;
const closed = new Int32Array(data.closed);
const db = new Database(data.path, { fileMustExist: true });
db.pragma('synchronous = FULL');

const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or the file going away: the next tick, or the main connection's own fallback
    // checkpoint, copies what is left; nothing is lost, the log is already durable.
  }
}, data.intervalMs);

parentPort?.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  try {
    db.close();
  } finally {
    Atomics.store(closed, 0, 1);
    Atomics.notify(closed, 0);
    parentPort?.close();
  }
});
