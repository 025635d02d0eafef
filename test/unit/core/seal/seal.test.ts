/**
 * The seal lifecycle in the core, without HTTP: things the API cannot reach yet. Rekey is being
 * built separately, so a rekey commit is simulated here exactly as it must happen (new share set,
 * root key rewritten under the new unseal key and generation, old generation pushed to history)
 * to show that a share of the earlier generation is named as such and does not advance progress.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Core, decodeShare } from '../../../../electron/core/core.js';
import { CoreError } from '../../../../electron/core/errors.js';
import { inTransaction } from '../../../../electron/core/storage/database.js';
import { readRootKey, writeRootKey } from '../../../../electron/core/seal/root-key.js';
import { nextGeneration, readSealConfig, writeSealConfig } from '../../../../electron/core/seal/seal-config.js';
import { combineShares } from '../../../../electron/core/seal/shamir.js';
import { makeShareSet } from '../../../../electron/core/seal/share-set.js';
import type { IssuedShare } from '../../../../electron/core/seal/share-set.js';
import { fromHex } from '../../../../shared/share-forms.js';
import { tempDir } from '../../../helpers/serve.js';
import { dbOf } from '../../../helpers/core-internals.js';
import { readInitRequest } from '../../../../electron/api/init-request.js';

async function rejection(work: Promise<unknown>): Promise<CoreError> {
  const error = await work.then(() => null, (thrown: unknown) => thrown);
  if (!(error instanceof CoreError)) throw new Error(`expected a CoreError, got ${String(error)}`);
  return error;
}

describe('seal (core)', () => {
  let dir: ReturnType<typeof tempDir>;
  let core: Core;

  beforeEach(() => {
    dir = tempDir();
    core = Core.open({ path: join(dir.dir, 'k.db') });
  });
  afterEach(() => {
    core.close();
    dir.remove();
  });

  /** What a rekey commit does to the seal records: returns the new generation's shares. */
  async function simulateRekey(oldShares: readonly IssuedShare[], threshold: number): Promise<readonly IssuedShare[]> {
    const config = readSealConfig(dbOf(core));
    if (!config) throw new Error('not initialized');
    const oldKey = await combineShares(oldShares.slice(0, threshold).map((s) => fromHex(s.keyHex) ?? new Uint8Array()), threshold, oldShares.length);
    const rootKey = readRootKey(dbOf(core), oldKey, config.keyringId, config.current.generation);
    if (!rootKey) throw new Error('old shares did not open the root key');
    const next = await makeShareSet(config.keyringId, config.current.generation + 1, { shares: 3, threshold: 2, custodians: ['Ann', 'Bob', 'Cy'] }, null, new Date());
    inTransaction(dbOf(core), () => {
      writeSealConfig(dbOf(core), nextGeneration(config, next.record));
      writeRootKey(dbOf(core), next.unsealKey, rootKey, config.keyringId, next.record.generation);
    });
    core.seal.reloadConfig();
    return next.issued;
  }

  it('rejects a share from an earlier generation without advancing progress, then unseals with the new one', async () => {
    const init = await core.initialize(readInitRequest({ secret_shares: 3, secret_threshold: 2, custodians: ['Ann', 'Bob', 'Cy'] }));
    const fresh = await simulateRekey(init.shares, 2);
    expect(core.seal.status().generation).toBe(2);

    const first = fresh[0];
    if (!first) throw new Error('no shares');
    expect((await core.seal.unseal(decodeShare(first.keyHex))).status.progress).toBe(1);

    for (const old of [init.shares[1]?.keyHex, init.shares[1]?.text, init.shares[2]?.keyBase64]) {
      const error = await rejection(core.seal.unseal(decodeShare(old)));
      expect(error.code).toBe('SHARE_OLD_GENERATION');
      expect(error.message).toBe('this share belongs to generation 1; the current one is 2');
      expect(core.seal.status().progress).toBe(1);
    }
    const error = await rejection(Promise.resolve().then(() => core.seal.checkShare(decodeShare(init.shares[0]?.keyHex))));
    expect(error.message).toBe('this share belongs to generation 1; the current one is 2');

    const done = await core.seal.unseal(decodeShare(fresh[2]?.text));
    expect(done.status).toMatchObject({ sealed: false, progress: 0, generation: 2 });
    expect(done.accepted).toEqual({ index: 3, custodian: 'Cy' });
  });

  it('tells every seal listener when the keyring seals, and ends the unseal attempt', async () => {
    const init = await core.initialize(readInitRequest({ secret_shares: 3, secret_threshold: 2 }));
    let told = 0;
    core.seal.onSeal(() => (told += 1));
    await core.seal.unseal(decodeShare(init.shares[0]?.keyHex));
    expect(core.seal.status().progress).toBe(1);
    core.seal.seal();
    expect(told).toBe(1);
    expect(core.seal.status()).toMatchObject({ progress: 0, nonce: '' });
  });

  it('serialises concurrent unseal requests: threshold is reached exactly once', async () => {
    const init = await core.initialize(readInitRequest({ secret_shares: 5, secret_threshold: 3 }));
    const outcomes = await Promise.all(init.shares.map((s) => core.seal.unseal(decodeShare(s.keyHex))));
    expect(outcomes.map((o) => o.status.progress)).toEqual([1, 2, 0, 0, 0]);
    // The share that reached threshold unsealed; later ones met an unsealed keyring and were ignored.
    expect(outcomes[2]?.accepted?.index).toBe(3);
    expect(outcomes.slice(3).map((o) => o.accepted)).toEqual([null, null]);
    expect(core.seal.sealed).toBe(false);
  });
});
