/**
 * Response wrapping, after Vault's (vault/wrapping.go): a response is stored in the barrier
 * under a fresh single-use token instead of being returned; whoever holds that token can look
 * at its creation details without spending it, unwrap it once, or rewrap it into a new token
 * with the same TTL and creation path. The wrapping token is not an API token: it grants nothing
 * but these operations, because it is known only to this store.
 *
 * Records: `sys/wrapping/token/<sha256 of token>` → the wrapped response and its details;
 * `sys/wrapping/expiry/<expire ms, 15 digits>/<sha256>` → an index so expired responses are
 * deleted (they may hold secrets) without decrypting every record.
 */
import { randomBytes } from 'node:crypto';
import type { Barrier } from '../barrier/barrier.js';
import { invalid } from '../errors.js';
import type { Db } from '../storage/database.js';
import { inTransaction } from '../storage/database.js';
import { newTokenString, tokenHash } from '../tokens/token-store.js';

const TOKEN_PREFIX = 'sys/wrapping/token/';
const EXPIRY_PREFIX = 'sys/wrapping/expiry/';
export const INVALID_WRAPPING_TOKEN = 'wrapping token is not valid or does not exist';

/** A response just stored under a new wrapping token. */
export interface WrapInfo extends WrappingDetails {
  readonly token: string;
  readonly accessor: string;
  /** The accessor of the token the wrapped response carries, if any. */
  readonly wrappedAccessor: string | null;
}

interface WrappedRecord {
  readonly accessor: string;
  /** Unix milliseconds. */
  readonly createdMs: number;
  readonly ttl: number;
  readonly path: string;
  readonly wrappedAccessor: string | null;
  readonly response: unknown;
}

/** What a wrapping token's holder may learn without spending it. */
export interface WrappingDetails {
  /** Seconds the token lives from its creation. */
  readonly ttl: number;
  readonly creationTime: Date;
  readonly creationPath: string;
}

export class WrappingStore {
  constructor(private readonly db: Db, private readonly barrier: Barrier, private readonly clock: () => Date = () => new Date()) {}

  /** Stores `response` under a new wrapping token valid for `ttl` seconds. */
  wrap(response: unknown, ttl: number, creationPath: string, wrappedAccessor: string | null = null): WrapInfo {
    if (!Number.isSafeInteger(ttl) || ttl <= 0) throw new RangeError('wrapping TTL must be a positive whole number of seconds');
    if (typeof creationPath !== 'string' || creationPath.length === 0) throw new TypeError('creation path must be a non-empty string');
    return inTransaction(this.db, () => {
      this.sweep();
      return this.store({ accessor: randomBytes(12).toString('hex'), createdMs: this.clock().getTime(), ttl, path: creationPath, wrappedAccessor, response });
    });
  }

  /** Creation details of a live wrapping token, without spending it; refused when not valid. */
  lookup(token: string): WrappingDetails {
    const record = this.live(token);
    return { ttl: record.ttl, creationTime: new Date(record.createdMs), creationPath: record.path };
  }

  /** The wrapped response; the token is spent (single use). Refused when not valid. */
  unwrap(token: string): unknown {
    return inTransaction(this.db, () => {
      const record = this.live(token);
      this.remove(tokenHash(token), record);
      this.sweep();
      return record.response;
    });
  }

  /** A new wrapping token for the same response, TTL and path; the old token stops working. */
  rewrap(token: string): WrapInfo {
    return inTransaction(this.db, () => {
      const record = this.live(token);
      this.remove(tokenHash(token), record);
      return this.store({ ...record, accessor: randomBytes(12).toString('hex'), createdMs: this.clock().getTime() });
    });
  }

  /** Deletes every wrapped response whose TTL has passed. Returns how many. */
  sweep(): number {
    const now = this.clock().getTime();
    let removed = 0;
    for (const path of this.barrier.list(EXPIRY_PREFIX)) {
      const [expires = '', hash = ''] = path.slice(EXPIRY_PREFIX.length).split('/');
      // The index is ordered by expiry time, so the first live one ends the sweep.
      if (Number(expires) > now) break;
      this.barrier.delete(TOKEN_PREFIX + hash);
      this.barrier.delete(path);
      removed += 1;
    }
    return removed;
  }

  private store(record: WrappedRecord): WrapInfo {
    const token = newTokenString();
    const hash = tokenHash(token);
    this.barrier.putJson(TOKEN_PREFIX + hash, record);
    this.barrier.putJson(expiryPath(record, hash), 1);
    return { token, accessor: record.accessor, ttl: record.ttl, creationTime: new Date(record.createdMs), creationPath: record.path, wrappedAccessor: record.wrappedAccessor };
  }

  private live(token: string): WrappedRecord {
    if (token.length === 0 || token.length > 256) throw invalid('INVALID_WRAPPING_TOKEN', INVALID_WRAPPING_TOKEN);
    const record = this.barrier.getJson<WrappedRecord>(TOKEN_PREFIX + tokenHash(token));
    if (!record || record.createdMs + record.ttl * 1000 <= this.clock().getTime()) throw invalid('INVALID_WRAPPING_TOKEN', INVALID_WRAPPING_TOKEN);
    return record;
  }

  private remove(hash: string, record: WrappedRecord): void {
    this.barrier.delete(TOKEN_PREFIX + hash);
    this.barrier.delete(expiryPath(record, hash));
  }
}

function expiryPath(record: WrappedRecord, hash: string): string {
  return `${EXPIRY_PREFIX}${String(record.createdMs + record.ttl * 1000).padStart(15, '0')}/${hash}`;
}
