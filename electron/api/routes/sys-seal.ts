/** sys/seal-status, sys/unseal, sys/seal, and Symbolon's sys/shares/check (API.md, "sys/seal-status …"). */
import type { SealState } from '../../core/core.js';
import { SYMBOLON_VERSION } from '../../core/core.js';
import { invalid } from '../../core/errors.js';
import type { SealStatusResponse, ShareCheckResponse, UnsealResponse } from '../../../shared/api/seal.js';
import type { ShareFeedback } from '../../../shared/api/shares.js';
import { noContent, raw } from '../reply.js';
import type { Route } from '../route.js';
import { EMPTY_UNSEAL_MESSAGE, shareFrom } from '../share-input.js';
import { clusterIdentity } from './sys-health.js';

/** The seal state in Vault's field names, plus Symbolon's keyring, custodian and backup facts. */
export function sealStatusResponse(state: SealState): SealStatusResponse {
  return {
    type: 'shamir',
    initialized: state.initialized,
    sealed: state.sealed,
    t: state.threshold,
    n: state.shares,
    progress: state.progress,
    nonce: state.nonce,
    version: SYMBOLON_VERSION,
    build_date: '',
    migration: false,
    recovery_seal: false,
    storage_type: 'sqlite',
    keyring_id: state.keyringId,
    keyring_name: state.keyringName,
    generation: state.generation,
    custodians: state.custodians.map((c) => ({ index: c.index, name: c.name, fingerprint: c.fingerprint })),
    progress_custodians: state.progressCustodians.map((c) => ({ index: c.index, name: c.name })),
    last_backup_time: state.lastBackup?.time ?? null,
    last_backup_generation: state.lastBackup?.generation ?? null,
    last_backup_predates_generation: state.lastBackup?.predatesGeneration ?? null,
  };
}

/** Symbolon's per-share verdict: whose share was just accepted. */
export const shareFeedback = (accepted: { readonly index: number; readonly custodian: string }): ShareFeedback => ({
  share_index: accepted.index,
  custodian: accepted.custodian,
});

export const sysSealRoutes: Route[] = [
  {
    path: 'sys/seal-status',
    auth: 'none',
    whileSealed: true,
    handlers: {
      read: ({ core }) => {
        const state = core.seal.status();
        const status = sealStatusResponse(state);
        // Vault names its cluster only once unsealed (the cluster record is behind the barrier).
        return raw(state.sealed ? status : { ...status, ...clusterIdentity(state) });
      },
    },
  },
  {
    path: 'sys/unseal',
    auth: 'none',
    whileSealed: true,
    handlers: {
      update: async ({ core, body }) => {
        const reset = body['reset'];
        if (reset !== undefined && reset !== null && typeof reset !== 'boolean') throw invalid('INVALID_REQUEST', "'reset' must be a boolean");
        const outcome = reset === true ? await core.seal.resetUnseal() : await core.seal.unseal(shareFrom(body, EMPTY_UNSEAL_MESSAGE));
        const answer: UnsealResponse = {
          ...sealStatusResponse(outcome.status),
          ...(outcome.accepted ? shareFeedback(outcome.accepted) : {}),
          ...(outcome.duplicate ? { share_duplicate: true as const } : {}),
        };
        return raw(answer);
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
        // "Not initialized" comes before anything about the key, as it always has.
        core.seal.requireConfig();
        const share = core.seal.checkShare(shareFrom(body));
        const answer: ShareCheckResponse = { valid: true, ...shareFeedback(share), generation: share.generation };
        return raw(answer);
      },
    },
  },
];
