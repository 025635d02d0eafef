/**
 * Key rotation in the core (electron/core/barrier/rotation.ts), on a real keyring file: manual
 * rotation, the rotation config with Vault's validation, automatic rotation by max_operations
 * (with the floor lowered by the test-only option, since 1,000,000 encryptions are too slow for a
 * unit test) and by interval age (with an injected clock), its audit entries, and the guarantee
 * that a rotation whose transaction fails leaves memory and file agreeing.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Barrier } from '../../../electron/core/barrier/barrier.js';
import { DEFAULT_MAX_OPERATIONS } from '../../../electron/core/barrier/keyring.js';
import type { Core } from '../../../electron/core/core.js';
import { CoreError } from '../../../electron/core/errors.js';
import { inTransaction } from '../../../electron/core/storage/database.js';
import { tempDir } from '../../helpers/serve.js';
import { nextTurn, reopenUnsealed, unsealedCore } from '../../helpers/unsealed-core.js';
import { dbOf } from '../../helpers/core-internals.js';
import { decodeShare } from '../../../electron/core/core.js';
import { readRotationConfigChange } from '../../../electron/api/rotation-config-input.js';

const START = new Date('2026-03-01T00:00:00.000Z');
const HOUR = 3600_000;

function auditEntries(core: Core, type: string): Record<string, unknown>[] {
  return core.audit
    .rows(1, 100_000)
    .map((row) => JSON.parse(row.entry) as Record<string, unknown>)
    .filter((entry) => entry['type'] === type);
}

function rawTerm(core: Core, path: string): number {
  const row = dbOf(core).prepare('SELECT value FROM records WHERE path = ?').get(path) as { value: Buffer };
  return Barrier.termOf(row.value);
}

function configError(core: Core, input: Record<string, unknown>): CoreError {
  try {
    core.rotation.updateConfig(readRotationConfigChange(input));
  } catch (error) {
    if (error instanceof CoreError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be refused`);
}

describe('rotation (core)', () => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  let now: Date;
  let core: Core;
  let key: string;

  beforeEach(async () => {
    dir = tempDir();
    file = join(dir.dir, 'k.db');
    now = START;
    ({ core, key } = await unsealedCore(file, { clock: () => now, rotation: { minMaxOperations: 10 } }));
  });
  afterEach(() => {
    core.close();
    dir.remove();
  });

  it('adds a term that encrypts new records while older terms keep decrypting', () => {
    core.barrier.put('kv/old', Buffer.from('under term 1'));
    now = new Date(START.getTime() + HOUR);
    const status = core.rotation.rotate('manual');
    expect(status).toEqual({ term: 2, installTime: now.toISOString(), encryptions: 0 });
    core.barrier.put('kv/new', Buffer.from('under term 2'));
    expect(rawTerm(core, 'kv/old')).toBe(1);
    expect(rawTerm(core, 'kv/new')).toBe(2);
    expect(core.barrier.get('kv/old')?.toString()).toBe('under term 1');
    expect(core.rotation.keyStatus().encryptions).toBe(1);
    expect(auditEntries(core, 'rotation')).toEqual([
      { type: 'rotation', reason: 'manual', term: 2, previous_term: 1, previous_encryptions: expect.any(Number) as number },
    ]);
  });

  it('keeps every term across a seal and a restart', async () => {
    core.barrier.put('a', Buffer.from('1'));
    core.rotation.rotate('manual');
    core.barrier.put('b', Buffer.from('2'));
    core.rotation.rotate('manual');
    core.close();
    core = await reopenUnsealed(file, key);
    expect(core.rotation.keyStatus().term).toBe(3);
    expect(core.barrier.get('a')?.toString()).toBe('1');
    expect(core.barrier.get('b')?.toString()).toBe('2');
  });

  it('starts with Vault\'s defaults: max_operations 3865470566, enabled, no interval', () => {
    expect(core.rotation.config()).toEqual({ maxOperations: DEFAULT_MAX_OPERATIONS, intervalSeconds: 0, enabled: true });
  });

  it('changes only the fields given; enabled:false alone takes effect', () => {
    core.rotation.updateConfig(readRotationConfigChange({ max_operations: 2_000_000 }));
    expect(core.rotation.config()).toEqual({ maxOperations: 2_000_000, intervalSeconds: 0, enabled: true });
    core.rotation.updateConfig(readRotationConfigChange({ interval: '4320h' }));
    expect(core.rotation.config()).toEqual({ maxOperations: 2_000_000, intervalSeconds: 4320 * 3600, enabled: true });
    core.rotation.updateConfig(readRotationConfigChange({ enabled: false }));
    expect(core.rotation.config()).toEqual({ maxOperations: 2_000_000, intervalSeconds: 4320 * 3600, enabled: false });
    core.rotation.updateConfig(readRotationConfigChange({ interval: 0, enabled: 'true' }));
    expect(core.rotation.config()).toEqual({ maxOperations: 2_000_000, intervalSeconds: 0, enabled: true });
    core.rotation.updateConfig(readRotationConfigChange({}));
    expect(core.rotation.config()).toEqual({ maxOperations: 2_000_000, intervalSeconds: 0, enabled: true });
  });

  it('accepts interval as seconds, an integer string, days, or a Go duration', () => {
    for (const [input, seconds] of [[86_400, 86_400], ['90000', 90_000], ['3d', 259_200], ['24h', 86_400], ['1500m', 90_000], ['25.5h', 91_800], ['', 0]] as const) {
      core.rotation.updateConfig(readRotationConfigChange({ interval: input }));
      expect(core.rotation.config().intervalSeconds, String(input)).toBe(seconds);
    }
  });

  it('refuses an interval under 24h (0 disables), with Vault\'s message, and changes nothing', () => {
    core.rotation.updateConfig(readRotationConfigChange({ max_operations: 5_000_000, interval: '48h' }));
    const before = core.rotation.config();
    const auditBefore = core.audit.count();
    for (const interval of ['23h59m59s', 3600, '1s', '-24h', -86400]) {
      const error = configError(core, { interval, max_operations: 9_000_000, enabled: false });
      expect(error.kind).toBe('invalid');
      expect(error.message).toBe('interval must be greater or equal to 24h0m0s');
    }
    expect(core.rotation.config()).toEqual(before);
    expect(core.audit.count()).toBe(auditBefore);
  });

  it('refuses max_operations outside [floor, 3865470566] with Vault\'s message', () => {
    // The floor is 10 here (test-only option); the message names whatever floor is in force.
    for (const max of [9, 0, -1, 3_865_470_567]) {
      expect(configError(core, { max_operations: max }).message).toBe('max_operations must be in the range [10,3865470566]');
    }
    expect(core.rotation.config().maxOperations).toBe(DEFAULT_MAX_OPERATIONS);
  });

  it('checks the interval before max_operations, as Vault does', () => {
    expect(configError(core, { max_operations: 1, interval: 60 }).message).toBe('interval must be greater or equal to 24h0m0s');
  });

  it('refuses values of the wrong type with a clear 400', () => {
    expect(configError(core, { max_operations: 'lots' }).message).toMatch(/^max_operations must be an integer/);
    expect(configError(core, { max_operations: 1.5e6 + 0.5 }).message).toMatch(/^max_operations must be an integer/);
    expect(configError(core, { interval: 'soon' }).message).toMatch(/^interval must be a duration/);
    expect(configError(core, { interval: true }).message).toMatch(/^interval must be a duration/);
    expect(configError(core, { enabled: 'maybe' }).message).toMatch(/^enabled must be true or false/);
    expect(configError(core, { enabled: 1 }).message).toMatch(/^enabled must be true or false/);
  });

  it('audits each config change', () => {
    core.rotation.updateConfig(readRotationConfigChange({ interval: '72h' }));
    expect(auditEntries(core, 'rotation-config')).toEqual([{ type: 'rotation-config', max_operations: DEFAULT_MAX_OPERATIONS, interval_seconds: 259_200, enabled: true }]);
  });

  it('keeps the config encrypted in the keyring, across a restart', async () => {
    core.rotation.updateConfig(readRotationConfigChange({ max_operations: 1_234_567, interval: '100h', enabled: false }));
    const raw = dbOf(core).prepare("SELECT value FROM records WHERE path = 'core/keyring'").get() as { value: Buffer };
    expect(raw.value.includes(Buffer.from('1234567'))).toBe(false);
    core.close();
    core = await reopenUnsealed(file, key);
    expect(core.rotation.config()).toEqual({ maxOperations: 1_234_567, intervalSeconds: 360_000, enabled: false });
  });

  it('rotates automatically when the active term reaches max_operations, after the write that reached it', async () => {
    core.rotation.updateConfig(readRotationConfigChange({ max_operations: 50 }));
    const base = core.rotation.keyStatus().encryptions;
    // Up to the limit in one transaction: the rotation must not happen inside it.
    inTransaction(dbOf(core), () => {
      for (let i = 0; i < 50 - base; i++) core.barrier.put(`kv/${i}`, Buffer.from(String(i)));
      expect(core.rotation.keyStatus().term).toBe(1);
    });
    expect(core.rotation.keyStatus().term).toBe(1);
    await nextTurn();
    expect(core.rotation.keyStatus()).toMatchObject({ term: 2, encryptions: 0 });
    expect(auditEntries(core, 'rotation')).toEqual([{ type: 'rotation', reason: 'max_operations', term: 2, previous_term: 1, previous_encryptions: 50 }]);
    for (let i = 0; i < 50 - base; i++) expect(core.barrier.get(`kv/${i}`)?.toString()).toBe(String(i));
    // The next term rotates at the same limit.
    for (let i = 0; i < 50; i++) core.barrier.put(`more/${i}`, Buffer.from('x'));
    await nextTurn();
    expect(core.rotation.keyStatus().term).toBe(3);
  });

  it('does not rotate automatically while rotation is disabled', async () => {
    core.rotation.updateConfig(readRotationConfigChange({ max_operations: 20, enabled: false }));
    for (let i = 0; i < 40; i++) core.barrier.put(`kv/${i}`, Buffer.from('x'));
    await nextTurn();
    expect(core.rotation.keyStatus().term).toBe(1);
    expect(core.rotation.check()).toBeNull();
    core.rotation.updateConfig(readRotationConfigChange({ enabled: true }));
    await nextTurn();
    expect(core.rotation.keyStatus().term).toBe(2);
  });

  it('rotates when a lowered max_operations is already exceeded', async () => {
    for (let i = 0; i < 30; i++) core.barrier.put(`kv/${i}`, Buffer.from('x'));
    core.rotation.updateConfig(readRotationConfigChange({ max_operations: 20 }));
    await nextTurn();
    expect(core.rotation.keyStatus().term).toBe(2);
    expect(auditEntries(core, 'rotation')[0]?.['reason']).toBe('max_operations');
  });

  it('rotates when the active term reaches the interval age (injected clock)', () => {
    core.rotation.updateConfig(readRotationConfigChange({ interval: '24h' }));
    now = new Date(START.getTime() + 24 * HOUR - 1000);
    expect(core.rotation.check()).toBeNull();
    expect(core.rotation.keyStatus().term).toBe(1);
    now = new Date(START.getTime() + 24 * HOUR);
    expect(core.rotation.check()).toBe('interval');
    expect(core.rotation.keyStatus()).toEqual({ term: 2, installTime: now.toISOString(), encryptions: 0 });
    expect(auditEntries(core, 'rotation')).toEqual([{ type: 'rotation', reason: 'interval', term: 2, previous_term: 1, previous_encryptions: expect.any(Number) as number }]);
    // The age counts from the new term's install time.
    now = new Date(now.getTime() + 23 * HOUR);
    expect(core.rotation.check()).toBeNull();
  });

  it('checks the interval on unseal: a term that aged while sealed is rotated at once', async () => {
    core.rotation.updateConfig(readRotationConfigChange({ interval: '24h' }));
    core.seal.seal();
    now = new Date(START.getTime() + 25 * HOUR);
    await core.seal.unseal(decodeShare(key));
    await nextTurn();
    expect(core.rotation.keyStatus().term).toBe(2);
    expect(auditEntries(core, 'rotation')[0]?.['reason']).toBe('interval');
  });

  it('checks the interval on a timer', async () => {
    core.close();
    core = await reopenUnsealed(file, key, { clock: () => now, rotation: { checkEveryMs: 5 } });
    core.rotation.updateConfig(readRotationConfigChange({ interval: '24h' }));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(core.rotation.keyStatus().term).toBe(1);
    now = new Date(START.getTime() + 48 * HOUR);
    const deadline = Date.now() + 2000;
    while (core.rotation.keyStatus().term === 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(core.rotation.keyStatus().term).toBe(2);
  });

  it('leaves memory and file agreeing when a rotation\'s transaction fails', async () => {
    core.barrier.put('before', Buffer.from('b'));
    const append = core.audit.append.bind(core.audit);
    core.audit.append = () => {
      throw new Error('disk full');
    };
    expect(() => core.rotation.rotate('manual')).toThrow('disk full');
    core.audit.append = append;
    expect(core.rotation.keyStatus().term).toBe(1);
    core.barrier.put('after', Buffer.from('a'));
    expect(rawTerm(core, 'after')).toBe(1);
    core.close();
    core = await reopenUnsealed(file, key);
    expect(core.barrier.get('before')?.toString()).toBe('b');
    expect(core.barrier.get('after')?.toString()).toBe('a');
  });

  it('refuses to rotate or read the status while sealed', () => {
    core.seal.seal();
    expect(() => core.rotation.rotate('manual')).toThrow('Vault is sealed');
    expect(() => core.rotation.keyStatus()).toThrow('Vault is sealed');
    expect(core.rotation.check()).toBeNull();
  });

  it('refuses an unknown rotation reason', () => {
    expect(() => core.rotation.rotate('because' as 'manual')).toThrow(TypeError);
  });
});
