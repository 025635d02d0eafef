/**
 * The group commit keeps the chain head in memory (issue 17) instead of reading the last entry
 * back for every batch. These tests attack that shortcut where it could go wrong: another
 * connection appending to the same file, a caller's transaction that appends and then rolls
 * back, and a failed group commit. In every case the chain must stay intact: consecutive
 * sequence numbers, each entry linked to the one before.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../electron/core/audit/audit-log.js';
import { inTransaction, openDatabase } from '../../../electron/core/storage/database.js';
import type { Db } from '../../../electron/core/storage/database.js';
import { tempDir } from '../../helpers/serve.js';

const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).reverse().forEach((f) => f()));

function open(path: string): { db: Db; log: AuditLog } {
  const db = openDatabase(path);
  cleanup.push(() => db.open && db.close());
  return { db, log: new AuditLog(db) };
}

function keyringFile(): string {
  const dir = tempDir('symbolon-audit-head-');
  cleanup.push(dir.remove);
  return join(dir.dir, 'k.db');
}

function seqs(log: AuditLog): number[] {
  return log.rows().map((r) => r.seq);
}

describe('audit chain head kept in memory', () => {
  it('links a group commit to an entry another connection appended since the last one', async () => {
    const path = keyringFile();
    const a = open(path);
    const b = open(path);
    await a.log.appendRequest({ type: 'request', n: 1 });
    inTransaction(b.db, () => b.log.append({ type: 'ceremony', n: 2 }));
    await a.log.appendRequest({ type: 'request', n: 3 });
    await b.log.appendRequest({ type: 'request', n: 4 });
    await a.log.appendRequest({ type: 'request', n: 5 });
    const verdict = a.log.verify();
    expect(verdict).toMatchObject({ ok: true, entries: 5 });
    expect(seqs(a.log)).toEqual([1, 2, 3, 4, 5]);
    expect(a.log.rows().map((r) => (JSON.parse(r.entry) as { n: number }).n)).toEqual([1, 2, 3, 4, 5]);
  });

  it('does not trust an entry appended inside a transaction that rolled back', async () => {
    const { db, log } = open(keyringFile());
    await log.appendRequest({ type: 'request', n: 1 });
    expect(() =>
      inTransaction(db, () => {
        log.append({ type: 'ceremony', n: 2 });
        throw new Error('the ceremony step failed after its entry');
      }),
    ).toThrow(/failed after its entry/);
    await log.appendRequest({ type: 'request', n: 3 });
    inTransaction(db, () => log.append({ type: 'ceremony', n: 4 }));
    await log.appendRequest({ type: 'request', n: 5 });
    expect(log.verify()).toMatchObject({ ok: true, entries: 4 });
    expect(log.rows().map((r) => (JSON.parse(r.entry) as { n: number }).n)).toEqual([1, 3, 4, 5]);
  });

  it('recovers after a group commit that failed and rolled back', async () => {
    const { db, log } = open(keyringFile());
    await log.appendRequest({ type: 'request', n: 1 });
    // A trigger that refuses the next insert: the whole batch rolls back and every waiter is told.
    db.exec("CREATE TEMP TRIGGER refuse BEFORE INSERT ON audit_log WHEN json_extract(NEW.entry, '$.n') = 2 BEGIN SELECT RAISE(ABORT, 'refused'); END");
    const results = await Promise.allSettled([log.appendRequest({ type: 'request', n: 2 }), log.appendRequest({ type: 'request', n: 3 })]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    db.exec('DROP TRIGGER refuse');
    await log.appendRequest({ type: 'request', n: 4 });
    expect(log.verify()).toMatchObject({ ok: true, entries: 2 });
    expect(seqs(log)).toEqual([1, 2]);
  });

  it('rolls back a whole batch written by several multi-row INSERTs when a late one fails', async () => {
    const { db, log } = open(keyringFile());
    await log.appendRequest({ type: 'request', n: 0 });
    // 40 entries take three INSERTs (16 rows each at most); the last one is refused.
    db.exec("CREATE TEMP TRIGGER refuse BEFORE INSERT ON audit_log WHEN json_extract(NEW.entry, '$.n') = 37 BEGIN SELECT RAISE(ABORT, 'refused'); END");
    const results = await Promise.allSettled(Array.from({ length: 40 }, (_, n) => log.appendRequest({ type: 'request', n: n + 1 })));
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(40);
    expect(seqs(log)).toEqual([1]);
    db.exec('DROP TRIGGER refuse');
    await Promise.all(Array.from({ length: 20 }, (_, n) => log.appendRequest({ type: 'request', n: 100 + n })));
    expect(log.verify()).toMatchObject({ ok: true, entries: 21 });
    expect(log.rows().map((r) => (JSON.parse(r.entry) as { n: number }).n)).toEqual([0, ...Array.from({ length: 20 }, (_, n) => 100 + n)]);
  });

  it('commits every entry queued in one turn in one transaction, in order', async () => {
    const { log } = open(keyringFile());
    await Promise.all(Array.from({ length: 50 }, (_, n) => log.appendRequest({ type: 'request', n })));
    await Promise.all(Array.from({ length: 50 }, (_, n) => log.appendRequest({ type: 'request', n: 50 + n })));
    expect(log.verify()).toMatchObject({ ok: true, entries: 100 });
    expect(log.rows().map((r) => (JSON.parse(r.entry) as { n: number }).n)).toEqual(Array.from({ length: 100 }, (_, n) => n));
  });
});
