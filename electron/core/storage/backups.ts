/**
 * Backups of the live keyring, as the core offers them: a snapshot taken while serving, the
 * record of the last backup (so the operator is told when a rekey made it outdated), restore
 * drills on a backup's bytes, and audit archives. Every backup and drill is audited in the live
 * keyring: who, when, generation, term, size and SHA-256 of the file.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { archiveAudit } from '../audit/audit-archive.js';
import type { ArchiveCut, ArchiveResult } from '../audit/audit-archive.js';
import { invalid } from '../errors.js';
import type { CoreParts } from '../core-parts.js';
import { readSealConfig } from '../seal/seal-config.js';
import { BackupError, writeBackup } from './backup.js';
import type { BackupFile } from './backup.js';
import { drillUnseal } from './backup-drill.js';
import type { DrillResult } from './backup-drill.js';
import { inspectKeyring } from './backup-inspect.js';
import type { KeyringFacts } from './backup-inspect.js';
import { recordBackup, recordDrill } from './backup-record.js';
import type { BackupRecord } from './backup-record.js';
import { readLastBackup } from './backup-record.js';

export interface Snapshot extends BackupFile {
  readonly generation: number;
  readonly term: number;
  /** Records the backup (last-backup record and audit entry) once it has been handed over whole. */
  record(): void;
  /** Removes the temporary file once it has been handed over (or the caller went away). */
  discard(): void;
}

export const ARCHIVE_FOLDER = 'audit-archives';
const SNAPSHOT_PREFIX = '.symbolon-snapshot-';

export class Backups {
  constructor(
    private readonly parts: CoreParts,
    /** The keyring file's path, or ':memory:'. */
    private readonly path: string,
  ) {}

  /**
   * A consistent copy in a private temporary folder beside the keyring. It is recorded (audited as
   * taken by `who`) only by `record()`, once the caller has it: a copy nobody received is no backup.
   */
  snapshot(who: string): Snapshot {
    const config = readSealConfig(this.parts.db);
    if (!config) throw invalid('NOT_INITIALIZED', 'Vault is not initialized');
    // Beside the keyring: same disk, same 0700 data folder. A throwaway keyring has no folder.
    const parent = this.path === ':memory:' ? tmpdir() : dirname(this.path);
    const folder = mkdtempSync(join(parent, SNAPSHOT_PREFIX));
    const discard = () => rmSync(folder, { recursive: true, force: true });
    try {
      const file = writeBackup(this.parts.db, join(folder, 'keyring-backup.db'));
      const term = this.parts.barrier.sealed ? 0 : this.parts.barrier.currentKeyring.activeTerm;
      const generation = config.current.generation;
      const record = () => void recordBackup(this.parts.db, this.parts.audit, { file, who, via: 'api', generation, term, time: this.parts.clock() });
      return { ...file, generation, term, record, discard };
    } catch (error) {
      discard();
      throw error;
    }
  }

  lastBackup(): BackupRecord | null {
    return readLastBackup(this.parts.db);
  }

  /** A restore drill on a backup's bytes (never written anywhere), audited here. */
  async drill(backup: Uint8Array, keys: readonly unknown[], who: string): Promise<{ facts: KeyringFacts; result: DrillResult }> {
    let copy: Database.Database;
    try {
      copy = new Database(Buffer.from(backup.buffer, backup.byteOffset, backup.length));
    } catch {
      throw invalid('BACKUP_UNREADABLE', 'the backup is not a SQLite file');
    }
    try {
      let facts: KeyringFacts;
      try {
        facts = inspectKeyring(copy, 'the backup');
      } catch (error) {
        if (error instanceof BackupError) throw invalid('BACKUP_UNREADABLE', error.message);
        throw invalid('BACKUP_UNREADABLE', 'the backup is not a Symbolon keyring');
      }
      try {
        const result = await drillUnseal(copy, facts.config, keys);
        recordDrill(this.parts.db, this.parts.audit, { who, facts, outcome: 'opened', shares: result.shares.map((s) => s.index) });
        return { facts, result };
      } catch (error) {
        recordDrill(this.parts.db, this.parts.audit, { who, facts, outcome: 'refused', shares: [] });
        throw error;
      }
    } finally {
      copy.close();
    }
  }

  /**
   * Archives the oldest audit entries to `name` in the `audit-archives` folder beside the keyring
   * (created 0700); one archive at a time, between ceremony steps.
   */
  archive(name: string, cut: ArchiveCut): Promise<ArchiveResult> {
    if (basename(name) !== name || name.startsWith('.')) throw new TypeError('archive name must be a plain file name');
    if (this.path === ':memory:') throw new BackupError('a keyring in memory has no folder to archive into');
    const folder = join(dirname(this.path), ARCHIVE_FOLDER);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    return this.parts.lock.run(() => archiveAudit(this.parts.db, this.parts.audit, join(folder, name), cut, this.parts.clock));
  }

  /** Snapshot folders a killed process left beside the keyring (call only while holding its lock). */
  removeLeftovers(): void {
    if (this.path === ':memory:') return;
    const parent = dirname(this.path);
    for (const name of readdirSync(parent)) if (name.startsWith(SNAPSHOT_PREFIX)) rmSync(join(parent, name), { recursive: true, force: true });
  }
}
