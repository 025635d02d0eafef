/**
 * Collecting shares toward a quorum: the one mechanism behind unseal, rekey authorization, rekey
 * verification, init verification and generate-root. Each share is judged the moment it is given
 * (share-judge.ts), a share given twice is recognised by its index, and at the threshold the
 * shares are spent: combined into the unseal key, which the ceremony tests, then wiped.
 *
 * This is the one place where collected share buffers are zeroed, so no ceremony can forget to:
 * a refused share is wiped by the judge, a repeated one here at entry, the rest when spent or
 * cleared. The ceremonies keep their own checks (nonces, order) and their own transcript entries.
 */
import { invalid } from '../errors.js';
import type { CoreError } from '../errors.js';
import type { SealConfig } from './seal-config.js';
import { combineShares } from './shamir.js';
import { judgeShare } from './share-judge.js';
import type { DecodedShare, JudgeContext, JudgedShare } from './share-judge.js';

/** Who gave a share (index and custodian name), never the share. */
export interface AcceptedShare {
  readonly index: number;
  readonly custodian: string;
}

export interface ShareEntry {
  readonly accepted: AcceptedShare;
  /** True when this share had already been given: nothing changed, and its new copy is wiped. */
  readonly duplicate: boolean;
}

export interface CollectionRules {
  /** The share set the shares must belong to; a collection belongs to one set. */
  readonly against: JudgeContext;
  /** Shares needed before the collection is complete (t, or n where every share must be proven). */
  readonly needed: number;
  /**
   * False where the commitment is the whole proof (init verification): a share's bytes are wiped
   * as soon as it is judged, and only who gave it is kept.
   */
  readonly keepBytes?: boolean;
  /** Shares proven in earlier requests (init verification persists their indexes, never bytes). */
  readonly given?: readonly number[];
}

export interface Spent<T> {
  /** What the ceremony's test said of the combined key; null when the shares did not combine. */
  readonly outcome: T | null;
  /** The indexes that were spent, in the order they were given. */
  readonly indexes: number[];
}

/** The rules for collecting shares of a keyring's current set (unseal, rekey, generate-root). */
export function againstCurrent(config: SealConfig): JudgeContext {
  return { keyringId: config.keyringId, expected: config.current, history: config.previous };
}

/** Vault's refusal of a share already given, naming whose it was. */
export function duplicateShare(accepted: AcceptedShare, operation: 'generation' | 'verify'): CoreError {
  return invalid('DUPLICATE_SHARE', `given key has already been provided during this ${operation} operation`, {
    share_index: accepted.index,
    custodian: accepted.custodian,
  });
}

/** Wipes a decoded share that will not be judged (the keyring is not in a state to take it). */
export function discardShare(decoded: DecodedShare): void {
  decoded.bytes.fill(0);
}

/** Decoded buffers a collection holds: `offerShare` leaves these alone. */
const held = new WeakSet<Uint8Array>();

/**
 * Runs a ceremony step that was handed a decoded share. Unless a collection took the share, its
 * bytes are wiped when the step ends, whichever way: no attempt running, a wrong nonce, a sealed
 * keyring, a refusal, a duplicate, a check that needed only the verdict.
 */
export async function offerShare<T>(decoded: DecodedShare, step: () => T | Promise<T>): Promise<T> {
  try {
    return await step();
  } finally {
    if (!held.has(decoded.bytes)) discardShare(decoded);
  }
}

export class ShareCollection {
  private readonly held = new Map<number, JudgedShare>();

  constructor(private readonly rules: CollectionRules) {
    const { expected } = rules.against;
    for (const index of rules.given ?? []) {
      const custodian = expected.shares.find((s) => s.index === index)?.custodian ?? '';
      this.held.set(index, { index, custodian, generation: expected.generation, bytes: new Uint8Array(0) });
    }
  }

  get size(): number {
    return this.held.size;
  }

  get needed(): number {
    return this.rules.needed;
  }

  get complete(): boolean {
    return this.held.size >= this.rules.needed;
  }

  /** Who has given a share so far, in the order given. */
  accepted(): AcceptedShare[] {
    return [...this.held.values()].map((s) => ({ index: s.index, custodian: s.custodian }));
  }

  indexes(): number[] {
    return [...this.held.keys()];
  }

  /** Judges a decoded share (a refusal throws, the bytes wiped) and adds it unless already given. */
  accept(decoded: DecodedShare): ShareEntry {
    const share = judgeShare(decoded, this.rules.against);
    const accepted = { index: share.index, custodian: share.custodian };
    const duplicate = this.held.has(share.index);
    // The whole decoded buffer, not only the judged view: a raw key's share text is padded.
    if (duplicate || this.rules.keepBytes === false) decoded.bytes.fill(0);
    if (!duplicate && this.rules.keepBytes !== false) held.add(decoded.bytes);
    if (!duplicate) this.held.set(share.index, this.rules.keepBytes === false ? { ...share, bytes: new Uint8Array(0) } : share);
    return { accepted, duplicate };
  }

  /**
   * Takes every share out (the collection is empty afterwards whatever the outcome, as Vault
   * clears progress at threshold), combines them into the unseal key and hands that to `test`.
   * The key and every share are wiped before this returns or throws.
   */
  async spend<T>(test: (unsealKey: Uint8Array) => T | Promise<T>): Promise<Spent<T>> {
    const shares = [...this.held.values()];
    const indexes = shares.map((s) => s.index);
    this.held.clear();
    const { expected } = this.rules.against;
    let unsealKey: Uint8Array | null = null;
    try {
      try {
        unsealKey = await combineShares(shares.map((s) => s.bytes), expected.threshold, expected.shares.length);
      } catch {
        // The Shamir library refuses malformed point sets (e.g. repeated x-coordinates); for the
        // ceremony that is simply "these shares do not reconstruct the key".
        return { outcome: null, indexes };
      }
      return { outcome: await test(unsealKey), indexes };
    } finally {
      unsealKey?.fill(0);
      wipe(shares);
    }
  }

  /** Wipes and forgets every share given (a reset, a cancel, a seal). */
  clear(): void {
    wipe(this.held.values());
    this.held.clear();
  }
}

function wipe(shares: Iterable<JudgedShare>): void {
  for (const share of shares) share.bytes.fill(0);
}
