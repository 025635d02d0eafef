/**
 * sys/generate-root/attempt and sys/generate-root/update (API.md, "sys/generate-root"):
 * share-authorized, raw JSON. The routes answer while sealed themselves so the core can say
 * "not yet initialized" (400) before "sealed" (503).
 */
import { noContent, raw } from '../reply.js';
import type { Route } from '../route.js';

export const sysGenerateRootRoutes: Route[] = [
  {
    path: 'sys/generate-root/attempt',
    auth: 'none',
    whileSealed: true,
    handlers: {
      read: ({ core }) => raw(core.generateRoot.status()),
      update: async ({ core, body }) => raw(await core.generateRoot.start({ otp: body['otp'], pgp_key: body['pgp_key'] })),
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
        const { status, accepted } = await core.generateRoot.update({ key: body['key'], nonce: body['nonce'] });
        return raw({ ...status, share_index: accepted.index, custodian: accepted.custodian });
      },
    },
  },
];
