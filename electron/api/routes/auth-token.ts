/** auth/token/lookup-self: the caller's own token, in Vault's shape. */
import type { TokenEntry } from '../../core/tokens/token-store.js';
import { logical } from '../reply.js';
import type { Route } from '../route.js';

export function tokenData(entry: TokenEntry, id: string | null): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    accessor: entry.accessor,
    creation_time: entry.creationTime,
    creation_ttl: entry.creationTtl,
    display_name: entry.displayName,
    entity_id: '',
    expire_time: entry.expireTime === null ? null : new Date(entry.expireTime * 1000).toISOString(),
    explicit_max_ttl: 0,
    id: id ?? '',
    meta: entry.meta,
    num_uses: entry.numUses,
    orphan: entry.orphan,
    path: entry.path,
    policies: [...entry.policies],
    renewable: false,
    ttl: entry.expireTime === null ? 0 : Math.max(0, entry.expireTime - now),
    type: 'service',
  };
}

export const authTokenRoutes: Route[] = [
  {
    path: 'auth/token/lookup-self',
    auth: 'token',
    handlers: {
      read: ({ tokenEntry, token }) => logical(tokenEntry ? tokenData(tokenEntry, token) : null),
    },
  },
];
