/**
 * sys/health (GET and HEAD): 200 unsealed, 503 sealed, 501 uninitialized, each overridable. The
 * body has every field current Vault sends, with a single node's values: monitoring scripts
 * and Vault's own clients decode them into fixed structures.
 */
import type { SealState } from '../../core/core.js';
import { SYMBOLON_VERSION } from '../../core/core.js';
import type { HealthResponse } from '../../../shared/api/health.js';
import { HttpError } from '../errors.js';
import { raw } from '../reply.js';
import type { Route } from '../route.js';

function statusOverride(query: Readonly<Record<string, string>>, name: string, fallback: number): number {
  const given = query[name];
  if (given === undefined) return fallback;
  if (!/^\d{3}$/.test(given) || Number(given) < 100 || Number(given) > 599) {
    throw new HttpError(400, 'INVALID_REQUEST', `bad code given for ${name}: ${given.slice(0, 20)}`);
  }
  return Number(given);
}

/** The name Symbolon reports where Vault reports its cluster's name. */
export const CLUSTER_NAME = 'symbolon';

/**
 * Vault's cluster identity: one node, one keyring, so the keyring's id is the cluster's id.
 * Null before init (Vault has no cluster then either).
 */
export function clusterIdentity(state: Pick<SealState, 'keyringId'>): { cluster_name: string; cluster_id: string } | null {
  return state.keyringId ? { cluster_name: CLUSTER_NAME, cluster_id: state.keyringId } : null;
}

export const sysHealthRoutes: Route[] = [
  {
    path: 'sys/health',
    auth: 'none',
    whileSealed: true,
    head: true,
    handlers: {
      read: ({ core, query }) => {
        // Every override is validated whatever the state, as Vault does: a monitoring probe with a
        // typo in `activecode` must fail now, not only on the day the keyring is unsealed.
        const codes = {
          uninit: statusOverride(query, 'uninitcode', 501),
          sealed: statusOverride(query, 'sealedcode', 503),
          active: statusOverride(query, 'activecode', 200),
        };
        const status = core.seal.status();
        const code = !status.initialized ? codes.uninit : status.sealed ? codes.sealed : codes.active;
        return raw(
          {
            initialized: status.initialized,
            sealed: status.sealed,
            standby: false,
            performance_standby: false,
            replication_performance_mode: 'disabled',
            replication_dr_mode: 'disabled',
            server_time_utc: Math.floor(Date.now() / 1000),
            version: SYMBOLON_VERSION,
            enterprise: false,
            cluster_name: CLUSTER_NAME,
            ...clusterIdentity(status),
            // One node: nothing to echo to, no clock to drift from, no replication primary.
            echo_duration_ms: 0,
            clock_skew_ms: 0,
            replication_primary_canary_age_ms: 0,
            removed_from_cluster: false,
          } satisfies HealthResponse,
          code,
        );
      },
    },
  },
];
