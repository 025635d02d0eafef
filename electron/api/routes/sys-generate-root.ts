/**
 * sys/generate-root/attempt and sys/generate-root/update (API.md, "sys/generate-root"):
 * share-authorized, raw JSON. The routes answer while sealed themselves so the core can say
 * "not yet initialized" (400) before "sealed" (503).
 */
import type { GenerateRootState } from '../../core/core.js';
import { invalid } from '../../core/errors.js';
import type { GenerateRootStatusResponse, GenerateRootUpdateResponse } from '../../../shared/api/generate-root.js';
import { noContent, raw } from '../reply.js';
import type { Route } from '../route.js';
import { nonceFrom, shareFrom } from '../share-input.js';
import { shareFeedback } from './sys-seal.js';

/** A string field of the body; '' when absent. */
function optionalString(value: unknown, name: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw invalid('INVALID_REQUEST', `'${name}' must be a string`);
  return value;
}

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
      update: async ({ core, body }) => {
        // Not initialized or sealed is said before anything about the request, as it always was.
        core.seal.requireOpen();
        const delivery = { otp: optionalString(body['otp'], 'otp'), pgpKey: optionalString(body['pgp_key'], 'pgp_key') };
        return raw(generateRootResponse(await core.generateRoot.start(delivery)));
      },
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
