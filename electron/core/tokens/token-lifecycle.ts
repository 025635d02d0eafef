/**
 * The rules of a token's life, after Vault's token store (vault/token_store.go): a child token
 * gets a subset of its parent's policies (any policies when the parent is root), dies with its
 * parent unless it is an orphan, counts down its uses and is revoked after the last one, and
 * renews only up to its max TTL. Multi-record changes run in one transaction.
 *
 * `Tokens` is the core's token service (`core.tokens`): the storage of token-store.ts plus these
 * rules, so callers outside the core never need the database or the other parts of the core.
 */
import { invalid } from '../errors.js';
import type { Barrier } from '../barrier/barrier.js';
import { inTransaction } from '../storage/database.js';
import type { Db } from '../storage/database.js';
import { MAX_TOKEN_DEPTH, TokenStore, tokenHash } from './token-store.js';
import type { StoredToken, TokenEntry } from './token-store.js';
import { MAX_TTL_SECONDS, formatGoDuration, ttlSeconds } from './ttl.js';

/** A child token as asked for (the api reads it from `auth/token/create` in Vault's way). */
export interface CreateRequest {
  /** Null when none were given (the child inherits the parent's). */
  readonly policies: string[] | null;
  readonly ttl: number;
  readonly explicitMaxTtl: number;
  readonly numUses: number;
  readonly noParent: boolean;
  readonly noDefaultPolicy: boolean;
  readonly renewable: boolean;
  readonly displayName: string;
  readonly meta: Record<string, string> | null;
  readonly warnings: string[];
}

/** numUses value of an entry whose last use is the current request (Vault's "tainted" -1). */
export const LAST_USE = -1;

export interface CreateContext {
  readonly parent: StoredToken;
  /** The caller is root or has sudo on the create path: may ask for `no_parent`. */
  readonly mayOrphan: boolean;
  /** `auth/token/create-orphan`: orphan without sudo. */
  readonly forceOrphan: boolean;
  readonly path: string;
  readonly policyExists: (name: string) => boolean;
}

export interface Created {
  readonly token: string;
  readonly entry: TokenEntry;
  readonly warnings: string[];
}

export function isRootToken(entry: TokenEntry): boolean {
  return entry.policies.includes('root');
}

export class Tokens extends TokenStore {
  constructor(
    private readonly db: Db,
    barrier: Barrier,
    clock?: () => Date,
  ) {
    super(barrier, clock);
  }

  /** Creates a child (or orphan) token of the caller; refused naming the rule broken, nothing stored. */
  createChild(ctx: CreateContext, request: CreateRequest): Created {
    const parent = ctx.parent.entry;
    const parentIsRoot = isRootToken(parent);
    // A limited-use token could escape its count through children (Vault refuses the same).
    if (parent.numUses !== 0) throw invalid('LIMITED_USE_PARENT', 'restricted use token cannot generate child tokens');
    if (request.noParent && !ctx.mayOrphan) throw invalid('ORPHAN_NOT_ALLOWED', 'root or sudo privileges required to create orphan token');
    const orphan = ctx.forceOrphan || request.noParent;
    if (!orphan && this.depth(parent) + 1 >= MAX_TOKEN_DEPTH) {
      throw invalid('TOKEN_TREE_TOO_DEEP', `a token may have at most ${MAX_TOKEN_DEPTH - 1} ancestors; create an orphan instead`);
    }

    const policies = childPolicies(parent, parentIsRoot, request);
    for (const name of request.policies ?? []) {
      if (name !== 'root' && !ctx.policyExists(name)) throw invalid('UNKNOWN_POLICY', `policy "${name.slice(0, 128)}" does not exist`, { policy: name.slice(0, 128) });
    }

    const warnings = [...request.warnings];
    let ttl = request.ttl;
    const cap = request.explicitMaxTtl || MAX_TTL_SECONDS;
    if (ttl > cap) {
      warnings.push(`TTL of "${formatGoDuration(ttl)}" exceeded the effective max_ttl of "${formatGoDuration(cap)}"; TTL value is capped accordingly`);
      ttl = cap;
    }
    // As in Vault: a root token asked for without a TTL never expires; any other gets the default.
    if (ttl === 0 && !(policies.includes('root') && request.explicitMaxTtl === 0)) ttl = cap;

    return inTransaction(this.db, () => {
      const { token, entry } = this.create({
        policies,
        displayName: request.displayName,
        path: ctx.path,
        creationTtl: ttl,
        numUses: request.numUses,
        orphan,
        parentAccessor: orphan ? null : parent.accessor,
        meta: request.meta,
        renewable: request.renewable && ttl > 0,
        explicitMaxTtl: request.explicitMaxTtl,
      });
      return { token, entry, warnings };
    });
  }

  /**
   * Counts one use of a token after its request was authorized. Returns the entry as the request
   * should see it; the token is revoked (with its children) when this was its last use. Runs
   * synchronously, so two requests cannot both spend the same last use.
   */
  use(token: string): TokenEntry | null {
    const hash = tokenHash(token);
    const stored = this.live(hash);
    if (!stored) return null;
    const { entry } = stored;
    if (entry.numUses <= 0) return entry;
    const remaining = entry.numUses - 1;
    if (remaining === 0) {
      this.revoke(entry.accessor);
      return { ...entry, numUses: LAST_USE };
    }
    const next = { ...entry, numUses: remaining };
    this.update(hash, next);
    return next;
  }

  /** Renews a token by `increment` (default: its creation TTL), never past its max TTL. */
  renew(stored: StoredToken, increment: unknown): { entry: TokenEntry; warnings: string[]; renewedAt: number } {
    const { entry, hash } = stored;
    const asked = ttlSeconds(increment ?? 0, 'increment');
    if (entry.expireTime === null || entry.renewable === false) {
      throw invalid('NOT_RENEWABLE', 'lease is not renewable', { reason: entry.expireTime === null ? 'token has no TTL' : 'token was created non-renewable' });
    }
    const now = this.now();
    const maxTtl = entry.explicitMaxTtl || MAX_TTL_SECONDS;
    const maxExpire = entry.creationTime + maxTtl;
    const wanted = now + (asked || entry.creationTtl);
    const warnings: string[] = [];
    if (wanted > maxExpire) {
      warnings.push(`TTL of "${formatGoDuration(wanted - now)}" exceeded the effective max_ttl of "${formatGoDuration(Math.max(0, maxExpire - now))}"; TTL value is capped accordingly`);
    }
    const next = { ...entry, expireTime: Math.min(wanted, maxExpire) };
    this.update(hash, next);
    return { entry: next, warnings, renewedAt: now };
  }

  /** Revokes a token and all its descendants in one transaction; returns how many were removed. */
  revoke(accessor: string): number {
    return inTransaction(this.db, () => this.revokeTree(accessor));
  }
}

/**
 * Policies of a new token (vault/token_store.go): inherited when none are asked for; otherwise a
 * subset of the parent's unless the parent is root. `default` is added unless refused, and only
 * when the parent has it (or is root), so a child never gains what its parent lacks.
 */
function childPolicies(parent: TokenEntry, parentIsRoot: boolean, request: CreateRequest): string[] {
  const asked = request.policies;
  if (!parentIsRoot && asked) {
    const missing = asked.filter((p) => !parent.policies.includes(p));
    if (missing.length > 0) throw invalid('POLICY_NOT_SUBSET', 'child policies must be subset of parent', { policies: missing.slice(0, 16) });
  }
  const chosen = asked ?? [...parent.policies];
  if (chosen.includes('root')) return ['root'];
  const withDefault = !request.noDefaultPolicy && (parentIsRoot || parent.policies.includes('default'));
  const set = new Set(chosen.filter((p) => p !== 'default' || !request.noDefaultPolicy));
  if (withDefault) set.add('default');
  return [...set].sort();
}
