/**
 * Schema migrations. Each one moves the file from version N-1 to N inside one transaction, and
 * each has a test that builds the previous version, migrates, and checks the result.
 * Never edit a released migration: add a new one.
 */
import type Database from 'better-sqlite3';

export interface Migration {
  readonly version: number;
  readonly description: string;
  up(db: Database.Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'seal records, barrier records, audit log',
    up(db) {
      db.exec(`
        -- Seal records are the only plaintext state: what is needed to unseal (never a share).
        CREATE TABLE seal (
          name  TEXT PRIMARY KEY,
          value BLOB NOT NULL
        ) STRICT;
        -- Everything else is barrier-encrypted; path is the additional authenticated data.
        CREATE TABLE records (
          path  TEXT PRIMARY KEY,
          value BLOB NOT NULL
        ) STRICT;
        -- Hash-chained audit log: each entry carries the hash of the previous one.
        CREATE TABLE audit_log (
          seq       INTEGER PRIMARY KEY,
          time      TEXT NOT NULL,
          entry     TEXT NOT NULL,
          prev_hash TEXT NOT NULL,
          hash      TEXT NOT NULL
        ) STRICT;
      `);
    },
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function currentVersion(db: Database.Database): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL) STRICT');
  const row = db.prepare('SELECT version FROM schema_version').get() as { version: number } | undefined;
  return row?.version ?? 0;
}

/** Brings the file up to `target` (default: the newest schema). Refuses files from the future. */
export function migrate(db: Database.Database, target = SCHEMA_VERSION): void {
  const from = currentVersion(db);
  if (from > SCHEMA_VERSION) {
    throw new Error(`keyring file has schema version ${from}; this Symbolon understands up to ${SCHEMA_VERSION}`);
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= from || migration.version > target) continue;
    db.transaction(() => {
      migration.up(db);
      db.prepare('DELETE FROM schema_version').run();
      db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(migration.version);
    }).immediate();
  }
}
