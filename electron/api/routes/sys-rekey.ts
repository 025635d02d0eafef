/**
 * sys/rekey/init, sys/rekey/update, sys/rekey/verify, sys/rekey/backup (API.md, "sys/rekey").
 * Share-authorized and raw (no envelope), except backup, which needs a token and answers in the
 * logical envelope with its data also at the top level, as Vault's does. The routes answer while
 * sealed themselves so the core can say "not yet initialized" (400) before "sealed" (503).
 * Here the core's rekey state becomes Vault's wire shape (shared/api/rekey.ts), as Vault's
 * http/sys_rekey.go does over vault/rekey.go.
 */
import type { IssuedShare, RekeyState, VerifyState } from '../../core/core.js';
import type { RekeyBackupData, RekeyStatusResponse, RekeyUpdateResponse, RekeyVerifyStatusResponse, RekeyVerifyUpdateResponse } from '../../../shared/api/rekey.js';
import type { IssuedSharesResponse } from '../../../shared/api/shares.js';
import { readRekeyInit } from '../rekey-init-request.js';
import { logical, noContent, raw } from '../reply.js';
import type { Route } from '../route.js';
import { nonceFrom, shareFrom } from '../share-input.js';
import { shareFeedback } from './sys-seal.js';

export function rekeyStatusResponse(state: RekeyState): RekeyStatusResponse {
  return {
    nonce: state.nonce,
    started: state.started,
    t: state.newThreshold,
    n: state.newShares,
    progress: state.progress,
    required: state.required,
    pgp_fingerprints: state.pgpFingerprints === null ? null : [...state.pgpFingerprints],
    backup: state.backup,
    verification_required: state.verification !== 'none',
    verification_nonce: state.verificationNonce,
    verify_all_shares: state.verification === 'all',
    custodians: [...state.custodians],
  };
}

export function verifyStatusResponse(state: VerifyState): RekeyVerifyStatusResponse {
  return { nonce: state.nonce, started: state.started, t: state.threshold, n: state.shares, progress: state.progress, required: state.required };
}

/** Vault's `keys` and `keys_base64`, and Symbolon's per-share details (as sys/init gives them). */
export function issuedSharesResponse(shares: readonly IssuedShare[]): IssuedSharesResponse {
  return {
    keys: shares.map((s) => s.keyHex),
    keys_base64: shares.map((s) => s.keyBase64),
    shares: shares.map((s) => ({ index: s.index, custodian: s.custodian, fingerprint: s.fingerprint, text: s.text, pgp_armored: s.armored })),
  };
}

export const sysRekeyRoutes: Route[] = [
  {
    path: 'sys/rekey/init',
    auth: 'none',
    whileSealed: true,
    handlers: {
      read: ({ core }) => raw(rekeyStatusResponse(core.rekey.status())),
      update: async ({ core, body }) => {
        // Not initialized or sealed is said before anything about the request, as it always was.
        core.seal.requireOpen();
        return raw(rekeyStatusResponse(await core.rekey.start(readRekeyInit(body))));
      },
      delete: async ({ core, body }) => {
        await core.rekey.cancel(nonceFrom(body));
        return noContent();
      },
    },
  },
  {
    path: 'sys/rekey/update',
    auth: 'none',
    whileSealed: true,
    handlers: {
      update: async ({ core, body }) => {
        const { status, accepted, issue } = await core.rekey.update(shareFrom(body), nonceFrom(body));
        if (!issue) return raw({ ...rekeyStatusResponse(status), ...shareFeedback(accepted) } satisfies RekeyUpdateResponse);
        const { keys, keys_base64, shares } = issuedSharesResponse(issue.shares);
        const answer: RekeyUpdateResponse = {
          nonce: issue.nonce,
          complete: true,
          keys,
          keys_base64,
          pgp_fingerprints: issue.pgpFingerprints,
          backup: issue.backup,
          verification_required: issue.verificationRequired,
          ...(issue.verificationRequired ? { verification_nonce: issue.verificationNonce } : {}),
          keyring_id: issue.keyringId,
          generation: issue.generation,
          committed: issue.committed,
          shares,
          ...shareFeedback(accepted),
        };
        return raw(answer);
      },
    },
  },
  {
    path: 'sys/rekey/verify',
    auth: 'none',
    whileSealed: true,
    handlers: {
      read: ({ core }) => raw(verifyStatusResponse(core.rekey.verifyStatus())),
      update: async ({ core, body }) => {
        const { status, accepted, committed } = await core.rekey.verify(shareFrom(body), nonceFrom(body));
        const answer: RekeyVerifyUpdateResponse = committed
          ? { nonce: committed.nonce, complete: true, generation: committed.generation, ...shareFeedback(accepted) }
          : { ...verifyStatusResponse(status), ...shareFeedback(accepted) };
        return raw(answer);
      },
      delete: async ({ core }) => raw(verifyStatusResponse(await core.rekey.restartVerification())),
    },
  },
  {
    // Not root-protected in Vault (sys/rekey/backup is absent from its sudo paths): read and
    // delete capabilities on the path are enough; the root token has them.
    path: 'sys/rekey/backup',
    auth: 'token',
    handlers: {
      read: async ({ core, requestId }) => {
        const backup = await core.rekey.readBackup();
        const data: RekeyBackupData = { nonce: backup.nonce, keys: backup.keys, keys_base64: backup.keys_base64, generation: backup.generation };
        return logical({ ...data }, { topLevel: true, requestId });
      },
      delete: async ({ core }) => {
        await core.rekey.deleteBackup();
        return noContent();
      },
    },
  },
];
