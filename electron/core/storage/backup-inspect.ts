/**
 * What a backup holds, read without shares: the seal record (keyring id, generation, custodians,
 * threshold), how many records, the newest term records are written under, the audit chain and
 * its head, and SQLite's integrity check. The file is read into memory and opened there, so
 * looking at a backup can never change it (not even a -wal or -shm beside it).
 */
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { readAuditAnchor } from '../audit/audit-anchor.js';
import { verifyChain } from '../audit/audit-log.js';
import type { AuditRow, ChainVerdict } from '../audit/audit-log.js';
import { readSealConfig } from '../seal/seal-config.js';
import type { SealConfig } from '../seal/seal-config.js';
import { KEYRING_PATH } from '../barrier/barrier.js';
import type { Db } from './database.js';
import { BackupError } from './backup.js';

export interface KeyringFacts {
  readonly keyringId: string;
  /** The name chosen at init, or null for a keyring made before names existed. */
  readonly keyringName: string | null;
  readonly generation: number;
  readonly threshold: number;
  readonly custodians: readonly { readonly index: number; readonly name: string; readonly fingerprint: string | null }[];
  /** Highest term any record is encrypted under: the active term at the backup, unless it had just rotated. */
  readonly newestTerm: number | null;
  readonly records: number;
  readonly integrity: string;
  readonly audit: ChainVerdict;
  /** Entries archived out of this file before the backup (the chain starts after them). */
  readonly auditArchivedThrough: number | null;
  readonly config: SealConfig;
}

/** Bytes 18 and 19 of a SQLite header say WAL (2) or rollback journal (1); memory has no WAL. */
const HEADER_WRITE_VERSION = 18;
const HEADER_READ_VERSION = 19;

/** Opens a copy of the file in memory. Nothing is ever written to the file itself. */
export function openCopyInMemory(path: string): Db {
  const bytes = readFileSync(path);
  if (bytes.length < 100 || bytes.subarray(0, 16).toString('latin1') !== 'SQLite format 3\0') {
    throw new BackupError(`${path} is not a SQLite file`);
  }
  // A raw copy of a WAL-mode file: open it as a plain file (the -wal is not ours to read).
  if (bytes[HEADER_WRITE_VERSION] === 2) bytes[HEADER_WRITE_VERSION] = 1;
  if (bytes[HEADER_READ_VERSION] === 2) bytes[HEADER_READ_VERSION] = 1;
  return new Database(bytes);
}

export function inspectKeyring(db: Db, source: string): KeyringFacts {
  const integrity = (db.pragma('integrity_check', { simple: true }) as string) ?? 'unknown';
  const hasSeal = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'seal'").get() !== undefined;
  const config = hasSeal ? readSealConfig(db) : null;
  if (!config) throw new BackupError(`${source} is not an initialized Symbolon keyring`);
  // A record starts with its term as a big-endian u32: as hex, the text order is the number order.
  const term = db.prepare("SELECT MAX(hex(substr(value, 1, 4))) AS term FROM records WHERE path != ?").get(KEYRING_PATH) as { term: string | null };
  const records = (db.prepare('SELECT COUNT(*) AS n FROM records').get() as { n: number }).n;
  const anchor = readAuditAnchor(db);
  const rows = db.prepare('SELECT seq, time, entry, prev_hash, hash FROM audit_log ORDER BY seq').iterate() as Iterable<AuditRow>;
  return {
    keyringId: config.keyringId,
    keyringName: config.keyringName ?? null,
    generation: config.current.generation,
    threshold: config.current.threshold,
    custodians: config.current.shares.map((s) => ({ index: s.index, name: s.custodian, fingerprint: s.fingerprint })),
    newestTerm: term.term ? Number.parseInt(term.term, 16) : null,
    records,
    integrity,
    audit: verifyChain(rows, anchor),
    auditArchivedThrough: anchor?.seq ?? null,
    config,
  };
}
