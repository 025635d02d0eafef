/**
 * The rest of Vault's token store: lookup (by token or accessor), renew, and revoke (a token, its
 * children with it). Self-service paths are granted by the default policy; acting on another
 * token needs a policy on the named path (Vault's auth/token/lookup etc.).
 */
import type { Core, StoredToken } from '../../core/core.js';
import { invalid } from '../../core/errors.js';
import { tokenHash } from '../../core/core.js';
import { HttpError } from '../errors.js';
import { logical, noContent } from '../reply.js';
import type { ApiRequest, Route } from '../route.js';
import { tokenAuth, tokenData } from './auth-token.js';
import type { AccessorListData } from '../../../shared/api/tokens.js';

function field(req: ApiRequest, name: 'token' | 'accessor'): string {
  const value = req.body[name];
  if (typeof value !== 'string' || value.trim() === '' || value.length > 256) {
    throw invalid('INVALID_REQUEST', `'${name}' must be given as a non-empty string`, { field: name });
  }
  return value.trim();
}

/** The caller's own token, as stored. */
function self(req: ApiRequest): StoredToken {
  if (!req.tokenEntry || !req.token) throw new TypeError('token routes run only with an authenticated token');
  return { hash: tokenHash(req.token), entry: req.tokenEntry };
}

/** Vault answers 403 "bad token" when the named token does not exist. */
function named(core: Core, token: string): StoredToken {
  const stored = core.tokens.live(tokenHash(token));
  if (!stored) throw new HttpError(403, 'BAD_TOKEN', 'bad token');
  return stored;
}

function byAccessor(core: Core, accessor: string): StoredToken {
  const stored = core.tokens.byAccessor(accessor);
  if (!stored) throw invalid('INVALID_ACCESSOR', 'invalid accessor');
  return stored;
}

function renewed(req: ApiRequest, stored: StoredToken, clientToken: string) {
  const { entry, warnings, renewedAt } = req.core.tokens.renew(stored, req.body['increment']);
  // The lease granted, counted from the instant of renewal (not from now, a second later).
  return logical(null, { auth: tokenAuth(entry, clientToken, renewedAt), warnings: warnings.length > 0 ? warnings : null });
}

export const authTokenManageRoutes: Route[] = [
  {
    path: 'auth/token/lookup',
    auth: 'token',
    handlers: {
      update: (req) => {
        const token = field(req, 'token');
        return logical(tokenData(named(req.core, token).entry, token, req.core.tokens.now()));
      },
    },
  },
  {
    // Vault's root-protected listing: accessors only, never tokens, so an operator can find and
    // revoke root tokens left over from earlier ceremonies (lookup-accessor, revoke-accessor).
    path: 'auth/token/accessors',
    auth: 'token',
    sudo: true,
    handlers: { list: (req) => logical({ keys: req.core.tokens.accessors() } satisfies AccessorListData) },
  },
  {
    path: 'auth/token/lookup-accessor',
    auth: 'token',
    handlers: { update: (req) => logical(tokenData(byAccessor(req.core, field(req, 'accessor')).entry, null, req.core.tokens.now())) },
  },
  {
    path: 'auth/token/renew-self',
    auth: 'token',
    handlers: { update: (req) => renewed(req, self(req), req.token as string) },
  },
  {
    path: 'auth/token/renew',
    auth: 'token',
    handlers: {
      update: (req) => {
        const token = field(req, 'token');
        return renewed(req, named(req.core, token), token);
      },
    },
  },
  {
    path: 'auth/token/revoke-self',
    auth: 'token',
    handlers: {
      update: (req) => {
        req.core.tokens.revoke(self(req).entry.accessor);
        return noContent();
      },
    },
  },
  {
    // Revoking a token that does not exist (or no longer does) is done already: 204.
    path: 'auth/token/revoke',
    auth: 'token',
    handlers: {
      update: (req) => {
        const stored = req.core.tokens.live(tokenHash(field(req, 'token')));
        if (stored) req.core.tokens.revoke(stored.entry.accessor);
        return noContent();
      },
    },
  },
  {
    path: 'auth/token/revoke-accessor',
    auth: 'token',
    handlers: {
      update: (req) => {
        req.core.tokens.revoke(byAccessor(req.core, field(req, 'accessor')).entry.accessor);
        return noContent();
      },
    },
  },
];
