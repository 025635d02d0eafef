/**
 * The one SQLite file that holds a keyring. WAL journal and synchronous=FULL: a committed
 * transaction survives a crash or power loss, and an interrupted one leaves no trace.
 */
import Database from 'better-sqlite3';
import { migrate } from './migrations.js';
import { ensurePrivateFile, tightenIfPresent } from './private-file.js';

export type Db = Database.Database;

export function openDatabase(path: string): Db {
  if (typeof path !== 'string' || path.length === 0) throw new TypeError('database path must be a non-empty string');
  // SQLite gives the -wal and -shm files it creates the main file's mode, so 0600 spreads.
  if (path !== ':memory:') ensurePrivateFile(path);
  const db = new Database(path);
  // An in-memory database has no journal file; WAL applies to files only.
  if (path !== ':memory:') {
    db.pragma('journal_mode = WAL');
    for (const suffix of ['-wal', '-shm', '-journal']) tightenIfPresent(path + suffix);
  }
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // Another process holding the file (a second `serve`) must not corrupt it: wait, then fail.
  db.pragma('busy_timeout = 2000');
  migrate(db);
  return db;
}

/** Runs `work` in one transaction: all of it is committed, or none of it. */
export function inTransaction<T>(db: Db, work: () => T): T {
  return db.transaction(work).immediate();
}
