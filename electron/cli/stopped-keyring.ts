/**
 * Offline commands that change a keyring file (backup bookkeeping, audit archive, drill audit)
 * run only while no Symbolon process serves it: they take the same lock `serve` holds, so they
 * can never race a running keyring. A running keyring does the same work through its API.
 */
import { existsSync } from 'node:fs';
import { AuditLog } from '../core/audit/audit-log.js';
import { openDatabase } from '../core/storage/database.js';
import type { Db } from '../core/storage/database.js';
import { KeyringInUseError, lockKeyringFile } from '../core/storage/file-lock.js';

export async function withStoppedKeyring<T>(path: string, apiHint: string, work: (db: Db, audit: AuditLog) => Promise<T> | T): Promise<T> {
  if (!existsSync(path)) throw new Error(`no keyring file at ${path}`);
  let lock;
  try {
    lock = lockKeyringFile(path);
  } catch (error) {
    if (error instanceof KeyringInUseError) throw new Error(`${error.message}; while it runs, use ${apiHint}`, { cause: error });
    throw error;
  }
  try {
    const db = openDatabase(path);
    try {
      const audit = new AuditLog(db);
      const result = await work(db, audit);
      audit.flush();
      return result;
    } finally {
      db.close();
    }
  } finally {
    lock.release();
  }
}
