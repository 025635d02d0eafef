/** `GET sys/leader` (raw JSON; Vault's api/sys_leader.go LeaderResponse, for a node without HA). */
export interface LeaderResponse {
  ha_enabled: boolean;
  is_self: boolean;
  /** RFC 3339; Go's zero time when unset. */
  active_time: string;
  leader_address: string;
  leader_cluster_address: string;
  performance_standby: boolean;
  performance_standby_last_remote_wal: number;
}
