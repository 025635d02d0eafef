/**
 * Tokens, as Vault has them: a secret string handed to the client, and an entry stored in the
 * barrier under the SHA-256 of that string (so the keyring file never holds a usable token).
 * Root tokens look like Vault's (`hvs.` + 24 base62 characters) so secret scanners catch leaks.
 * Records: `sys/token/id/<sha256>` (entry), `sys/token/accessor/<accessor>` ({hash}), and
 * `sys/token/parent/<parent accessor>/<child accessor>` so a revocation finds every descendant.
 * This file is storage only; the rules of create/renew/revoke live in token-lifecycle.ts.
 */
import { hash, randomBytes, randomUUID } from 'node:crypto';
import type { Barrier } from '../barrier/barrier.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const TOKEN_PREFIX = 'hvs.';
export const TOKEN_BODY_LENGTH = 24;
const ID_PREFIX = 'sys/token/id/';
const ACCESSOR_PREFIX = 'sys/token/accessor/';
const PARENT_PREFIX = 'sys/token/parent/';
/** A chain of parents deeper than this is refused rather than walked (each link is a decryption). */
export const MAX_TOKEN_DEPTH = 64;

export interface TokenEntry {
  readonly accessor: string;
  readonly policies: readonly string[];
  readonly displayName: string;
  readonly path: string;
  /** Unix seconds. */
  readonly creationTime: number;
  /** Seconds; 0 = never expires (root tokens). */
  readonly creationTtl: number;
  readonly expireTime: number | null;
  /** 0 = unlimited. */
  numUses: number;
  readonly orphan: boolean;
  readonly parentAccessor: string | null;
  readonly meta: Record<string, string> | null;
  /** Absent on entries written before renewal existed: treated as renewable when the token has a TTL. */
  readonly renewable?: boolean;
  /** Seconds; 0 or absent = bounded by the system max TTL only. */
  readonly explicitMaxTtl?: number;
}

/** A stored entry with the hash it is stored under (what revocation and updates need). */
export interface StoredToken {
  readonly hash: string;
  readonly entry: TokenEntry;
}

/** Uniform base62 characters by rejection sampling (no modulo bias). */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

export function newTokenString(): string {
  return TOKEN_PREFIX + randomBase62(TOKEN_BODY_LENGTH);
}

export function tokenHash(token: string): string {
  // One-shot (no Hash object): every API request with a token looks it up by this.
  return hash('sha256', token, 'hex');
}

export class TokenStore {
  constructor(private readonly barrier: Barrier, private readonly clock: () => Date = () => new Date()) {}

  /** Creates and stores a token; returns the secret once. Callers own the transaction. */
  create(
    fields: Omit<TokenEntry, 'accessor' | 'creationTime' | 'expireTime'> & { ttlSeconds?: number },
    token: string = newTokenString(),
  ): { token: string; entry: TokenEntry } {
    const now = Math.floor(this.clock().getTime() / 1000);
    const ttl = fields.ttlSeconds ?? fields.creationTtl;
    const entry: TokenEntry = {
      accessor: randomUUID().replaceAll('-', '').slice(0, 24),
      policies: [...fields.policies],
      displayName: fields.displayName,
      path: fields.path,
      creationTime: now,
      creationTtl: ttl,
      expireTime: ttl > 0 ? now + ttl : null,
      numUses: fields.numUses,
      orphan: fields.orphan,
      parentAccessor: fields.parentAccessor,
      meta: fields.meta,
      ...(fields.renewable === undefined ? {} : { renewable: fields.renewable }),
      ...(fields.explicitMaxTtl ? { explicitMaxTtl: fields.explicitMaxTtl } : {}),
    };
    const hash = tokenHash(token);
    this.barrier.putJson(ID_PREFIX + hash, entry);
    this.barrier.putJson(ACCESSOR_PREFIX + entry.accessor, { hash });
    if (entry.parentAccessor) this.barrier.putJson(`${PARENT_PREFIX}${entry.parentAccessor}/${entry.accessor}`, 1);
    return { token, entry };
  }

  createRoot(token: string = newTokenString(), displayName = 'root'): { token: string; entry: TokenEntry } {
    return this.create({
      policies: ['root'],
      displayName,
      path: 'auth/token/root',
      creationTtl: 0,
      numUses: 0,
      orphan: true,
      parentAccessor: null,
      meta: null,
    }, token);
  }

  /**
   * The live entry for a token, or null when unknown, expired, or any ancestor is expired or
   * gone (a child dies with its parent, as in Vault, even before anything deletes its record).
   */
  lookup(token: string): TokenEntry | null {
    if (typeof token !== 'string' || token.length === 0 || token.length > 256) return null;
    return this.live(tokenHash(token))?.entry ?? null;
  }

  /** The live token behind an accessor, or null. */
  byAccessor(accessor: string): StoredToken | null {
    if (typeof accessor !== 'string' || !/^[A-Za-z0-9]{1,64}$/.test(accessor)) return null;
    const ref = this.barrier.getJson<{ hash: string }>(ACCESSOR_PREFIX + accessor);
    return ref ? this.live(ref.hash) : null;
  }

  /** Accessors of every live token (Vault's `LIST auth/token/accessors`); expired ones are left out. */
  accessors(): string[] {
    return this.barrier.list(ACCESSOR_PREFIX)
      .map((path) => path.slice(ACCESSOR_PREFIX.length))
      .filter((accessor) => this.byAccessor(accessor) !== null);
  }

  /** The live entry stored under a token hash, with the hash. */
  live(hash: string): StoredToken | null {
    const entry = this.barrier.getJson<TokenEntry>(ID_PREFIX + hash);
    if (!entry || this.expired(entry)) return null;
    let parent = entry.parentAccessor;
    for (let depth = 0; parent !== null; depth++) {
      if (depth >= MAX_TOKEN_DEPTH) return null;
      const ref = this.barrier.getJson<{ hash: string }>(ACCESSOR_PREFIX + parent);
      const up = ref ? this.barrier.getJson<TokenEntry>(ID_PREFIX + ref.hash) : null;
      if (!up || this.expired(up)) return null;
      parent = up.parentAccessor;
    }
    return { hash, entry };
  }

  /** Rewrites an entry in place (use counts, renewal). Callers own the transaction. */
  update(hash: string, entry: TokenEntry): void {
    this.barrier.putJson(ID_PREFIX + hash, entry);
  }

  /** How many tokens sit above this one (0 for orphans), for the depth limit at create. */
  depth(entry: TokenEntry): number {
    let depth = 0;
    let parent = entry.parentAccessor;
    while (parent !== null && depth <= MAX_TOKEN_DEPTH) {
      const ref = this.barrier.getJson<{ hash: string }>(ACCESSOR_PREFIX + parent);
      const up = ref ? this.barrier.getJson<TokenEntry>(ID_PREFIX + ref.hash) : null;
      if (!up) break;
      depth += 1;
      parent = up.parentAccessor;
    }
    return depth;
  }

  /**
   * Deletes a token and every descendant (children, their children, …), whether live or not.
   * Returns how many tokens were removed. Callers own the transaction, so a crash removes all or none.
   */
  revokeTree(accessor: string): number {
    const pending = [accessor];
    let removed = 0;
    while (pending.length > 0) {
      const current = pending.pop() as string;
      const childPrefix = `${PARENT_PREFIX}${current}/`;
      for (const path of this.barrier.list(childPrefix)) {
        pending.push(path.slice(childPrefix.length));
        this.barrier.delete(path);
      }
      const ref = this.barrier.getJson<{ hash: string }>(ACCESSOR_PREFIX + current);
      if (!ref) continue;
      const entry = this.barrier.getJson<TokenEntry>(ID_PREFIX + ref.hash);
      if (entry?.parentAccessor) this.barrier.delete(`${PARENT_PREFIX}${entry.parentAccessor}/${current}`);
      this.barrier.delete(ID_PREFIX + ref.hash);
      this.barrier.delete(ACCESSOR_PREFIX + current);
      removed += 1;
    }
    return removed;
  }

  /** Unix seconds by the core's clock. */
  now(): number {
    return Math.floor(this.clock().getTime() / 1000);
  }

  private expired(entry: TokenEntry): boolean {
    return entry.expireTime !== null && entry.expireTime <= this.now();
  }
}
