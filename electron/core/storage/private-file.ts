/**
 * Owner-only files (DESIGN.md, "Files"). The keyring holds no plaintext secret, but a copy of it
 * plus one share too few is still a head start, and its audit log names custodians: nobody else
 * on the machine needs to read it. Modes are set explicitly, so the umask does not matter, and an
 * existing file that others can read is tightened when it is opened.
 */
import { chmodSync, closeSync, fchmodSync, fstatSync, openSync, statSync } from 'node:fs';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;
const GROUP_AND_OTHER = 0o077;

export class FileNotPrivateError extends Error {
  constructor(path: string, cause: unknown) {
    const code = (cause as { code?: string }).code ?? 'error';
    super(`${path} can be read by other users and could not be made private (${code}); run \`chmod 600 ${path}\` as its owner, or move it`, { cause });
    this.name = 'FileNotPrivateError';
  }
}

/** Creates `path` with mode 0600 if it is missing (never truncates), and tightens it if it is wider. */
export function ensurePrivateFile(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'a', PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') throw new Error(`cannot create ${path}: the directory does not exist`, { cause: error });
    throw error;
  }
  try {
    if ((fstatSync(fd).mode & GROUP_AND_OTHER) === 0) return;
    try {
      fchmodSync(fd, PRIVATE_FILE_MODE);
    } catch (error) {
      throw new FileNotPrivateError(path, error);
    }
  } finally {
    closeSync(fd);
  }
}

/** Tightens `path` if it exists (a `-wal` or `-shm` left by an earlier, looser release). */
export function tightenIfPresent(path: string, mode = PRIVATE_FILE_MODE): void {
  let current: number;
  try {
    current = statSync(path).mode;
  } catch {
    return;
  }
  if ((current & GROUP_AND_OTHER) === 0) return;
  try {
    chmodSync(path, mode);
  } catch (error) {
    throw new FileNotPrivateError(path, error);
  }
}
