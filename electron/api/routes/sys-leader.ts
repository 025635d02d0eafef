/**
 * sys/leader: Vault's answer for a node without high availability. The Vault CLI reads it after
 * `vault status` and after every `vault operator unseal` (command/format.go), and stops with
 * "Error checking leader status" when it is missing. Answers while sealed, as Vault does.
 */
import type { LeaderResponse } from '../../../shared/api/leader.js';
import { raw } from '../reply.js';
import type { Route } from '../route.js';

/** Go's zero time.Time, as Vault's LeaderResponse encodes an unset active_time. */
const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

export const sysLeaderRoutes: Route[] = [
  {
    path: 'sys/leader',
    auth: 'none',
    whileSealed: true,
    handlers: {
      read: () =>
        raw({
          ha_enabled: false,
          is_self: false,
          active_time: GO_ZERO_TIME,
          leader_address: '',
          leader_cluster_address: '',
          performance_standby: false,
          performance_standby_last_remote_wal: 0,
        } satisfies LeaderResponse),
    },
  },
];
