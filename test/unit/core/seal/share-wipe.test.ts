/**
 * Shares are decoded into buffers that are wiped once judged (issue 12): a refused share and a
 * checked share leave no bytes behind; the unseal key made from shares is handed out only as an
 * unmovable copy (shared/secret-bytes.ts) that the caller wipes.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../../electron/core/core.js';
import { combineShares, splitKey } from '../../../../electron/core/seal/shamir.js';
import { decodeShare, judgeShare } from '../../../../electron/core/seal/share-judge.js';
import { unsealedCore } from '../../../helpers/unsealed-core.js';

describe('share buffers', () => {
  let core: Core;
  let key: string;

  beforeEach(async () => {
    ({ core, key } = await unsealedCore(':memory:'));
  });

  afterEach(() => core.close());

  it('wipes a share that is refused', () => {
    const config = core.seal.requireConfig();
    const decoded = decodeShare(randomBytes(32).toString('hex'));
    expect(decoded.bytes.some((b) => b !== 0)).toBe(true);
    expect(() => judgeShare(decoded, { keyringId: config.keyringId, expected: config.current, history: [] })).toThrow();
    expect(decoded.bytes.every((b) => b === 0)).toBe(true);
  });

  it('checks a share without handing its bytes back', () => {
    const decoded = decodeShare(key);
    const verdict = core.seal.checkShare(decoded);
    expect(verdict.index).toBe(1);
    expect(verdict.bytes.length).toBe(0);
    expect(decoded.bytes.every((b) => b === 0)).toBe(true);
  });

  it('splits and combines into fresh buffers, leaving the caller\'s own untouched', async () => {
    const secret = randomBytes(32);
    const shares = await splitKey(secret, 3, 2);
    const copies = shares.map((s) => Uint8Array.from(s));
    const combined = await combineShares(shares.slice(0, 2), 2, 3);
    expect(Buffer.from(combined).equals(secret)).toBe(true);
    expect(shares.every((s, i) => Buffer.from(s).equals(Buffer.from(copies[i] ?? [])))).toBe(true);
    // Outside the moving heap: a view on its own ArrayBuffer, not a slice of a shared pool.
    expect(combined.byteOffset).toBe(0);
    expect(combined.buffer.byteLength).toBe(32);
  });
});
