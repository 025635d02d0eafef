/**
 * The rewrap job in the core (electron/core/barrier/rewrap.ts), on a real keyring file: every
 * record under an older term ends under the active term with its plaintext unchanged; the keyring
 * record and seal records are left alone; the job survives a seal and a crash (resuming from its
 * stored cursor on unseal), a rotation in the middle, automatic rotation caused by its own
 * encryptions (the job still ends), and stops loudly on a record that does not open.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Barrier, KEYRING_PATH } from '../../../electron/core/barrier/barrier.js';
import type { Core } from '../../../electron/core/core.js';
import { inTransaction } from '../../../electron/core/storage/database.js';
import { tempDir } from '../../helpers/serve.js';
import { nextTurn, reopenUnsealed, unsealedCore } from '../../helpers/unsealed-core.js';
import { dbOf } from '../../helpers/core-internals.js';
import { decodeShare } from '../../../electron/core/core.js';
import { readRotationConfigChange } from '../../../electron/api/rotation-config-input.js';

const BATCH = 50;

function valueFor(path: string): Buffer {
  return createHash('sha256').update(path).digest();
}

function termsOnDisk(core: Core): Map<string, number> {
  const rows = dbOf(core).prepare('SELECT path, value FROM records').all() as { path: string; value: Buffer }[];
  return new Map(rows.map((r) => [r.path, Barrier.termOf(r.value)]));
}

describe('rewrap (core)', () => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  let core: Core;
  let key: string;
  const paths: string[] = [];

  beforeEach(async () => {
    dir = tempDir();
    file = join(dir.dir, 'k.db');
    ({ core, key } = await unsealedCore(file, { rewrap: { batchSize: BATCH } }));
    paths.length = 0;
    inTransaction(dbOf(core), () => {
      for (let i = 0; i < 420; i++) {
        const path = `kv/data/${String(i).padStart(4, '0')}`;
        paths.push(path);
        core.barrier.put(path, valueFor(path));
      }
    });
  });
  afterEach(() => {
    core.close();
    dir.remove();
  });

  function expectAllReadBack(c: Core = core): void {
    for (const path of paths) expect(c.barrier.get(path)?.equals(valueFor(path)), path).toBe(true);
  }

  function expectAllUnder(term: number, c: Core = core): void {
    for (const [path, t] of termsOnDisk(c)) {
      if (path === KEYRING_PATH) expect(t).toBe(0);
      else expect(t, path).toBe(term);
    }
  }

  function expectNoneBelow(term: number, c: Core = core): void {
    for (const [path, t] of termsOnDisk(c)) if (path !== KEYRING_PATH) expect(t, path).toBeGreaterThanOrEqual(term);
  }

  it('re-encrypts every older record under the active term, values unchanged', async () => {
    core.rotation.rotate('manual');
    core.barrier.put('kv/data/fresh', valueFor('kv/data/fresh'));
    core.rotation.rotate('manual');
    const before = core.rewrap.progress();
    expect(before.running).toBe(false);
    expect(before.targetTerm).toBe(3);
    expect(before.terms['1']).toBeGreaterThanOrEqual(420);
    expect(before.terms['2']).toBe(1);
    expect(before.remaining).toBe(before.total);

    const started = core.rewrap.start();
    expect(started.alreadyRunning).toBe(false);
    expect(started.progress.running).toBe(true);
    await core.rewrap.idle();

    const after = core.rewrap.progress();
    expect(after).toMatchObject({ running: false, remaining: 0, targetTerm: 3, error: null });
    expect(after.done).toBe(before.remaining);
    expect(after.total).toBe(after.done);
    expect(Object.keys(after.terms)).toEqual(['3']);
    expect(after.finishedAt).not.toBeNull();
    expectAllUnder(3);
    expectAllReadBack();
    expect(core.barrier.get('kv/data/fresh')?.equals(valueFor('kv/data/fresh'))).toBe(true);

    const audit = core.audit.rows(1, 10_000).map((r) => JSON.parse(r.entry) as Record<string, unknown>).filter((e) => e['type'] === 'rewrap');
    expect(audit.map((e) => e['step'])).toEqual(['started', 'finished']);
  });

  it('leaves the keyring record and the seal records alone', async () => {
    const seal = dbOf(core).prepare('SELECT name, value FROM seal ORDER BY name').all();
    core.rotation.rotate('manual');
    core.rewrap.start();
    await core.rewrap.idle();
    expect(dbOf(core).prepare('SELECT name, value FROM seal ORDER BY name').all()).toEqual(seal);
    expect(termsOnDisk(core).get(KEYRING_PATH)).toBe(0);
    expect(core.rewrap.progress().terms['0']).toBeUndefined();
  });

  it('answers a second start with the running job', async () => {
    core.rotation.rotate('manual');
    core.rewrap.start();
    const again = core.rewrap.start();
    expect(again.alreadyRunning).toBe(true);
    expect(again.progress.running).toBe(true);
    await core.rewrap.idle();
    expect(core.rewrap.progress().remaining).toBe(0);
  });

  it('finishes at once when nothing is under an older term', async () => {
    core.rewrap.start();
    await core.rewrap.idle();
    expect(core.rewrap.progress()).toMatchObject({ running: false, done: 0, remaining: 0, total: 0 });
  });

  it('works in batches, serving others in between, and stops on seal; unseal resumes it', async () => {
    core.rotation.rotate('manual');
    core.rewrap.start();
    await nextTurn();
    await nextTurn();
    const partial = core.rewrap.progress();
    expect(partial.running).toBe(true);
    expect(partial.done).toBeGreaterThan(0);
    expect(partial.done).toBeLessThan(420);
    expect(partial.done % BATCH).toBe(0);

    core.seal.seal();
    await core.rewrap.idle();
    await core.seal.unseal(decodeShare(key));
    const resumed = core.rewrap.progress();
    expect(resumed.running).toBe(true);
    expect(resumed.done).toBeGreaterThanOrEqual(partial.done);
    await core.rewrap.idle();
    expect(core.rewrap.progress()).toMatchObject({ running: false, remaining: 0 });
    expectAllUnder(2);
    expectAllReadBack();
  });

  it('resumes after a crash (the process never sealed) from the stored cursor', async () => {
    core.rotation.rotate('manual');
    core.rewrap.start();
    await nextTurn();
    await nextTurn();
    const done = core.rewrap.progress().done;
    expect(done).toBeGreaterThan(0);
    // Crash: drop keys without sealing and close the file under the running job.
    core.rotation.stop();
    core.barrier.forget();
    dbOf(core).close();
    await core.rewrap.idle();

    core = await reopenUnsealed(file, key, { rewrap: { batchSize: BATCH } });
    expect(core.rewrap.progress().running).toBe(true);
    await core.rewrap.idle();
    const final = core.rewrap.progress();
    expect(final).toMatchObject({ running: false, remaining: 0 });
    expect(final.done).toBeGreaterThanOrEqual(420);
    expectAllUnder(2);
    expectAllReadBack();
  });

  it('retires the terms older than its target when a rotation happens mid-job; the next job the rest', async () => {
    core.rotation.rotate('manual');
    core.rewrap.start();
    await nextTurn();
    await nextTurn();
    const before = core.rewrap.progress().done;
    core.rotation.rotate('manual');
    core.barrier.put('kv/data/mid', valueFor('kv/data/mid'));
    expect(core.rewrap.progress()).toMatchObject({ running: true, targetTerm: 2 });
    await core.rewrap.idle();
    expectNoneBelow(2);
    // Records handled before the rotation are under term 2, now older than the active term 3.
    const after = core.rewrap.progress();
    expect(after).toMatchObject({ running: false, targetTerm: 3, error: null });
    expect(after.terms['2']).toBeGreaterThanOrEqual(before);
    expect(after.remaining).toBe(after.terms['2']);
    core.rewrap.start();
    await core.rewrap.idle();
    expect(core.rewrap.progress()).toMatchObject({ running: false, remaining: 0, targetTerm: 3 });
    expectAllUnder(3);
    expectAllReadBack();
  });

  it('lets its own encryptions trigger automatic rotation, and still ends under the active term', async () => {
    core.close();
    core = await reopenUnsealed(file, key, { rewrap: { batchSize: BATCH }, rotation: { minMaxOperations: 100 } });
    core.rotation.rotate('manual');
    core.rotation.updateConfig(readRotationConfigChange({ max_operations: 150 }));
    // 420 records, rotation every ~150 encryptions: the job must still end.
    core.rewrap.start();
    await core.rewrap.idle();
    expect(core.rotation.keyStatus().term).toBeGreaterThanOrEqual(4);
    expect(core.rewrap.progress()).toMatchObject({ running: false, error: null });
    expectNoneBelow(2);
    expectAllReadBack();
    const rotations = core.audit.rows(1, 10_000).map((r) => JSON.parse(r.entry) as Record<string, unknown>).filter((e) => e['type'] === 'rotation');
    expect(rotations.filter((e) => e['reason'] === 'max_operations').length).toBeGreaterThanOrEqual(2);
  });

  it('stops and names a record that does not open; nothing else is touched', async () => {
    core.rotation.rotate('manual');
    const victim = paths[10] ?? '';
    const row = dbOf(core).prepare('SELECT value FROM records WHERE path = ?').get(victim) as { value: Buffer };
    const bad = Buffer.from(row.value);
    bad[bad.length - 1] = (bad[bad.length - 1] ?? 0) ^ 1;
    dbOf(core).prepare('UPDATE records SET value = ? WHERE path = ?').run(bad, victim);
    core.rewrap.start();
    await core.rewrap.idle();
    const progress = core.rewrap.progress();
    expect(progress.running).toBe(false);
    expect(progress.error).toContain(`record ${victim} failed authentication`);
    for (const path of paths) if (path !== victim) expect(core.barrier.get(path)?.equals(valueFor(path))).toBe(true);
  });
});
