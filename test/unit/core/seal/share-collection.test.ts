/**
 * The share collection without HTTP or a keyring file: judging at entry, duplicates, progress,
 * spending at threshold (combine, the ceremony's test, wipe) and clearing. Every share buffer
 * the collection held must be zero afterwards, whatever the outcome.
 */
import { timingSafeEqual } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoreError } from '../../../../electron/core/errors.js';
import { duplicateShare, offerShare, ShareCollection } from '../../../../electron/core/seal/share-collection.js';
import type { CollectionRules } from '../../../../electron/core/seal/share-collection.js';
import { decodeShare } from '../../../../electron/core/seal/share-judge.js';
import type { DecodedShare } from '../../../../electron/core/seal/share-judge.js';
import { makeShareSet } from '../../../../electron/core/seal/share-set.js';
import type { ShareSet } from '../../../../electron/core/seal/share-set.js';

const KEYRING = 'a1b2c3d4-0000-4000-8000-000000000001';
const NOW = new Date('2026-01-01T00:00:00Z');
const NAMES = ['Ada', 'Bob', 'Cy'];

const isZero = (bytes: Uint8Array): boolean => bytes.every((b) => b === 0);

describe('ShareCollection', () => {
  let set: ShareSet;
  let rules: CollectionRules;
  /** Every decoded buffer handed to a collection, to check none is left holding a share. */
  let handed: DecodedShare[];

  const share = (index: number): DecodedShare => {
    const issued = set.issued.find((s) => s.index === index);
    if (!issued) throw new Error(`no share ${index}`);
    const decoded = decodeShare(issued.keyHex);
    handed.push(decoded);
    return decoded;
  };

  beforeEach(async () => {
    set = await makeShareSet(KEYRING, 1, { shares: 3, threshold: 2, custodians: NAMES }, null, NOW);
    rules = { against: { keyringId: KEYRING, expected: set.record, history: [] }, needed: 2 };
    handed = [];
  });

  afterEach(() => {
    set.unsealKey.fill(0);
    for (const plain of set.plain.values()) plain.fill(0);
  });

  it('names the custodian of each accepted share and counts progress toward the threshold', () => {
    const collection = new ShareCollection(rules);
    expect(collection.accept(share(3))).toEqual({ accepted: { index: 3, custodian: 'Cy' }, duplicate: false });
    expect(collection.size).toBe(1);
    expect(collection.complete).toBe(false);
    collection.accept(share(1));
    expect(collection.complete).toBe(true);
    expect(collection.accepted()).toEqual([{ index: 3, custodian: 'Cy' }, { index: 1, custodian: 'Ada' }]);
    expect(collection.indexes()).toEqual([3, 1]);
  });

  it('recognises a share given twice, keeps one copy and wipes the repeated one', () => {
    const collection = new ShareCollection(rules);
    collection.accept(share(2));
    const again = share(2);
    expect(collection.accept(again)).toEqual({ accepted: { index: 2, custodian: 'Bob' }, duplicate: true });
    expect(collection.size).toBe(1);
    expect(isZero(again.bytes)).toBe(true);
    expect(isZero(handed[0]?.bytes ?? new Uint8Array())).toBe(false);
  });

  it('refuses a share of another set without counting it, and wipes it', async () => {
    const other = await makeShareSet(KEYRING, 1, { shares: 3, threshold: 2, custodians: NAMES }, null, NOW);
    const collection = new ShareCollection(rules);
    const stranger = decodeShare(other.issued[0]?.keyHex);
    expect(() => collection.accept(stranger)).toThrow(CoreError);
    expect(collection.size).toBe(0);
    expect(isZero(stranger.bytes)).toBe(true);
    other.unsealKey.fill(0);
  });

  it('spends at threshold: the test receives the unseal key the set was made from, then all is wiped', async () => {
    const collection = new ShareCollection(rules);
    collection.accept(share(1));
    collection.accept(share(3));
    let seen: Uint8Array | null = null;
    const spent = await collection.spend((key) => {
      seen = key;
      return timingSafeEqual(key, set.unsealKey);
    });
    expect(spent).toEqual({ outcome: true, indexes: [1, 3] });
    expect(collection.size).toBe(0);
    expect(seen !== null && isZero(seen)).toBe(true);
    expect(handed.every((d) => isZero(d.bytes))).toBe(true);
  });

  it('reports shares that do not combine as no outcome, and still wipes them and clears progress', async () => {
    // Fewer shares than the set's threshold cannot combine (a rule that would never allow this
    // is the ceremony's mistake; the collection must still not leak or keep them).
    const collection = new ShareCollection({ ...rules, needed: 1 });
    collection.accept(share(1));
    let tested = false;
    const spent = await collection.spend(() => (tested = true));
    expect(spent).toEqual({ outcome: null, indexes: [1] });
    expect(tested).toBe(false);
    expect(collection.size).toBe(0);
    expect(handed.every((d) => isZero(d.bytes))).toBe(true);
  });

  it('wipes the key and the shares when the ceremony\'s test throws', async () => {
    const collection = new ShareCollection(rules);
    collection.accept(share(2));
    collection.accept(share(3));
    let seen: Uint8Array | null = null;
    const failing = collection.spend((key) => {
      seen = key;
      throw new Error('root key record is missing');
    });
    await expect(failing).rejects.toThrow('root key record is missing');
    expect(seen !== null && isZero(seen)).toBe(true);
    expect(handed.every((d) => isZero(d.bytes))).toBe(true);
  });

  it('says no when the shares reconstruct a different key', async () => {
    const collection = new ShareCollection(rules);
    collection.accept(share(1));
    collection.accept(share(2));
    const wrong = new Uint8Array(32).fill(7);
    const spent = await collection.spend((key) => timingSafeEqual(key, wrong));
    expect(spent.outcome).toBe(false);
  });

  it('clears: wipes and forgets every share given', () => {
    const collection = new ShareCollection(rules);
    collection.accept(share(1));
    collection.accept(share(2));
    collection.clear();
    expect(collection.size).toBe(0);
    expect(collection.complete).toBe(false);
    expect(handed.every((d) => isZero(d.bytes))).toBe(true);
  });

  it('without kept bytes (init verification): proofs continue from persisted indexes and hold no share', () => {
    const collection = new ShareCollection({ ...rules, needed: 3, keepBytes: false, given: [2] });
    expect(collection.accepted()).toEqual([{ index: 2, custodian: 'Bob' }]);
    const proof = share(1);
    expect(collection.accept(proof).duplicate).toBe(false);
    expect(isZero(proof.bytes)).toBe(true);
    expect(collection.accept(share(2)).duplicate).toBe(true);
    collection.accept(share(3));
    expect(collection.indexes()).toEqual([2, 1, 3]);
    expect(collection.complete).toBe(true);
  });

  it("refuses a repeated share in Vault's words, naming whose it was", () => {
    const error = duplicateShare({ index: 2, custodian: 'Bob' }, 'verify');
    expect(error.code).toBe('DUPLICATE_SHARE');
    expect(error.message).toBe('given key has already been provided during this verify operation');
    expect(error.context).toEqual({ share_index: 2, custodian: 'Bob' });
  });

  it('offerShare wipes a share no collection took, whether the step throws or returns', async () => {
    const refused = share(1);
    await expect(offerShare(refused, () => { throw new Error('no rekey in progress'); })).rejects.toThrow('no rekey in progress');
    expect(isZero(refused.bytes)).toBe(true);
    const unused = share(2);
    expect(await offerShare(unused, () => 'already unsealed')).toBe('already unsealed');
    expect(isZero(unused.bytes)).toBe(true);
  });

  it('offerShare leaves a share a collection holds, so it still counts when spent', async () => {
    const collection = new ShareCollection(rules);
    const first = share(1);
    await expect(offerShare(first, () => {
      collection.accept(first);
      throw new Error('audit append failed after the share was taken');
    })).rejects.toThrow();
    expect(isZero(first.bytes)).toBe(false);
    const third = share(3);
    await offerShare(third, () => collection.accept(third));
    const spent = await collection.spend((key) => timingSafeEqual(key, set.unsealKey));
    expect(spent.outcome).toBe(true);
    expect(handed.every((d) => isZero(d.bytes))).toBe(true);
  });
});
