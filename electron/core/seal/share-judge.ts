/**
 * Judging a share the moment it is entered (DESIGN.md, "Shares that check themselves").
 * Vault only notices a bad share at threshold, and cannot say whose it was. Here every share is
 * decoded, then matched against the salted commitments of the set it should belong to, so the
 * answer names the custodian ("share 3 (Dana) is valid") or the exact problem (a typo and its
 * group, another keyring, an earlier generation, not a member).
 */
import { parseShare } from '../../../shared/share-forms.js';
import type { ParsedShare } from '../../../shared/share-forms.js';
import { invalid } from '../errors.js';
import { matchesCommitment } from './commitment.js';
import type { GenerationRecord } from './seal-config.js';
import { shareLength } from './shamir.js';

export type DecodedShare = Extract<ParsedShare, { ok: true }>;

export interface JudgedShare {
  readonly index: number;
  readonly custodian: string;
  readonly generation: number;
  readonly bytes: Uint8Array;
}

/** Said when no share was given; a caller that knows where the share should have been says so instead. */
export const NO_SHARE_MESSAGE = 'no share was given';
/** Vault's words for a share it cannot decode. */
export const UNDECODABLE_KEY_MESSAGE = "'key' must be a valid hex or base64 string";

/** Turns what a custodian or client gave into share bytes, or an error that says what is wrong with the text. */
export function decodeShare(input: unknown, emptyMessage = NO_SHARE_MESSAGE): DecodedShare {
  if (input === undefined || input === null || input === '') throw invalid('SHARE_MISSING', emptyMessage);
  if (typeof input !== 'string') throw invalid('SHARE_UNDECODABLE', UNDECODABLE_KEY_MESSAGE);
  if (input.length > 4096) throw invalid('SHARE_UNDECODABLE', UNDECODABLE_KEY_MESSAGE);
  const parsed = parseShare(input);
  if (parsed.ok) return parsed;
  switch (parsed.problem) {
    case 'empty':
      throw invalid('SHARE_MISSING', emptyMessage);
    case 'typo':
    case 'invalid-character':
      throw invalid('SHARE_TYPO', parsed.message, { groups: parsed.groups ?? [] });
    case 'length':
    case 'format':
      throw invalid('SHARE_MALFORMED', parsed.message);
    default:
      throw invalid('SHARE_UNDECODABLE', UNDECODABLE_KEY_MESSAGE);
  }
}

export interface JudgeContext {
  readonly keyringId: string;
  /** The set the share must belong to (the current one, or a rekey's pending new one). */
  readonly expected: GenerationRecord;
  /** Earlier generations, newest first, to recognise an outdated share. */
  readonly history: readonly GenerationRecord[];
  /** Word used in messages: "share" for the current set, "new share" during rekey verification. */
  readonly noun?: string;
}

/** Judges a decoded share; a refused share's bytes are wiped before the refusal leaves. */
export function judgeShare(share: DecodedShare, ctx: JudgeContext): JudgedShare {
  try {
    return judge(share, ctx);
  } catch (error) {
    share.bytes.fill(0);
    throw error;
  }
}

function judge(share: DecodedShare, ctx: JudgeContext): JudgedShare {
  const { expected } = ctx;
  const noun = ctx.noun ?? 'share';
  const total = expected.shares.length;
  const wantLength = shareLength(total);

  if (share.form === 'text') {
    const tag = ctx.keyringId.replaceAll('-', '').slice(0, 6);
    const given = Buffer.from(share.keyringTag).toString('hex');
    if (given !== tag) {
      // Named as the paper names keyrings: by keyring id (a share text carries its first 6 digits).
      throw invalid('SHARE_OTHER_KEYRING', `this ${noun} belongs to another keyring (keyring id beginning ${given}); this keyring's id is ${ctx.keyringId}`, {
        share_keyring_id_begins: given,
      });
    }
    if (share.generation !== expected.generation) {
      const older = share.generation < expected.generation;
      throw invalid(
        older ? 'SHARE_OLD_GENERATION' : 'SHARE_WRONG_GENERATION',
        `this share belongs to generation ${share.generation}; the ${noun === 'share' ? 'current' : 'expected'} one is ${expected.generation}`,
        { share_generation: share.generation, generation: expected.generation },
      );
    }
  }

  const bytes = share.form === 'text' && share.rawKey ? share.bytes.subarray(0, 32) : share.bytes;
  if (bytes.length !== wantLength) {
    // A rekey may change the share length (1-of-1 raw key ↔ 33-byte shares): an old share of
    // the other length is still named by its generation rather than called the wrong length.
    if (share.form !== 'text') refuseIfOld(ctx, bytes, noun);
    throw invalid('SHARE_LENGTH', `invalid key: a ${noun} of this keyring is ${wantLength} bytes; this one is ${bytes.length}`);
  }

  const member = findMember(ctx.keyringId, expected, bytes, share.form === 'text' ? share.index : null);
  if (member) return { index: member.index, custodian: member.custodian, generation: expected.generation, bytes };

  if (share.form === 'text') {
    const record = expected.shares.find((s) => s.index === share.index);
    if (!record) {
      throw invalid('SHARE_NOT_MEMBER', `${noun} ${share.index} is not a member of generation ${expected.generation}, which has ${total} shares`);
    }
    throw invalid('SHARE_MISMATCH', `${noun} ${share.index} (${record.custodian}) does not match the one issued in generation ${expected.generation}`, {
      share_index: share.index,
      custodian: record.custodian,
    });
  }
  refuseIfOld(ctx, bytes, noun);
  throw invalid('SHARE_NOT_MEMBER', `this ${noun} is not a member of generation ${expected.generation} of keyring ${ctx.keyringId}`);
}

/** Throws naming the earlier generation a hex or base64 share belongs to, if any. */
function refuseIfOld(ctx: JudgeContext, bytes: Uint8Array, noun: string): void {
  for (const old of ctx.history) {
    if (findMember(ctx.keyringId, old, bytes, null)) {
      throw invalid('SHARE_OLD_GENERATION', `this share belongs to generation ${old.generation}; the ${noun === 'share' ? 'current' : 'expected'} one is ${ctx.expected.generation}`, {
        share_generation: old.generation,
        generation: ctx.expected.generation,
      });
    }
  }
}

function findMember(keyringId: string, set: GenerationRecord, bytes: Uint8Array, index: number | null) {
  const candidates = index === null ? set.shares : set.shares.filter((s) => s.index === index);
  return candidates.find((s) =>
    matchesCommitment({ keyringId, generation: set.generation, index: s.index, share: bytes }, s.salt, s.commitment),
  );
}
