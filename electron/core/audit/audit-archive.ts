/**
 * Archiving the oldest audit entries, so a keyring polled by a script does not grow forever.
 * Order is what makes it safe: the entries are written to a JSON Lines file (0600, under a
 * temporary name, flushed, renamed into place), the file is read back and verified against the
 * live rows, and only then are the entries removed, in one transaction that also writes the
 * anchor (audit-anchor.ts) and an audit entry naming the archive. A crash before that commit
 * leaves every entry in the keyring (and maybe a spare file); a crash after it leaves them in a
 * verified, flushed file. The newest entry always stays live, so the chain's head never moves.
 */
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, existsSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { createPrivateFile, fileDigest, fsyncDirectory, partialName, removeQuietly } from '../storage/backup.js';
import type { Db } from '../storage/database.js';
import { inTransaction } from '../storage/database.js';
import { readAuditAnchor, writeAuditAnchor } from './audit-anchor.js';
import type { AuditAnchor } from './audit-anchor.js';
import { AuditFileError, exportLine, parseExportLine } from './audit-file.js';
import type { AuditLog, AuditRow, ChainStart, ChainVerdict } from './audit-log.js';
import { ChainVerifier, GENESIS_HASH } from './audit-log.js';

export class AuditArchiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditArchiveError';
  }
}

/** Which entries to archive: those before a sequence number, or written before an instant. */
export type ArchiveCut = { readonly before: number } | { readonly olderThan: Date };

export interface ArchiveResult {
  readonly path: string;
  readonly first: number;
  readonly last: number;
  readonly entries: number;
  readonly sha256: string;
  /** Where the live chain now starts. */
  readonly anchor: ChainStart;
}

/** Lines are written in blocks: one write per entry would dominate a 100,000-entry archive. */
const WRITE_BLOCK_BYTES = 1 << 20;

/** The last sequence number the cut takes, keeping at least the newest entry live. */
export function lastArchivedSeq(db: Db, cut: ArchiveCut): { first: number; last: number } {
  const anchor = readAuditAnchor(db);
  const bounds = db.prepare('SELECT MIN(seq) AS first, MAX(seq) AS head FROM audit_log').get() as { first: number | null; head: number | null };
  if (bounds.head === null || bounds.first === null) throw new AuditArchiveError('the audit log is empty: nothing to archive');
  let last: number;
  if ('before' in cut) {
    if (!Number.isSafeInteger(cut.before) || cut.before < 1) throw new RangeError('before must be a positive sequence number');
    last = cut.before - 1;
  } else {
    if (!(cut.olderThan instanceof Date) || Number.isNaN(cut.olderThan.getTime())) throw new RangeError('olderThan must be a valid date');
    const row = db.prepare('SELECT MAX(seq) AS seq FROM audit_log WHERE time < ?').get(cut.olderThan.toISOString()) as { seq: number | null };
    last = row.seq ?? 0;
  }
  last = Math.min(last, bounds.head - 1);
  const first = (anchor?.seq ?? 0) + 1;
  if (last < first) throw new AuditArchiveError(`nothing to archive: the live log starts at entry ${first} and the newest entry (${bounds.head}) always stays`);
  return { first, last };
}

/** Writes entries first..last to `out` (0600, flushed); returns the file's SHA-256. */
function writeArchiveFile(db: Db, out: string, first: number, last: number): string {
  const temporary = partialName(out);
  createPrivateFile(temporary);
  const hash = createHash('sha256');
  try {
    const fd = openSync(temporary, 'r+');
    try {
      let block = '';
      const rows = db.prepare('SELECT seq, time, entry, prev_hash, hash FROM audit_log WHERE seq >= ? AND seq <= ? ORDER BY seq').iterate(first, last) as Iterable<AuditRow>;
      for (const row of rows) {
        block += exportLine(row) + '\n';
        if (block.length >= WRITE_BLOCK_BYTES) {
          hash.update(block);
          writeSync(fd, block);
          block = '';
        }
      }
      hash.update(block);
      writeSync(fd, block);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (existsSync(out)) throw new AuditArchiveError(`${out} appeared while the archive was written; it was left alone`);
    renameSync(temporary, out);
  } catch (error) {
    removeQuietly(temporary);
    throw error;
  }
  fsyncDirectory(dirname(out));
  return hash.digest('hex');
}

export interface ArchiveFileVerdict extends ChainVerdict {
  /** Where the file's chain starts (its first entry's link), or null when it holds none. */
  readonly start: ChainStart | null;
  readonly sha256: string;
}

/**
 * Verifies an archive (or any JSON Lines export) on its own: every link and hash inside it. Its
 * first entry's link is taken as given unless `start` says where the chain must continue from;
 * a file that begins at entry 1 must link to the genesis.
 */
export async function verifyArchiveFile(path: string, start: ChainStart | null = null): Promise<ArchiveFileVerdict> {
  const stream = createReadStream(path, { encoding: 'utf8' });
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (error) => reject(new AuditFileError(`cannot read ${path}: ${error.message}`)));
  });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let verifier: ChainVerifier | null = start ? new ChainVerifier(start) : null;
  let begin: ChainStart | null = start;
  let lineNumber = 0;
  try {
    for await (const line of lines) {
      lineNumber += 1;
      if (line.trim() === '') continue;
      const row = parseExportLine(line, lineNumber);
      if (!verifier) {
        begin = row.seq === 1 ? { seq: 0, hash: GENESIS_HASH } : { seq: row.seq - 1, hash: row.prev_hash };
        verifier = new ChainVerifier(begin);
      }
      if (!verifier.push(row)) break;
    }
  } finally {
    lines.close();
    stream.destroy();
  }
  const verdict = (verifier ?? new ChainVerifier()).verdict();
  return { ...verdict, start: begin, sha256: (await fileDigest(path)).sha256 };
}

/**
 * Archives the cut's entries to `out`, verifies the file, then removes them and writes the anchor
 * in one transaction. `out` must not exist. Callers serialise archives (the core's ceremony lock).
 */
export async function archiveAudit(db: Db, audit: AuditLog, out: string, cut: ArchiveCut, clock: () => Date = () => new Date()): Promise<ArchiveResult> {
  if (typeof out !== 'string' || out.length === 0) throw new TypeError('archive path must be a non-empty string');
  if (existsSync(out)) throw new AuditArchiveError(`${out} already exists; an archive never overwrites a file`);
  audit.flush();
  const { first, last } = lastArchivedSeq(db, cut);
  const anchorBefore = readAuditAnchor(db);
  const lastRow = db.prepare('SELECT hash FROM audit_log WHERE seq = ?').get(last) as { hash: string } | undefined;
  if (!lastRow) throw new AuditArchiveError(`entry ${last} is missing from the live log`);
  const written = writeArchiveFile(db, out, first, last);

  // Nothing is removed that was not read back whole and intact from the file.
  const check = await verifyArchiveFile(out, anchorBefore ? { seq: anchorBefore.seq, hash: anchorBefore.hash } : null);
  if (!check.ok) throw new AuditArchiveError(`the archive did not verify (${String(check.reason)} at entry ${String(check.firstBroken)}); nothing was removed`);
  if (check.sha256 !== written || check.head?.seq !== last || check.head.hash !== lastRow.hash || check.start?.seq !== first - 1) {
    throw new AuditArchiveError('the archive read back differs from what was written; nothing was removed');
  }

  const anchor: AuditAnchor = { seq: last, hash: lastRow.hash, archivedAt: clock().toISOString(), fileSha256: written };
  inTransaction(db, () => {
    const now = readAuditAnchor(db);
    if ((now?.seq ?? 0) !== (anchorBefore?.seq ?? 0)) throw new AuditArchiveError('another archive ran at the same time; nothing was removed');
    db.prepare('DELETE FROM audit_log WHERE seq <= ?').run(last);
    audit.forgetHead();
    writeAuditAnchor(db, anchor);
    audit.append({ type: 'audit', action: 'archived', first, last, entries: last - first + 1, sha256: written });
  });
  return { path: out, first, last, entries: last - first + 1, sha256: written, anchor: { seq: last, hash: lastRow.hash } };
}

/** Parses `--older-than` ages: 90d, 12h, 30m, 45s (a whole number and one unit). */
export function parseAge(text: string): number {
  const match = /^(\d{1,9})([dhms])$/.exec(text.trim());
  if (!match) throw new RangeError(`age must look like 90d, 12h, 30m or 45s, not "${text.slice(0, 32)}"`);
  const unit = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 }[match[2] as 'd' | 'h' | 'm' | 's'];
  return Number(match[1]) * unit;
}
