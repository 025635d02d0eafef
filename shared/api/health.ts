/**
 * `GET|HEAD sys/health` (API.md, "sys/health"): every field current Vault sends, with a single
 * node's values, because monitoring scripts and Vault's own clients decode them into fixed
 * structures. The status code says the state (200, 503 sealed, 501 uninitialized, overridable).
 */
export type HealthResponse = {
  initialized: boolean;
  sealed: boolean;
  standby: false;
  performance_standby: false;
  replication_performance_mode: 'disabled';
  replication_dr_mode: 'disabled';
  /** Unix seconds. */
  server_time_utc: number;
  version: string;
  enterprise: false;
  cluster_name: string;
  /** The keyring's id, once there is one. */
  cluster_id?: string;
  echo_duration_ms: 0;
  clock_skew_ms: 0;
  replication_primary_canary_age_ms: 0;
  removed_from_cluster: false;
};
