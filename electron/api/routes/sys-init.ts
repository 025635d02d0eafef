/**
 * sys/init: whether the keyring exists, the init ceremony, and Symbolon's init with verification
 * (sys/init/verify: prove every share of a pending init, or abandon it) (API.md, "sys/init").
 */
import { noContent, raw } from '../reply.js';
import type { Route } from '../route.js';

export const sysInitRoutes: Route[] = [
  {
    path: 'sys/init',
    auth: 'none',
    whileSealed: true,
    handlers: {
      read: ({ core }) => raw({ initialized: core.seal.config() !== null }),
      update: async ({ core, body }) => {
        const result = await core.initialize(body);
        return raw({
          keys: result.shares.map((s) => s.keyHex),
          keys_base64: result.shares.map((s) => s.keyBase64),
          root_token: result.rootToken,
          keyring_id: result.keyringId,
          // Only when one was given: an unnamed init answers exactly as before.
          ...(result.keyringName !== null ? { keyring_name: result.keyringName } : {}),
          generation: result.generation,
          shares: result.shares.map((s) => ({
            index: s.index,
            custodian: s.custodian,
            fingerprint: s.fingerprint,
            text: s.text,
            pgp_armored: s.armored,
          })),
          ...(result.verificationNonce ? { verification_required: true, verification_nonce: result.verificationNonce } : {}),
        });
      },
    },
  },
  {
    path: 'sys/init/verify',
    auth: 'none',
    whileSealed: true,
    handlers: {
      read: ({ core }) => raw(core.initVerify.status()),
      update: async ({ core, body }) => {
        const { status, accepted, initialized } = await core.initVerify.prove({ key: body['key'], nonce: body['nonce'] });
        const feedback = { share_index: accepted.index, custodian: accepted.custodian };
        if (!initialized) return raw({ ...status, ...feedback });
        return raw({ nonce: initialized.nonce, complete: true, keyring_id: initialized.keyringId, ...feedback });
      },
      delete: async ({ core, body }) => {
        await core.initVerify.abandon(body['nonce']);
        return noContent();
      },
    },
  },
];
