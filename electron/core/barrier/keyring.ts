/**
 * The keyring: every term's AES-256-GCM key with its install time and encryption count, plus the
 * rotation policy. Terms are never removed, so every record ever written stays readable.
 * The keyring is stored encrypted under the root key (see barrier.ts).
 */
import { randomKey } from '../crypto/aes-gcm.js';
import { decodeKeyring, encodeKeyring } from './keyring-codec.js';

/**
 * Under 2^32 random-nonce encryptions per key (NIST SP 800-38D, 8.3), rounded down the way Vault
 * does (0.9 × 2^32) so rotation happens with margin.
 */
export const DEFAULT_MAX_OPERATIONS = 3_865_470_566;
export const MIN_MAX_OPERATIONS = 1_000_000;
/** Vault's minimum automatic rotation interval: 24 hours. */
export const MIN_ROTATION_INTERVAL_SECONDS = 24 * 3600;

export interface Term {
  readonly term: number;
  readonly key: Buffer;
  readonly installTime: string;
  /** Encryptions made under this key (persisted conservatively: see Barrier.countEncryption). */
  encryptions: number;
}

export interface RotationConfig {
  maxOperations: number;
  /** 0 disables time-based rotation. */
  intervalSeconds: number;
  enabled: boolean;
}

export class Keyring {
  private constructor(
    private readonly terms: Map<number, Term>,
    readonly activeTerm: number,
    readonly rotation: RotationConfig,
  ) {}

  static create(now: Date): Keyring {
    const first: Term = { term: 1, key: randomKey(), installTime: now.toISOString(), encryptions: 0 };
    return new Keyring(new Map([[1, first]]), 1, { maxOperations: DEFAULT_MAX_OPERATIONS, intervalSeconds: 0, enabled: true });
  }

  /** Reads the stored form (keyring-codec.ts); the caller wipes `bytes`, the keyring owns the keys. */
  static parse(bytes: Uint8Array): Keyring {
    const stored = decodeKeyring(bytes);
    const terms = new Map<number, Term>();
    for (const t of stored.terms) terms.set(t.term, { term: t.term, key: t.key, installTime: t.installTime, encryptions: t.encryptions });
    if (!terms.has(stored.activeTerm)) {
      for (const t of stored.terms) t.key.fill(0);
      throw new Error('keyring has no active term');
    }
    return new Keyring(terms, stored.activeTerm, { ...stored.rotation });
  }

  /**
   * The stored form, binary (no key ever becomes a string). `countFloor` raises a term's stored
   * count to its reservation (see Barrier.writeKeyring). The caller wipes the result.
   */
  serialize(countFloor?: ReadonlyMap<number, number>): Buffer {
    const terms = [...this.terms.values()].map((t) => ({ ...t, encryptions: Math.max(t.encryptions, countFloor?.get(t.term) ?? 0) }));
    return encodeKeyring({ activeTerm: this.activeTerm, terms, rotation: this.rotation });
  }

  term(term: number): Term | undefined {
    return this.terms.get(term);
  }

  get active(): Term {
    const active = this.terms.get(this.activeTerm);
    if (!active) throw new Error('keyring has no active term');
    return active;
  }

  get termCount(): number {
    return this.terms.size;
  }

  /** A new keyring with one more term, which becomes active. The old terms stay for decryption. */
  withNewTerm(now: Date): Keyring {
    const next = this.activeTerm + 1;
    const terms = new Map(this.terms);
    terms.set(next, { term: next, key: randomKey(), installTime: now.toISOString(), encryptions: 0 });
    return new Keyring(terms, next, { ...this.rotation });
  }

  withRotation(rotation: RotationConfig): Keyring {
    return new Keyring(new Map(this.terms), this.activeTerm, { ...rotation });
  }

  /** Overwrites key bytes in memory on seal; JS cannot promise the GC kept no copy. */
  wipe(): void {
    for (const t of this.terms.values()) t.key.fill(0);
  }
}
