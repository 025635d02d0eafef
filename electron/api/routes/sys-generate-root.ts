/**
 * sys/generate-root/attempt and sys/generate-root/update (API.md, "sys/generate-root"):
 * share-authorized, raw JSON. The routes answer while sealed themselves so the core can say
 * "not yet initialized" (400) before "sealed" (503).
 */
import type { GenerateRootState } from '../../core/core.js';
import type { GenerateRootStatusResponse, GenerateRootUpdateResponse } from '../../../shared/api/generate-root.js';
import { noContent, raw } from '../reply.js';
import type { Route } from '../route.js';
import { nonceFrom, shareFrom } from '../share-input.js';
import { shareFeedback } from './sys-seal.js';

/** Vault's names; the encoded token appears twice, under the name older clients read too. */
function generateRootResponse(state: GenerateRootState): GenerateRootStatusResponse {
  return {
    nonce: state.nonce,
    started: state.started,
    progress: state.progress,
    required: state.required,
    complete: state.complete,
    encoded_token: state.encodedToken,
    encoded_root_token: state.encodedToken,
    pgp_fingerprint: state.pgpFingerprint,
    otp: state.otp,
    otp_length: state.otpLength,
  };
}

export const sysGenerateRootRoutes: Route[] = [
  {
    path: 'sys/generate-root/attempt',
    auth: 'none',
    whileSealed: true,
    handlers: {
      read: ({ core }) => raw(generateRootResponse(core.generateRoot.status())),
      update: async ({ core, body }) => raw(generateRootResponse(await core.generateRoot.start({ otp: body['otp'], pgp_key: body['pgp_key'] }))),
      delete: async ({ core }) => {
        await core.generateRoot.cancel();
        return noContent();
      },
    },
  },
  {
    path: 'sys/generate-root/update',
    auth: 'none',
    whileSealed: true,
    handlers: {
      update: async ({ core, body }) => {
        const { status, accepted } = await core.generateRoot.update(shareFrom(body), nonceFrom(body));
        const answer: GenerateRootUpdateResponse = { ...generateRootResponse(status), ...shareFeedback(accepted) };
        return raw(answer);
      },
    },
  },
];
