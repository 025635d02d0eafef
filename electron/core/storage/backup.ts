/**
 * A backup of the keyring file: a consistent copy of its pages read by SQLite itself, never a
 * raw file copy (copying a live WAL database by hand can tear it: the main file and its -wal are
 * read at different instants). The copy is written beside its destination under a temporary name
 * created 0600, switched to a self-contained rollback journal (no -wal/-shm to carry along),
 * checked with `PRAGMA integrity_check`, flushed to the disk, and only then renamed into place:
 * a crash at any instant leaves either no backup or a whole one, and never touches the keyring.
 *
 * The backup is exactly as encrypted as the keyring (barrier records and the root key under the
 * unseal key); the shares of the generation it was taken at are what protect it.
 */
import { createHash, randomUUID } from 'node:crypto';
import { chmodSync, closeSync, createReadStream, existsSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from './database.js';
import { PRIVATE_FILE_MODE } from './private-file.js';

export const FILE_MODE = PRIVATE_FILE_MODE;

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

export interface BackupFile {
  readonly path: string;
  readonly size: number;
  /** SHA-256 of the whole file, hex: what an operator compares on the second stick. */
  readonly sha256: string;
}

/** Hex SHA-256 and size of a file, streamed (backups can be large). */
export async function fileDigest(path: string): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    hash.update(bytes);
  }
  return { size, sha256: hash.digest('hex') };
}

/** Flushes a directory entry (a rename is durable only once its folder is). */
export function fsyncDirectory(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems (FAT on a USB stick, Windows) cannot open or sync a folder; the file
    // itself is synced, and the rename is as durable as that file system makes it.
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

export function fsyncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** An empty file only this user can read, failing if the name is taken. */
export function createPrivateFile(path: string): void {
  closeSync(openSync(path, 'wx', FILE_MODE));
  // The umask can only remove bits; an existing ACL or odd umask cannot add any: set it exactly.
  chmodSync(path, FILE_MODE);
}

/** The temporary name a file is written under before it is renamed into place. */
export function partialName(path: string): string {
  return join(dirname(path), `.${basename(path)}.partial-${randomUUID().slice(0, 8)}`);
}

/** Turns a copied database into one self-contained, checked file. Throws if it is damaged. */
export function settleCopy(path: string): void {
  const copy = new Database(path);
  try {
    // A copy of a WAL database is a WAL database; a backup must be one file on its own.
    copy.pragma('journal_mode = DELETE');
    const verdict = copy.pragma('integrity_check', { simple: true }) as string;
    if (verdict !== 'ok') throw new BackupError(`the copy failed its integrity check: ${verdict}`);
  } finally {
    copy.close();
  }
}

/** Bytes 18 and 19 of a SQLite header: 2 means WAL, 1 a rollback journal. */
const HEADER_WRITE_VERSION = 18;
const HEADER_READ_VERSION = 19;

/**
 * Writes a consistent copy of `db` to `out` (which must not exist) and resolves with its size and
 * SHA-256. The pages are read by SQLite in one read transaction (`sqlite3_serialize`, the same
 * pages its backup API copies), so the copy is the state of one instant even while the keyring is
 * being written. It runs in one turn of the event loop: no request interleaves with it, and a
 * caller that went away cannot leave it half done (about a second per 150 MiB here).
 */
export function writeBackup(db: Db, out: string): BackupFile {
  if (typeof out !== 'string' || out.length === 0) throw new TypeError('backup path must be a non-empty string');
  if (existsSync(out)) throw new BackupError(`${out} already exists; a backup never overwrites a file (it may be the only good copy)`);
  const image = db.serialize();
  // The copy is one self-contained file: a rollback-journal database has no -wal to carry along.
  if (image[HEADER_WRITE_VERSION] === 2) image[HEADER_WRITE_VERSION] = 1;
  if (image[HEADER_READ_VERSION] === 2) image[HEADER_READ_VERSION] = 1;
  const temporary = partialName(out);
  createPrivateFile(temporary);
  let written: Buffer;
  try {
    writeFileSync(temporary, image);
    settleCopy(temporary);
    chmodSync(temporary, FILE_MODE);
    fsyncFile(temporary);
    written = readFileSync(temporary);
    if (existsSync(out)) throw new BackupError(`${out} appeared while the backup was written; it was left alone`);
    renameSync(temporary, out);
  } catch (error) {
    removeQuietly(temporary);
    removeQuietly(`${temporary}-journal`);
    throw error;
  }
  fsyncDirectory(dirname(out));
  return { path: out, size: written.length, sha256: createHash('sha256').update(written).digest('hex') };
}

export function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}
