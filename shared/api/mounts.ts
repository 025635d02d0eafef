/**
 * What is mounted where (Vault's api/sys_mounts.go MountOutput, api/sys_auth.go AuthMount):
 * `sys/mounts`, `sys/auth`, and `sys/internal/ui/mounts/<path>` (the `vault kv` preflight).
 */

export interface MountConfig {
  default_lease_ttl: number;
  max_lease_ttl: number;
  force_no_cache: boolean;
}

export interface MountEntry {
  uuid: string;
  accessor: string;
  /** `kv` or `token`. */
  type: string;
  description: string;
  /** `{version: '2'}` for the KV engine; null for the token auth method. */
  options: Record<string, string> | null;
  config: MountConfig;
  local: boolean;
  seal_wrap: boolean;
  external_entropy_access: boolean;
  plugin_version: string;
  running_plugin_version: string;
  running_sha256: string;
  deprecation_status: string;
}

/** `GET sys/mounts` and `GET sys/auth`: entries by mount path (`secret/`, `token/`), also at the top level. */
export type MountsData = Record<string, MountEntry>;

/** `GET sys/internal/ui/mounts/<path>`: the mount serving the path. */
export interface UiMountData extends MountEntry {
  /** The mount's path (`secret/`). */
  path: string;
}
