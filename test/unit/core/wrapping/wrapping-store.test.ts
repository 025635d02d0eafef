/**
 * The wrapping store on a real keyring with a controlled clock (Vault's response wrapping,
 * vault/wrapping.go): single use, TTL to the millisecond, rewrap keeping TTL and path, and the
 * sweep that deletes expired responses from the file.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../../electron/core/core.js';
import { INVALID_WRAPPING_TOKEN } from '../../../../electron/core/wrapping/wrapping-store.js';
import { unsealedCore } from '../../../helpers/unsealed-core.js';

let now = 0;
let core: Core;

beforeEach(async () => {
  now = Date.parse('2030-01-01T00:00:00Z');
  core = (await unsealedCore(':memory:', { clock: () => new Date(now) })).core;
});
afterEach(() => core.close());

describe('WrappingStore', () => {
  it('returns the response once and then refuses the token', () => {
    const info = core.wrapping.wrap({ data: { a: 1 } }, 60, 'sys/wrapping/wrap');
    expect(core.wrapping.unwrap(info.token)).toEqual({ data: { a: 1 } });
    expect(() => core.wrapping.unwrap(info.token)).toThrow(INVALID_WRAPPING_TOKEN);
  });

  it('expires exactly at creation + TTL', () => {
    const info = core.wrapping.wrap({ a: 1 }, 60, 'p');
    now += 59_999;
    expect(core.wrapping.lookup(info.token).ttl).toBe(60);
    now += 1;
    expect(() => core.wrapping.lookup(info.token)).toThrow(INVALID_WRAPPING_TOKEN);
    expect(() => core.wrapping.unwrap(info.token)).toThrow(INVALID_WRAPPING_TOKEN);
  });

  it('rewraps with the original TTL and path, from now, and kills the old token', () => {
    const info = core.wrapping.wrap({ a: 1 }, 60, 'secret/data/x');
    now += 30_000;
    const next = core.wrapping.rewrap(info.token);
    expect(next.ttl).toBe(60);
    expect(next.creationPath).toBe('secret/data/x');
    expect(next.creationTime.getTime()).toBe(now);
    expect(() => core.wrapping.lookup(info.token)).toThrow(INVALID_WRAPPING_TOKEN);
    now += 59_000;
    expect(core.wrapping.unwrap(next.token)).toEqual({ a: 1 });
  });

  it('sweeps expired responses out of the barrier, and only those', () => {
    core.wrapping.wrap({ a: 1 }, 10, 'p');
    const keep = core.wrapping.wrap({ b: 2 }, 100, 'p');
    now += 10_000;
    expect(core.wrapping.sweep()).toBe(1);
    expect(core.barrier.list('sys/wrapping/token/')).toHaveLength(1);
    expect(core.wrapping.unwrap(keep.token)).toEqual({ b: 2 });
    expect(core.barrier.list('sys/wrapping/')).toEqual([]);
  });

  it('refuses bad arguments with TypeError/RangeError', () => {
    expect(() => core.wrapping.wrap({}, 0, 'p')).toThrow(RangeError);
    expect(() => core.wrapping.wrap({}, 1.5, 'p')).toThrow(RangeError);
    expect(() => core.wrapping.wrap({}, 10, '')).toThrow(TypeError);
  });
});
