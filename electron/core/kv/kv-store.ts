/**
 * The KV version 2 secrets engine (HashiCorp Vault's `kv-v2`, mounted at `secret/`): versioned
 * secrets with check-and-set, soft delete, undelete, destroy and key metadata. Every value and
 * every metadata record goes through the barrier; every change of data and metadata is one
 * transaction, so a crash leaves either the old version set or the new one.
 * Behaviour follows vault-plugin-secrets-kv (path_data.go, path_metadata.go, path_delete.go,
 * path_destroy.go, path_config.go); the mapping to Vault's paths is in electron/api/routes/secret-kv.ts.
 */
import type { Barrier } from '../barrier/barrier.js';
import { invalid, sealedError } from '../errors.js';
import { inTransaction } from '../storage/database.js';
import type { Db } from '../storage/database.js';
import { addVersion, isUnavailable, newKeyMetadata, versionInfo } from './kv-metadata.js';
import type { KeyMetadata, VersionInfo } from './kv-metadata.js';
import { checkFolder, checkSecretPath, dataRecord, metaFolder, metaRecord } from './kv-path.js';

const CONFIG_RECORD = 'kv/config';
export const CAS_MISMATCH_MESSAGE = 'check-and-set parameter did not match the current version';

export interface KvConfig {
  /** 0 = Vault's default (10). */
  readonly max_versions: number;
  readonly cas_required: boolean;
}

export type KvRead =
  | { readonly kind: 'found'; readonly data: Record<string, unknown>; readonly metadata: VersionInfo }
  /** The version exists but was soft-deleted or destroyed: Vault answers "not found" with its metadata. */
  | { readonly kind: 'unavailable'; readonly metadata: VersionInfo }
  | { readonly kind: 'missing' };

/** A `secret/metadata/<path>` write: the settings it names (null: left as they are). */
export interface KvSettings {
  readonly maxVersions: number | null;
  readonly casRequired: boolean | null;
  readonly customMetadata: Readonly<Record<string, string>> | null;
}

/** A `secret/config` write: the engine-wide settings it names (null: left as they are). */
export interface KvConfigChange {
  readonly maxVersions: number | null;
  readonly casRequired: boolean | null;
}

export class KvStore {
  constructor(
    private readonly db: Db,
    private readonly barrier: Barrier,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Whether the secret has metadata (decides create vs update capability, as Vault's existence check). */
  exists(path: string): boolean {
    this.requireUnsealed();
    return this.barrier.has(metaRecord(checkSecretPath(path)));
  }

  /** Reads a version (0 = current). */
  read(path: string, version = 0): KvRead {
    checkSecretPath(path);
    if (!Number.isInteger(version) || version < 0) throw new RangeError('version must be a non-negative integer');
    const meta = this.meta(path);
    if (!meta) return { kind: 'missing' };
    const number = version > 0 ? version : meta.current_version;
    const v = meta.versions[String(number)];
    if (!v) return { kind: 'missing' };
    const metadata = versionInfo(meta, number);
    if (isUnavailable(v, this.clock())) return { kind: 'unavailable', metadata };
    const raw = this.barrier.get(dataRecord(path, number));
    if (!raw) throw new Error(`version ${number} of a secret has metadata but no data record`);
    return { kind: 'found', data: JSON.parse(raw.toString('utf8')) as Record<string, unknown>, metadata };
  }

  /**
   * Writes a new version. `cas` null = unconditional; 0 = only if the secret does not exist yet;
   * n = only if the current version is n. Returns the new version's metadata.
   */
  write(path: string, data: Readonly<Record<string, unknown>>, cas: number | null): VersionInfo {
    checkSecretPath(path);
    if (cas !== null && (!Number.isInteger(cas) || cas < 0)) throw new RangeError('cas must be null or a non-negative integer');
    const text = JSON.stringify(data);
    return inTransaction(this.db, () => {
      const config = this.config();
      const now = this.clock().toISOString();
      const meta = this.meta(path) ?? newKeyMetadata(now);
      if (cas !== null) {
        if (cas !== meta.current_version) throw invalid('CAS_MISMATCH', CAS_MISMATCH_MESSAGE, { current_version: meta.current_version });
      } else if (config.cas_required || meta.cas_required) {
        throw invalid('CAS_REQUIRED', 'check-and-set parameter required for this call');
      }
      const { removed } = addVersion(meta, now, config.max_versions);
      this.barrier.put(dataRecord(path, meta.current_version), Buffer.from(text, 'utf8'));
      for (const old of removed) this.barrier.delete(dataRecord(path, old));
      this.saveMeta(path, meta);
      return versionInfo(meta, meta.current_version);
    });
  }

  /** `DELETE secret/data/<path>`: soft-deletes the current version (nothing happens if there is none). */
  deleteLatest(path: string): void {
    checkSecretPath(path);
    inTransaction(this.db, () => {
      const meta = this.meta(path);
      const latest = meta?.versions[String(meta.current_version)];
      if (!meta || !latest || isUnavailable(latest, this.clock())) return;
      latest.deletion_time = this.clock().toISOString();
      this.saveMeta(path, meta);
    });
  }

  /** `secret/delete/<path>`: soft-deletes the given versions; unknown or destroyed ones are skipped. */
  deleteVersions(path: string, versions: readonly number[]): void {
    this.changeVersions(path, versions, (v, now) => {
      if (v.destroyed || isUnavailable(v, now)) return false;
      v.deletion_time = now.toISOString();
      return true;
    });
  }

  /** `secret/undelete/<path>`: restores soft-deleted versions (destroyed ones stay destroyed). */
  undeleteVersions(path: string, versions: readonly number[]): void {
    this.changeVersions(path, versions, (v) => {
      if (v.destroyed || v.deletion_time === '') return false;
      v.deletion_time = '';
      return true;
    });
  }

  /** `secret/destroy/<path>`: removes the data of the given versions for good; metadata remains. */
  destroyVersions(path: string, versions: readonly number[]): void {
    this.changeVersions(path, versions, (v, _now, number) => {
      if (v.destroyed) return false;
      v.destroyed = true;
      this.barrier.delete(dataRecord(path, number));
      return true;
    });
  }

  /** `secret/metadata/<path>` read, or null when the secret does not exist. */
  readMetadata(path: string): KeyMetadata | null {
    checkSecretPath(path);
    const meta = this.meta(path);
    return meta;
  }

  /** `secret/metadata/<path>` write: settings of one secret. Creates the metadata if needed. */
  writeMetadata(path: string, settings: KvSettings): void {
    checkSecretPath(path);
    inTransaction(this.db, () => {
      const meta = this.meta(path) ?? newKeyMetadata(this.clock().toISOString());
      if (settings.maxVersions !== null) meta.max_versions = settings.maxVersions;
      if (settings.casRequired !== null) meta.cas_required = settings.casRequired;
      if (settings.customMetadata !== null) meta.custom_metadata = { ...settings.customMetadata };
      this.saveMeta(path, meta);
    });
  }

  /** `DELETE secret/metadata/<path>`: every version and the metadata, for good. */
  deleteMetadata(path: string): void {
    checkSecretPath(path);
    inTransaction(this.db, () => {
      const meta = this.meta(path);
      if (!meta) return;
      for (const number of Object.keys(meta.versions)) this.barrier.delete(dataRecord(path, Number(number)));
      this.barrier.delete(metaRecord(path));
    });
  }

  /** Names directly under a folder ('' = the root); sub-folders end in '/'. Sorted. */
  list(folder: string): string[] {
    this.requireUnsealed();
    const prefix = checkFolder(folder);
    const base = metaFolder(prefix);
    const names = new Set<string>();
    for (const record of this.barrier.list(base)) {
      const rest = record.slice(base.length);
      const slash = rest.indexOf('/');
      names.add(slash === -1 ? rest : rest.slice(0, slash + 1));
    }
    return [...names].filter((n) => n !== '').sort();
  }

  /** `secret/config` read. */
  config(): KvConfig {
    return this.barrier.getJson<KvConfig>(CONFIG_RECORD) ?? { max_versions: 0, cas_required: false };
  }

  /** `secret/config` write: engine-wide max_versions and cas_required; only given fields change. */
  writeConfig(change: KvConfigChange): void {
    inTransaction(this.db, () => {
      const current = this.config();
      this.barrier.putJson(CONFIG_RECORD, {
        max_versions: change.maxVersions ?? current.max_versions,
        cas_required: change.casRequired ?? current.cas_required,
      } satisfies KvConfig);
    });
  }

  private changeVersions(
    path: string,
    versions: readonly number[],
    change: (v: KeyMetadata['versions'][string], now: Date, number: number) => boolean,
  ): void {
    checkSecretPath(path);
    if (!Array.isArray(versions) || versions.some((v) => !Number.isInteger(v) || v < 0)) throw new RangeError('versions must be non-negative integers');
    inTransaction(this.db, () => {
      const meta = this.meta(path);
      if (!meta) return;
      const now = this.clock();
      let changed = false;
      for (const number of versions) {
        const v = meta.versions[String(number)];
        if (v && change(v, now, number)) changed = true;
      }
      if (changed) this.saveMeta(path, meta);
    });
  }

  private meta(path: string): KeyMetadata | null {
    this.requireUnsealed();
    return this.barrier.getJson<KeyMetadata>(metaRecord(path));
  }

  private saveMeta(path: string, meta: KeyMetadata): void {
    this.barrier.putJson(metaRecord(path), meta);
  }

  private requireUnsealed(): void {
    if (this.barrier.sealed) throw sealedError();
  }
}
