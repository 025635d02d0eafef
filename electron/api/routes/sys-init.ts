/** sys/init: whether the keyring exists, and the init ceremony (API.md, "sys/init"). */
import { raw } from '../reply.js';
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
        });
      },
    },
  },
];
