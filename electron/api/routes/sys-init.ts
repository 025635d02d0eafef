/**
 * sys/init: whether the keyring exists, the init ceremony, and Symbolon's init with verification
 * (sys/init/verify: prove every share of a pending init, or abandon it) (API.md, "sys/init").
 */
import type { InitVerifyState } from '../../core/core.js';
import type { InitResponse, InitVerifyStatusResponse, InitVerifyUpdateResponse } from '../../../shared/api/init.js';
import { readInitRequest } from '../init-request.js';
import { noContent, raw } from '../reply.js';
import type { Route } from '../route.js';
import { nonceFrom, shareFrom } from '../share-input.js';
import { issuedSharesResponse, verifyStatusResponse } from './sys-rekey.js';
import { shareFeedback } from './sys-seal.js';

/** A rekey's verify status, plus the pending keyring and who has proven their share. */
function initVerifyResponse(state: InitVerifyState): InitVerifyStatusResponse {
  return {
    ...verifyStatusResponse(state),
    keyring_id: state.keyringId,
    started_at: state.startedAt,
    custodians: state.custodians.map((c) => ({ index: c.index, name: c.name, fingerprint: c.fingerprint, proven: c.proven })),
  };
}

export const sysInitRoutes: Route[] = [
  {
    path: 'sys/init',
    auth: 'none',
    whileSealed: true,
    handlers: {
      read: ({ core }) => raw({ initialized: core.seal.config() !== null }),
      update: async ({ core, body }) => {
        const result = await core.initialize(readInitRequest(body));
        const { keys, keys_base64, shares } = issuedSharesResponse(result.shares);
        const answer: InitResponse = {
          keys,
          keys_base64,
          root_token: result.rootToken,
          keyring_id: result.keyringId,
          // Only when one was given: an unnamed init answers exactly as before.
          ...(result.keyringName !== null ? { keyring_name: result.keyringName } : {}),
          generation: result.generation,
          shares,
          ...(result.verificationNonce ? { verification_required: true as const, verification_nonce: result.verificationNonce } : {}),
        };
        return raw(answer);
      },
    },
  },
  {
    path: 'sys/init/verify',
    auth: 'none',
    whileSealed: true,
    handlers: {
      read: ({ core }) => raw(initVerifyResponse(core.initVerify.status())),
      update: async ({ core, body }) => {
        const { status, accepted, initialized } = await core.initVerify.prove(shareFrom(body), nonceFrom(body));
        const answer: InitVerifyUpdateResponse = initialized
          ? { nonce: initialized.nonce, complete: true, keyring_id: initialized.keyringId, ...shareFeedback(accepted) }
          : { ...initVerifyResponse(status), ...shareFeedback(accepted) };
        return raw(answer);
      },
      delete: async ({ core, body }) => {
        await core.initVerify.abandon(nonceFrom(body));
        return noContent();
      },
    },
  },
];
