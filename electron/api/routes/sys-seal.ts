/** sys/seal-status, sys/unseal, sys/seal, and Symbolon's sys/shares/check (API.md, "sys/seal-status …"). */
import { noContent, raw } from '../reply.js';
import type { Route } from '../route.js';
import { clusterIdentity } from './sys-health.js';

export const sysSealRoutes: Route[] = [
  {
    path: 'sys/seal-status',
    auth: 'none',
    whileSealed: true,
    handlers: {
      read: ({ core }) => {
        const status = core.seal.status();
        // Vault names its cluster only once unsealed (the cluster record is behind the barrier).
        return raw(status.sealed ? status : { ...status, ...clusterIdentity(status) });
      },
    },
  },
  {
    path: 'sys/unseal',
    auth: 'none',
    whileSealed: true,
    handlers: {
      update: async ({ core, body }) => {
        const outcome = await core.seal.unseal({ key: body['key'], reset: body['reset'] });
        return raw({
          ...outcome.status,
          ...(outcome.accepted ? { share_index: outcome.accepted.index, custodian: outcome.accepted.custodian } : {}),
          ...(outcome.duplicate ? { share_duplicate: true } : {}),
        });
      },
    },
  },
  {
    // Needs update+sudo on sys/seal. While sealed no token can be checked (the token store is
    // behind the barrier) and there is nothing to do, so a request carrying a token gets 204.
    path: 'sys/seal',
    auth: 'token-unless-sealed',
    sudo: true,
    whileSealed: true,
    handlers: {
      update: ({ core }) => {
        if (core.seal.sealed) return noContent();
        core.seal.seal('request');
        return noContent();
      },
    },
  },
  {
    // Symbolon: a custodian checks a share without unsealing and without changing any state.
    path: 'sys/shares/check',
    auth: 'none',
    whileSealed: true,
    handlers: {
      update: ({ core, body }) => {
        const share = core.seal.checkShare(body['key']);
        return raw({ valid: true, share_index: share.index, custodian: share.custodian, generation: share.generation });
      },
    },
  },
];
