/**
 * auth/token/create and auth/token/create-orphan (Vault's token store): a new token, child of the
 * caller unless orphaned, answered with Vault's `auth` block. The rules live in
 * core/tokens/token-lifecycle.ts; this file maps HTTP to them.
 */
import { policyName, tokenHash } from '../../core/core.js';
import { readCreateRequest } from '../token-create-request.js';
import { permits } from '../auth.js';
import { logical } from '../reply.js';
import type { ApiRequest, Route } from '../route.js';
import { tokenAuth } from './auth-token.js';

function create(req: ApiRequest, forceOrphan: boolean) {
  const { core, tokenEntry, token } = req;
  if (!tokenEntry || !token) throw new TypeError('token routes run only with an authenticated token');
  const request = readCreateRequest(req.body);
  const created = core.tokens.createChild(
    {
      parent: { hash: tokenHash(token), entry: tokenEntry },
      mayOrphan: permits(core, tokenEntry, req.path, 'update', true),
      forceOrphan,
      path: req.path,
      policyExists: (name) => core.policies.exists(policyName(name)),
    },
    request,
  );
  return logical(null, { auth: tokenAuth(created.entry, created.token, created.entry.creationTime), warnings: created.warnings.length > 0 ? created.warnings : null });
}

export const authTokenCreateRoutes: Route[] = [
  { path: 'auth/token/create', auth: 'token', handlers: { update: (req) => create(req, false) } },
  { path: 'auth/token/create-orphan', auth: 'token', handlers: { update: (req) => create(req, true) } },
];
