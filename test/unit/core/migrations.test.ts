/**
 * Schema migrations (STYLE.md: "every schema migration has a test that builds the old version,
 * migrates, asserts"). Each migration is applied to a file at the version before it; each one also
 * has its own test below asserting what it changed (add one with every new migration); a file
 * from a newer Symbolon is refused.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { currentVersion, migrate, MIGRATIONS, SCHEMA_VERSION } from '../../../electron/core/storage/migrations.js';
import { openDatabase } from '../../../electron/core/storage/database.js';
import { tempDir } from '../../helpers/serve.js';

function tables(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
}

function columns(db: Database.Database, table: string): string[] {
  return (db.prepare(`SELECT name FROM pragma_table_info(?) ORDER BY cid`).all(table) as { name: string }[]).map((r) => r.name);
}

describe('migrations', () => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;

  beforeEach(() => {
    dir = tempDir();
    file = join(dir.dir, 'k.db');
  });
  afterEach(() => dir.remove());

  it('numbers migrations 1..N without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
  });

  it('treats a file without a schema_version table as version 0', () => {
    const db = new Database(file);
    expect(currentVersion(db)).toBe(0);
    db.close();
  });

  for (const migration of MIGRATIONS) {
    it(`migration ${migration.version} (${migration.description}) moves a version ${migration.version - 1} file to version ${migration.version}`, () => {
      const db = new Database(file);
      migrate(db, migration.version - 1);
      expect(currentVersion(db)).toBe(migration.version - 1);
      migrate(db, migration.version);
      expect(currentVersion(db)).toBe(migration.version);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare('SELECT COUNT(*) AS n FROM schema_version').get()).toEqual({ n: 1 });
      db.close();
    });
  }

  it('migration 1 creates the seal, records and audit_log tables, STRICT', () => {
    const db = new Database(file);
    migrate(db, 1);
    expect(tables(db)).toEqual(['audit_log', 'records', 'schema_version', 'seal']);
    expect(columns(db, 'seal')).toEqual(['name', 'value']);
    expect(columns(db, 'records')).toEqual(['path', 'value']);
    expect(columns(db, 'audit_log')).toEqual(['seq', 'time', 'entry', 'prev_hash', 'hash']);
    // STRICT tables refuse values of the wrong type instead of storing them silently.
    expect(() => db.prepare('INSERT INTO audit_log (seq, time, entry, prev_hash, hash) VALUES (?, ?, ?, ?, ?)').run('x', 1, 2, 3, 4)).toThrow();
    expect(() => db.prepare('INSERT INTO seal (name, value) VALUES (?, ?)').run('a', null)).toThrow();
    db.close();
  });

  it('is idempotent: reopening a current file runs nothing and keeps the data', () => {
    const first = openDatabase(file);
    first.prepare("INSERT INTO seal (name, value) VALUES ('x', x'01')").run();
    first.close();
    const again = openDatabase(file);
    expect(currentVersion(again)).toBe(SCHEMA_VERSION);
    expect(again.prepare('SELECT COUNT(*) AS n FROM schema_version').get()).toEqual({ n: 1 });
    expect(again.prepare("SELECT value FROM seal WHERE name = 'x'").get()).toEqual({ value: Buffer.of(1) });
    again.close();
  });

  it('refuses a file written by a newer Symbolon, naming both versions, and leaves it untouched', () => {
    const db = openDatabase(file);
    db.prepare('UPDATE schema_version SET version = ?').run(SCHEMA_VERSION + 1);
    db.close();
    expect(() => openDatabase(file)).toThrow(`keyring file has schema version ${SCHEMA_VERSION + 1}; this Symbolon understands up to ${SCHEMA_VERSION}`);
    const check = new Database(file, { readonly: true });
    expect(check.prepare('SELECT version FROM schema_version').get()).toEqual({ version: SCHEMA_VERSION + 1 });
    check.close();
  });

  it('opens files in WAL mode with synchronous=FULL', () => {
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    db.close();
  });
});
