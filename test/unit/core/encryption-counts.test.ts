/**
 * Encryption counts survive restarts (DESIGN.md, "Encryption counting"): after a crash the stored
 * count of every term is at or above the true one, whatever wrote the keyring last — a count
 * reservation, a rotation, a config change, or a reservation whose transaction rolled back — and
 * after a clean seal it is exact. A "crash" here is a second process's view of the file while the
 * first never sealed: a second Core on the same file, which is what a restart after SIGKILL sees.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COUNT_RESERVATION_BLOCK } from '../../../electron/core/barrier/barrier.js';
import type { Core } from '../../../electron/core/core.js';
import { inTransaction } from '../../../electron/core/storage/database.js';
import { tempDir } from '../../helpers/serve.js';
import { reopenUnsealed, unsealedCore } from '../../helpers/unsealed-core.js';
import { dbOf } from '../../helpers/core-internals.js';
import { readRotationConfigChange } from '../../../electron/api/rotation-config-input.js';

describe('encryption counts', () => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  let core: Core;
  let key: string;
  const others: Core[] = [];

  beforeEach(async () => {
    dir = tempDir();
    file = join(dir.dir, 'k.db');
    ({ core, key } = await unsealedCore(file));
  });
  afterEach(() => {
    for (const other of others.splice(0)) dbOf(other).close();
    core.close();
    dir.remove();
  });

  /** The counts a restart would find if this process died now (it never seals). */
  async function countsAfterCrash(): Promise<Map<number, number>> {
    const other = await reopenUnsealed(file, key);
    others.push(other);
    const keyring = other.barrier.currentKeyring;
    const counts = new Map<number, number>();
    for (let t = 1; t <= keyring.activeTerm; t++) counts.set(t, keyring.term(t)?.encryptions ?? -1);
    // Forget without sealing: sealing would write exact counts, which a crash never does.
    other.rotation.stop();
    other.barrier.forget();
    return counts;
  }

  function put(n: number, prefix: string): void {
    for (let i = 0; i < n; i++) core.barrier.put(`${prefix}/${i}`, Buffer.from('x'));
  }

  it('never forgets counts after a crash, and stores them exactly on seal', async () => {
    put(10, 'a');
    const truth = core.rotation.keyStatus().encryptions;
    const crashed = (await countsAfterCrash()).get(1) ?? 0;
    expect(crashed).toBeGreaterThanOrEqual(truth);
    expect(crashed).toBeLessThanOrEqual(truth + COUNT_RESERVATION_BLOCK);
    core.close();
    core = await reopenUnsealed(file, key);
    expect(core.rotation.keyStatus().encryptions).toBe(truth);
  });

  it('keeps the reservation when a config change rewrites the keyring', async () => {
    put(10, 'a');
    core.rotation.updateConfig(readRotationConfigChange({ interval: '48h' }));
    put(10, 'b');
    const truth = core.rotation.keyStatus().encryptions;
    expect((await countsAfterCrash()).get(1)).toBeGreaterThanOrEqual(truth);
  });

  it('keeps both terms\' counts at or above the truth across a rotation', async () => {
    put(10, 'a');
    const oldTruth = core.rotation.keyStatus().encryptions;
    core.rotation.rotate('manual');
    put(7, 'b');
    const counts = await countsAfterCrash();
    expect(counts.get(1)).toBeGreaterThanOrEqual(oldTruth);
    expect(counts.get(2)).toBeGreaterThanOrEqual(7);
  });

  it('restores a reservation that was rolled back with its transaction at the next check', async () => {
    put(1, 'warm');
    core.close();
    core = await reopenUnsealed(file, key);
    // The first encryption after unseal crosses the stored reservation and writes a new one,
    // inside a transaction that then fails.
    expect(() =>
      inTransaction(dbOf(core), () => {
        core.barrier.put('doomed', Buffer.from('x'));
        throw new Error('caller fails after encrypting');
      }),
    ).toThrow('caller fails');
    put(5, 'later');
    const truth = core.rotation.keyStatus().encryptions;
    core.rotation.check();
    expect((await countsAfterCrash()).get(1)).toBeGreaterThanOrEqual(truth);
  });
});
