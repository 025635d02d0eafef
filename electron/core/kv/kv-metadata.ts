/**
 * Key metadata of the KV version 2 engine, stored as JSON behind the barrier (field names as
 * vault-plugin-secrets-kv stores them), and one version of it as readers see it. Times are RFC 3339
 * strings; a version's `deletion_time` is '' until it is soft-deleted.
 */

/** Vault keeps 10 versions when neither the key nor the engine says otherwise. */
export const DEFAULT_MAX_VERSIONS = 10;

export interface VersionMetadata {
  created_time: string;
  /** '' = not deleted; otherwise when the version was (soft) deleted. */
  deletion_time: string;
  destroyed: boolean;
}

export interface KeyMetadata {
  created_time: string;
  updated_time: string;
  current_version: number;
  /** 0 until versions beyond max_versions have been removed (as in Vault). */
  oldest_version: number;
  /** 0 = use the engine setting. */
  max_versions: number;
  cas_required: boolean;
  custom_metadata: Record<string, string> | null;
  versions: Record<string, VersionMetadata>;
}

export function newKeyMetadata(now: string): KeyMetadata {
  return {
    created_time: now,
    updated_time: now,
    current_version: 0,
    oldest_version: 0,
    max_versions: 0,
    cas_required: false,
    custom_metadata: null,
    versions: {},
  };
}

/** True when the version's data may not be returned: soft-deleted (time passed) or destroyed. */
export function isUnavailable(version: VersionMetadata, now: Date): boolean {
  return version.destroyed || (version.deletion_time !== '' && Date.parse(version.deletion_time) <= now.getTime());
}

/**
 * Adds a version and slides the window of kept versions, exactly as Vault's AddVersion does.
 * Returns the new version's metadata and the numbers of versions whose data must be removed.
 */
export function addVersion(meta: KeyMetadata, now: string, engineMaxVersions: number): { added: VersionMetadata; removed: number[] } {
  const added: VersionMetadata = { created_time: now, deletion_time: '', destroyed: false };
  meta.current_version += 1;
  meta.versions[String(meta.current_version)] = added;
  meta.updated_time = now;
  const configured = Math.max(meta.max_versions, engineMaxVersions);
  const keep = configured > 0 ? configured : DEFAULT_MAX_VERSIONS;
  const removed: number[] = [];
  if (meta.current_version - meta.oldest_version >= keep) {
    const last = meta.current_version - keep;
    const kept: Record<string, VersionMetadata> = {};
    for (const [n, v] of Object.entries(meta.versions)) {
      if (Number(n) <= last) removed.push(Number(n));
      else kept[n] = v;
    }
    meta.versions = kept;
    meta.oldest_version = last + 1;
  }
  return { added, removed };
}

/** One version as `secret/data` reads and writes describe it. */
export interface VersionInfo {
  readonly version: number;
  readonly createdTime: string;
  /** '' = not deleted. */
  readonly deletionTime: string;
  readonly destroyed: boolean;
  readonly customMetadata: Readonly<Record<string, string>> | null;
}

export function versionInfo(meta: KeyMetadata, version: number): VersionInfo {
  const v = meta.versions[String(version)];
  return {
    version,
    createdTime: v?.created_time ?? '',
    deletionTime: v?.deletion_time ?? '',
    destroyed: v?.destroyed ?? false,
    customMetadata: meta.custom_metadata,
  };
}
