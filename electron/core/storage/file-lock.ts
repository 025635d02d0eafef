/**
 * One process per keyring file. Two processes on one file would each cache the seal record and
 * each rewrite the keyring record: one could drop a term the other added (records encrypted under
 * it become unreadable) and encryption counts would undercount. So the owner holds an exclusive
 * lock on a companion file `<keyring>.lock` for its whole life. The lock is SQLite's own (POSIX
 * advisory locks / Windows LockFile), which the OS releases when the process dies, even by
 * SIGKILL: no stale lock survives a crash. Read-only tools may still open the keyring itself.
 */
import Database from 'better-sqlite3';
import { ensurePrivateFile } from './private-file.js';

export interface KeyringLock {
  release(): void;
}

export class KeyringInUseError extends Error {
  constructor(path: string) {
    super(`keyring file ${path} is in use by another Symbolon process; stop that one first (or talk to its API)`);
    this.name = 'KeyringInUseError';
  }
}

export function lockKeyringFile(path: string): KeyringLock {
  ensurePrivateFile(`${path}.lock`);
  const lock = new Database(`${path}.lock`, { timeout: 0 });
  try {
    // EXCLUSIVE mode keeps the lock taken by the first write until the connection closes.
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL, since TEXT NOT NULL)');
    lock.transaction(() => {
      lock.exec('DELETE FROM holder');
      lock.prepare('INSERT INTO holder (pid, since) VALUES (?, ?)').run(process.pid, new Date().toISOString());
    })();
  } catch (error) {
    lock.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new KeyringInUseError(path);
    throw error;
  }
  return { release: () => lock.close() };
}
