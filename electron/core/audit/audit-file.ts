/**
 * Offline access to the audit log, for a witness with the keyring file or an export and no
 * shares: read the chain straight from the SQLite file (read-only, no unseal, no migration),
 * export it as JSON Lines, and verify either. An exported line is the stored row verbatim
 * (`{"seq","time","entry","prev_hash","hash"}`, `entry` being the exact hashed text), so the
 * export verifies exactly as the file does. Lines with extra fields (the UI's export) verify too.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { readAuditAnchor } from './audit-anchor.js';
import type { AuditAnchor } from './audit-anchor.js';
import { ChainVerifier } from './audit-log.js';
import type { AuditRow, ChainVerdict } from './audit-log.js';

export class AuditFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditFileError';
  }
}

/** Opens a keyring file read-only and yields its audit rows in order; closes the file when done. */
export function* auditRowsOfKeyring(path: string): Generator<AuditRow> {
  if (typeof path !== 'string' || path.length === 0) throw new TypeError('keyring path must be a non-empty string');
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new AuditFileError(`cannot open ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'").get();
    if (!table) throw new AuditFileError(`${path} is not a Symbolon keyring file (no audit log)`);
    yield* db.prepare('SELECT seq, time, entry, prev_hash, hash FROM audit_log ORDER BY seq').iterate() as Iterable<AuditRow>;
  } finally {
    db.close();
  }
}

/** Where the keyring's live chain starts (after archived entries), read-only. */
export function auditAnchorOfKeyring(path: string): AuditAnchor | null {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return readAuditAnchor(db);
  } finally {
    db.close();
  }
}

export function verifyKeyringAudit(path: string): ChainVerdict {
  const verifier = new ChainVerifier(auditAnchorOfKeyring(path));
  for (const row of auditRowsOfKeyring(path)) if (!verifier.push(row)) break;
  return verifier.verdict();
}

/** One export line: the row exactly as stored. */
export function exportLine(row: AuditRow): string {
  return JSON.stringify({ seq: row.seq, time: row.time, entry: row.entry, prev_hash: row.prev_hash, hash: row.hash });
}

/** Parses one export line; throws AuditFileError naming the line when it is not an audit row. */
export function parseExportLine(text: string, lineNumber: number): AuditRow {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AuditFileError(`line ${lineNumber} is not JSON`);
  }
  const o = value as Record<string, unknown> | null;
  if (
    typeof o !== 'object' || o === null ||
    !Number.isSafeInteger(o['seq']) || typeof o['time'] !== 'string' || typeof o['entry'] !== 'string' ||
    typeof o['prev_hash'] !== 'string' || typeof o['hash'] !== 'string'
  ) {
    throw new AuditFileError(`line ${lineNumber} is not an audit row (needs seq, time, entry, prev_hash, hash)`);
  }
  return { seq: o['seq'] as number, time: o['time'], entry: o['entry'], prev_hash: o['prev_hash'], hash: o['hash'] };
}

/** Verifies a JSON Lines export, streaming (exports can be large). Blank lines are ignored. */
export async function verifyExportFile(path: string): Promise<ChainVerdict> {
  if (typeof path !== 'string' || path.length === 0) throw new TypeError('export path must be a non-empty string');
  const verifier = new ChainVerifier();
  const stream = createReadStream(path, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (error) => reject(new AuditFileError(`cannot read ${path}: ${error.message}`)));
  });
  await opened;
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let lineNumber = 0;
  try {
    for await (const line of lines) {
      lineNumber += 1;
      if (line.trim() === '') continue;
      if (!verifier.push(parseExportLine(line, lineNumber))) break;
    }
  } finally {
    lines.close();
    stream.destroy();
  }
  return verifier.verdict();
}
