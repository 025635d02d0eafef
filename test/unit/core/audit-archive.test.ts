/** The archive cut: ages, sequence bounds, and that the newest entry always stays live. */
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AuditArchiveError, lastArchivedSeq, parseAge } from '../../../electron/core/audit/audit-archive.js';
import { writeAuditAnchor } from '../../../electron/core/audit/audit-anchor.js';
import { AuditLog } from '../../../electron/core/audit/audit-log.js';
import { openDatabase } from '../../../electron/core/storage/database.js';

function logOf(entries: number, start = Date.parse('2026-01-01T00:00:00Z')): Database.Database {
  const db = openDatabase(':memory:');
  let now = start;
  const audit = new AuditLog(db, () => new Date((now += 3_600_000)));
  for (let i = 0; i < entries; i++) audit.append({ type: 'test', i });
  return db;
}

describe('parseAge', () => {
  it('reads days, hours, minutes and seconds', () => {
    expect(parseAge('90d')).toBe(90 * 86_400_000);
    expect(parseAge('12h')).toBe(12 * 3_600_000);
    expect(parseAge('30m')).toBe(1_800_000);
    expect(parseAge('0s')).toBe(0);
  });
  it('refuses anything else', () => {
    for (const bad of ['', '90', 'd', '1.5d', '-1d', '1w', '90 days']) expect(() => parseAge(bad), bad).toThrow(RangeError);
  });
});

describe('lastArchivedSeq', () => {
  it('takes the entries before SEQ, never the newest one', () => {
    const db = logOf(10);
    expect(lastArchivedSeq(db, { before: 5 })).toEqual({ first: 1, last: 4 });
    expect(lastArchivedSeq(db, { before: 1000 })).toEqual({ first: 1, last: 9 });
  });
  it('takes the entries written before an instant', () => {
    const db = logOf(10);
    // Entries are an hour apart from 01:00; before 04:30 are entries 1..4.
    expect(lastArchivedSeq(db, { olderThan: new Date('2026-01-01T04:30:00Z') })).toEqual({ first: 1, last: 4 });
  });
  it('starts after the anchor and refuses an empty cut', () => {
    const db = logOf(10);
    writeAuditAnchor(db, { seq: 4, hash: 'h', archivedAt: '', fileSha256: '' });
    db.prepare('DELETE FROM audit_log WHERE seq <= 4').run();
    expect(lastArchivedSeq(db, { before: 8 })).toEqual({ first: 5, last: 7 });
    expect(() => lastArchivedSeq(db, { before: 5 })).toThrow(AuditArchiveError);
    expect(() => lastArchivedSeq(logOf(1), { before: 100 })).toThrow(/newest entry \(1\) always stays/);
  });
});
