/**
 * sys/rekey/init, sys/rekey/update, sys/rekey/verify, sys/rekey/backup (API.md, "sys/rekey").
 * Share-authorized and raw (no envelope), except backup, which needs a token and answers in the
 * logical envelope with its data also at the top level, as Vault's does. The routes answer while
 * sealed themselves so the core can say "not yet initialized" (400) before "sealed" (503).
 */
import type { IssuedShare } from '../../core/core.js';
import { logical, noContent, raw } from '../reply.js';
import type { Route } from '../route.js';

const feedback = (accepted: { index: number; custodian: string }) => ({ share_index: accepted.index, custodian: accepted.custodian });

/** Symbolon's per-share details, as sys/init gives them. */
const shareDetails = (shares: readonly IssuedShare[]) =>
  shares.map((s) => ({ index: s.index, custodian: s.custodian, fingerprint: s.fingerprint, text: s.text, pgp_armored: s.armored }));

export const sysRekeyRoutes: Route[] = [
  {
    path: 'sys/rekey/init',
    auth: 'none',
    whileSealed: true,
    handlers: {
      read: ({ core }) => raw(core.rekey.status()),
      update: async ({ core, body }) => raw(await core.rekey.start(body)),
      delete: async ({ core, body }) => {
        await core.rekey.cancel(body['nonce']);
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
        const { status, accepted, issue } = await core.rekey.update({ key: body['key'], nonce: body['nonce'] });
        if (!issue) return raw({ ...status, ...feedback(accepted) });
        return raw({
          nonce: issue.nonce,
          complete: true,
          keys: issue.shares.map((s) => s.keyHex),
          keys_base64: issue.shares.map((s) => s.keyBase64),
          pgp_fingerprints: issue.pgpFingerprints,
          backup: issue.backup,
          verification_required: issue.verificationRequired,
          ...(issue.verificationRequired ? { verification_nonce: issue.verificationNonce } : {}),
          keyring_id: issue.keyringId,
          generation: issue.generation,
          committed: issue.committed,
          shares: shareDetails(issue.shares),
          ...feedback(accepted),
        });
      },
    },
  },
  {
    path: 'sys/rekey/verify',
    auth: 'none',
    whileSealed: true,
    handlers: {
      read: ({ core }) => raw(core.rekey.verifyStatus()),
      update: async ({ core, body }) => {
        const { status, accepted, committed } = await core.rekey.verify({ key: body['key'], nonce: body['nonce'] });
        if (!committed) return raw({ ...status, ...feedback(accepted) });
        return raw({ nonce: committed.nonce, complete: true, generation: committed.generation, ...feedback(accepted) });
      },
      delete: async ({ core }) => raw(await core.rekey.restartVerification()),
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
        return logical({ nonce: backup.nonce, keys: backup.keys, keys_base64: backup.keys_base64, generation: backup.generation }, { topLevel: true, requestId });
      },
      delete: async ({ core }) => {
        await core.rekey.deleteBackup();
        return noContent();
      },
    },
  },
];
