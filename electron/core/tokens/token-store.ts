/**
 * Tokens, as Vault has them: a secret string handed to the client, and an entry stored in the
 * barrier under the SHA-256 of that string (so the keyring file never holds a usable token).
 * Root tokens look like Vault's (`hvs.` + 24 base62 characters) so secret scanners catch leaks.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Barrier } from '../barrier/barrier.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const TOKEN_PREFIX = 'hvs.';
export const TOKEN_BODY_LENGTH = 24;
const ID_PREFIX = 'sys/token/id/';
const ACCESSOR_PREFIX = 'sys/token/accessor/';

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
  return createHash('sha256').update(token, 'utf8').digest('hex');
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
    };
    const hash = tokenHash(token);
    this.barrier.putJson(ID_PREFIX + hash, entry);
    this.barrier.putJson(ACCESSOR_PREFIX + entry.accessor, { hash });
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

  /** The live entry for a token, or null when unknown or expired. */
  lookup(token: string): TokenEntry | null {
    if (typeof token !== 'string' || token.length === 0 || token.length > 256) return null;
    const entry = this.barrier.getJson<TokenEntry>(ID_PREFIX + tokenHash(token));
    if (!entry) return null;
    if (entry.expireTime !== null && entry.expireTime <= Math.floor(this.clock().getTime() / 1000)) return null;
    return entry;
  }
}
