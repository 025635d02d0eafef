/** KV version 2 at `secret/` (Vault API docs, "KV secrets engine - version 2"). */

/** One version's metadata, as `secret/data` reads and writes return it. */
export type KvVersionMetadata = {
  created_time: string;
  custom_metadata: Record<string, string> | null;
  /** '' until the version is soft-deleted. */
  deletion_time: string;
  destroyed: boolean;
  version: number;
};

/** `GET secret/data/<path>` (logical envelope `data`); on a deleted or destroyed version, `data` is null (404). */
export type KvReadData = {
  data: Record<string, unknown> | null;
  metadata: KvVersionMetadata;
};

/** `POST secret/data/<path>`: the data and check-and-set option. */
export interface KvWriteRequest {
  data: Record<string, unknown>;
  options?: { cas?: number };
}

/** `GET secret/metadata/<path>` (logical envelope `data`). */
export type KvMetadataData = {
  cas_required: boolean;
  created_time: string;
  current_version: number;
  custom_metadata: Record<string, string> | null;
  /** Versions are kept until deleted or destroyed: always "0s". */
  delete_version_after: '0s';
  max_versions: number;
  oldest_version: number;
  updated_time: string;
  versions: Record<string, { created_time: string; deletion_time: string; destroyed: boolean }>;
};

/** `GET secret/config` (logical envelope `data`). */
export type KvConfigData = {
  max_versions: number;
  cas_required: boolean;
  delete_version_after: '0s';
};

/** `LIST secret/metadata/<folder>` (logical envelope `data`). */
export type KvListData = {
  keys: string[];
};
