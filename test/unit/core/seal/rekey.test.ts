/**
 * The rekey state machine in the core, without HTTP: the paths the API cannot reach on purpose.
 * Per-share commitments stop wrong shares at entry, so "wrong new shares at threshold" is forced
 * here by damaging the pending unseal key; and a seal landing while the new share set is being
 * PGP-encrypted (sealing does not take the ceremony lock) must leave nothing committed.
 */
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../../electron/core/core.js';
import { CoreError } from '../../../../electron/core/errors.js';
import { tempDir } from '../../../helpers/serve.js';
import { nextTurn, unsealedCore } from '../../../helpers/unsealed-core.js';
import { decodeShare } from '../../../../electron/core/core.js';
import { readRekeyInit } from '../../../../electron/api/rekey-init-request.js';

async function rejection(work: Promise<unknown>): Promise<CoreError> {
  const error = await work.then(() => null, (thrown: unknown) => thrown);
  if (!(error instanceof CoreError)) throw new Error(`expected a CoreError, got ${String(error)}`);
  return error;
}

const steps = (core: Core) =>
  core.audit.rows().map((r) => JSON.parse(r.entry) as { ceremony?: string; step?: string }).filter((e) => e.ceremony === 'rekey').map((e) => e.step);

describe('rekey (core)', () => {
  let dir: ReturnType<typeof tempDir>;
  let core: Core;
  let key: string;

  beforeEach(async () => {
    dir = tempDir();
    ({ core, key } = await unsealedCore(join(dir.dir, 'k.db')));
  });
  afterEach(() => {
    core.close();
    dir.remove();
  });

  it('refuses new shares that pass their commitments but do not reconstruct the pending key, under a new nonce', async () => {
    await core.rekey.start(readRekeyInit({ secret_shares: 3, secret_threshold: 2, require_verification: true }));
    const { issue } = await core.rekey.update(decodeShare(key), core.rekey.status().nonce);
    if (!issue) throw new Error('expected the new shares');
    const before = issue.verificationNonce;
    // White-box: damage the pending unseal key the verification compares against.
    const internals = core.rekey as unknown as { attempt: { pending: { unsealKey: Uint8Array } } };
    internals.attempt.pending.unsealKey.fill(1);
    await core.rekey.verify(decodeShare(issue.shares[0]?.keyHex), before);
    const error = await rejection(core.rekey.verify(decodeShare(issue.shares[1]?.keyHex), before));
    expect(error.message).toBe('rekey verification failed; incorrect key shares supplied');
    expect(error.kind).toBe('invalid');
    const after = core.rekey.verifyStatus();
    expect(after).toMatchObject({ started: true, progress: 0 });
    expect(after.nonce).not.toBe(before);
    expect(core.seal.status().generation).toBe(1);
    expect(steps(core)).toContain('verification-failed');
  });

  it('commits nothing when the keyring is sealed while the new shares are being encrypted', async () => {
    const keys = await Promise.all(Array.from({ length: 40 }, async (_, i) =>
      (await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: `C${i}` }] })).publicKey));
    await core.rekey.start(readRekeyInit({ secret_shares: 40, secret_threshold: 2, pgp_keys: keys }));
    const pending = core.rekey.update(decodeShare(key), core.rekey.status().nonce);
    // The quorum is proven (audited) before the set is made; seal during the encryption.
    while (!steps(core).includes('authorized')) await nextTurn();
    core.seal.seal();
    const error = await rejection(pending);
    expect(error.kind).toBe('sealed');
    expect(steps(core)).toEqual(['started', 'share-accepted', 'authorized', 'abandoned']);
    expect(core.seal.config()?.current.generation).toBe(1);
    // The old key still unseals.
    expect((await core.seal.unseal(decodeShare(key))).status.sealed).toBe(false);
  });

  it('audits each step with indexes and custodians only, never a share', async () => {
    await core.rekey.start(readRekeyInit({ secret_shares: 2, secret_threshold: 2, require_verification: true, custodians: ['Ann', 'Ben'] }));
    const { issue } = await core.rekey.update(decodeShare(key), core.rekey.status().nonce);
    if (!issue) throw new Error('expected the new shares');
    for (const share of issue.shares) await core.rekey.verify(decodeShare(share.text), issue.verificationNonce);
    expect(steps(core)).toEqual(['started', 'share-accepted', 'authorized', 'shares-issued', 'verify-share-accepted', 'verify-share-accepted', 'committed']);
    const log = core.audit.rows().map((r) => r.entry).join('\n');
    for (const secret of [key, Buffer.from(key, 'base64').toString('hex'), ...issue.shares.flatMap((s) => [s.keyHex, s.keyBase64, s.text ?? ''])]) {
      expect(log).not.toContain(secret);
    }
    expect(core.audit.verify().ok).toBe(true);
  });
});
