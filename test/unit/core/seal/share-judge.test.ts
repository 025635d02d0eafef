/**
 * Judging a share at entry (DESIGN.md, "Shares that check themselves"): decoding errors, valid
 * members, typos, other keyrings, earlier generations (from the seal record's history) and
 * non-members. Rekey does not exist yet, so history is built here the way a rekey commit will
 * build it (nextGeneration); the HTTP tests cover everything else.
 */
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { CoreError } from '../../../../electron/core/errors.js';
import { GENERATION_HISTORY_LIMIT, nextGeneration } from '../../../../electron/core/seal/seal-config.js';
import type { SealConfig } from '../../../../electron/core/seal/seal-config.js';
import { decodeShare, judgeShare, NO_SHARE_MESSAGE, UNDECODABLE_KEY_MESSAGE } from '../../../../electron/core/seal/share-judge.js';
import type { JudgeContext } from '../../../../electron/core/seal/share-judge.js';
import { makeShareSet } from '../../../../electron/core/seal/share-set.js';
import type { ShareSet } from '../../../../electron/core/seal/share-set.js';
import { encodeShareText } from '../../../../shared/share-text.js';
import { toBase64, toHex } from '../../../../shared/share-forms.js';

const KEYRING = 'a1b2c3d4-0000-4000-8000-000000000001';
const OTHER_KEYRING = 'ffeedd00-0000-4000-8000-000000000002';
const NOW = new Date('2026-01-01T00:00:00Z');
const config = (names: string[], threshold: number) => ({ shares: names.length, threshold, custodians: names });

function thrown(work: () => unknown): CoreError {
  try {
    work();
  } catch (error) {
    if (error instanceof CoreError) return error;
    throw error;
  }
  throw new Error('expected a CoreError');
}

describe('share judge', () => {
  let gen1: ShareSet;
  let gen2: ShareSet;
  let foreign: ShareSet;
  let seal: SealConfig;
  let ctx: JudgeContext;

  beforeAll(async () => {
    gen1 = await makeShareSet(KEYRING, 1, config(['Ann', 'Bob', 'Cy'], 2), null, NOW);
    gen2 = await makeShareSet(KEYRING, 2, config(['Ann', 'Bob', 'Cy', 'Dana'], 3), null, NOW);
    foreign = await makeShareSet(OTHER_KEYRING, 1, config(['Xi', 'Yu', 'Zo'], 2), null, NOW);
    // The seal record a rekey commit from generation 1 to 2 leaves behind.
    seal = nextGeneration({ version: 1, type: 'shamir', keyringId: KEYRING, current: gen1.record, previous: [] }, gen2.record);
    ctx = { keyringId: seal.keyringId, expected: seal.current, history: seal.previous };
  });

  const issued = (set: ShareSet, index: number) => {
    const share = set.issued.find((s) => s.index === index);
    if (!share) throw new Error(`no share ${index}`);
    return share;
  };

  it('accepts a current share in hex, base64 and share text, naming its index and custodian', () => {
    const dana = issued(gen2, 4);
    for (const form of [dana.keyHex, dana.keyBase64, dana.text ?? '']) {
      const judged = judgeShare(decodeShare(form), ctx);
      expect(judged).toMatchObject({ index: 4, custodian: 'Dana', generation: 2 });
      expect(toHex(judged.bytes)).toBe(dana.keyHex);
    }
  });

  it('rejects a share from an earlier generation, saying which one (hex form: found in the history)', () => {
    const error = thrown(() => judgeShare(decodeShare(issued(gen1, 2).keyHex), ctx));
    expect(error.code).toBe('SHARE_OLD_GENERATION');
    expect(error.message).toBe('this share belongs to generation 1; the current one is 2');
    expect(error.context).toEqual({ share_generation: 1, generation: 2 });
  });

  it('rejects a share text from an earlier generation from its header alone', () => {
    const error = thrown(() => judgeShare(decodeShare(issued(gen1, 2).text ?? ''), ctx));
    expect(error.code).toBe('SHARE_OLD_GENERATION');
    expect(error.message).toBe('this share belongs to generation 1; the current one is 2');
  });

  it('forgets generations beyond the history limit: such a share is only "not a member"', () => {
    let aged: SealConfig = { version: 1, type: 'shamir', keyringId: KEYRING, current: gen1.record, previous: [] };
    for (let g = 0; g < GENERATION_HISTORY_LIMIT + 1; g++) aged = nextGeneration(aged, { ...gen2.record, generation: 100 + g });
    expect(aged.previous.length).toBe(GENERATION_HISTORY_LIMIT);
    const error = thrown(() => judgeShare(decodeShare(issued(gen1, 1).keyHex), { keyringId: KEYRING, expected: aged.current, history: aged.previous }));
    expect(error.code).toBe('SHARE_NOT_MEMBER');
  });

  it('rejects a share text from another keyring, naming this keyring', () => {
    const error = thrown(() => judgeShare(decodeShare(issued(foreign, 1).text ?? ''), ctx));
    expect(error.code).toBe('SHARE_OTHER_KEYRING');
    expect(error.message).toBe(`this share belongs to another keyring (keyring id beginning ffeedd); this keyring's id is ${KEYRING}`);
    expect(error.context).toEqual({ share_keyring_id_begins: 'ffeedd' });
  });

  it('rejects a hex share from another keyring as not a member', () => {
    const error = thrown(() => judgeShare(decodeShare(issued(foreign, 1).keyHex), ctx));
    expect(error.code).toBe('SHARE_NOT_MEMBER');
    expect(error.message).toBe(`this share is not a member of generation 2 of keyring ${KEYRING}`);
  });

  it('says which custodian a mismatching share text claims to be', () => {
    const tag = Buffer.from('a1b2c3', 'hex');
    const text = encodeShareText({ keyringTag: tag, generation: 2, index: 3, share: Uint8Array.from(randomBytes(33)), rawKey: false });
    const error = thrown(() => judgeShare(decodeShare(text), ctx));
    expect(error.code).toBe('SHARE_MISMATCH');
    expect(error.message).toBe('share 3 (Cy) does not match the one issued in generation 2');
    expect(error.context).toEqual({ share_index: 3, custodian: 'Cy' });
  });

  it('rejects a share text whose index is not in the set', () => {
    const text = encodeShareText({ keyringTag: Buffer.from('a1b2c3', 'hex'), generation: 2, index: 9, share: Uint8Array.from(randomBytes(33)), rawKey: false });
    expect(thrown(() => judgeShare(decodeShare(text), ctx)).message).toBe('share 9 is not a member of generation 2, which has 4 shares');
  });

  it('rejects a share text from a later generation than expected', () => {
    const text = encodeShareText({ keyringTag: Buffer.from('a1b2c3', 'hex'), generation: 5, index: 1, share: Uint8Array.from(randomBytes(33)), rawKey: false });
    const error = thrown(() => judgeShare(decodeShare(text), ctx));
    expect(error.code).toBe('SHARE_WRONG_GENERATION');
    expect(error.message).toBe('this share belongs to generation 5; the current one is 2');
  });

  it('uses the noun of the ceremony: "new share" and "expected" during rekey verification', () => {
    const error = thrown(() => judgeShare(decodeShare(issued(gen1, 1).text ?? ''), { ...ctx, noun: 'new share' }));
    expect(error.message).toBe('this share belongs to generation 1; the expected one is 2');
    expect(thrown(() => judgeShare(decodeShare('abcd'), { ...ctx, noun: 'new share' })).message).toBe(
      'invalid key: a new share of this keyring is 33 bytes; this one is 2',
    );
  });

  it('reports a wrong length as "invalid key: ..."', () => {
    const error = thrown(() => judgeShare(decodeShare(toBase64(new Uint8Array(32))), ctx));
    expect(error.code).toBe('SHARE_LENGTH');
    expect(error.message).toBe('invalid key: a share of this keyring is 33 bytes; this one is 32');
  });

  it('judges a 1-of-1 raw key in hex and share text', async () => {
    const solo = await makeShareSet(KEYRING, 1, config(['Solo'], 1), null, NOW);
    const only = issued(solo, 1);
    expect(only.keyHex).toHaveLength(64);
    const soloCtx = { keyringId: KEYRING, expected: solo.record, history: [] };
    for (const form of [only.keyHex, only.keyBase64, only.text ?? '']) {
      expect(judgeShare(decodeShare(form), soloCtx)).toMatchObject({ index: 1, custodian: 'Solo' });
    }
    expect(thrown(() => judgeShare(decodeShare(issued(gen1, 1).keyHex), soloCtx)).message).toBe(
      'invalid key: a share of this keyring is 32 bytes; this one is 33',
    );
  });

  describe('decoding', () => {
    it('says a key is missing for undefined, null and empty input, with the caller\'s message', () => {
      for (const input of [undefined, null, '', '   ']) {
        expect(thrown(() => decodeShare(input)).message).toBe(NO_SHARE_MESSAGE);
        expect(thrown(() => decodeShare(input, 'custom')).message).toBe('custom');
      }
    });

    it('calls non-strings and garbage undecodable, as Vault does', () => {
      for (const input of [42, true, [], {}, 'zz!!', 'not a share', 'a'.repeat(5000)]) {
        const error = thrown(() => decodeShare(input));
        expect(error.code).toBe('SHARE_UNDECODABLE');
        expect(error.message).toBe(UNDECODABLE_KEY_MESSAGE);
      }
    });

    it('locates a typo in a share text to its group', () => {
      const text = issued(gen2, 1).text ?? '';
      const groups = text.split('-');
      const g = groups[6] ?? '';
      groups[6] = (g[0] === '7' ? '8' : '7') + g.slice(1);
      const error = thrown(() => decodeShare(groups.join('-')));
      expect(error.code).toBe('SHARE_TYPO');
      expect(error.message).toBe('this text has a typo in group 7');
      expect(error.context).toEqual({ groups: [7] });
    });
  });
});
