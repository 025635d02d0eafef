/**
 * auth/token/lookup-self: the caller's own token, in Vault's shape. `tokenData` and `tokenAuth`
 * are the lookup and login shapes every token route answers with (auth-token-*.ts).
 */
import type { TokenEntry } from '../../core/core.js';
import type { TokenAuth, TokenLookupData } from '../../../shared/api/tokens.js';
import { logical } from '../reply.js';
import type { Route } from '../route.js';

export function tokenData(entry: TokenEntry, id: string | null, now = Math.floor(Date.now() / 1000)): TokenLookupData {
  return {
    accessor: entry.accessor,
    creation_time: entry.creationTime,
    creation_ttl: entry.creationTtl,
    display_name: entry.displayName,
    entity_id: '',
    expire_time: entry.expireTime === null ? null : new Date(entry.expireTime * 1000).toISOString(),
    explicit_max_ttl: entry.explicitMaxTtl ?? 0,
    id: id ?? '',
    issue_time: new Date(entry.creationTime * 1000).toISOString(),
    meta: entry.meta,
    // -1 marks the request that spent the last use (the token is already revoked).
    num_uses: Math.max(0, entry.numUses),
    orphan: entry.orphan,
    path: entry.path,
    policies: [...entry.policies],
    renewable: isRenewable(entry),
    ttl: entry.expireTime === null ? 0 : Math.max(0, entry.expireTime - now),
    type: 'service',
  };
}

function isRenewable(entry: TokenEntry): boolean {
  return entry.expireTime !== null && entry.renewable !== false;
}

/** The `auth` block Vault returns when it issues or renews a token. */
export function tokenAuth(entry: TokenEntry, clientToken: string, now = Math.floor(Date.now() / 1000)): TokenAuth {
  return {
    client_token: clientToken,
    accessor: entry.accessor,
    policies: [...entry.policies],
    token_policies: [...entry.policies],
    metadata: entry.meta,
    lease_duration: entry.expireTime === null ? 0 : Math.max(0, entry.expireTime - now),
    renewable: isRenewable(entry),
    entity_id: '',
    token_type: 'service',
    orphan: entry.orphan,
    mfa_requirement: null,
    num_uses: Math.max(0, entry.numUses),
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
