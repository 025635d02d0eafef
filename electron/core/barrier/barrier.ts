/**
 * The barrier: every stored value outside the seal records is AES-256-GCM encrypted as
 *   [term: u32 BE][format version: 1 byte][nonce: 12][ciphertext ‖ tag]
 * with the record's path as additional data, so a record cannot be moved to another path.
 * The term selects the key; term 0 is reserved for the root key, which protects the keyring.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../storage/database.js';
import { inTransaction } from '../storage/database.js';
import { gcmDecrypt, gcmSeal } from '../crypto/aes-gcm.js';
import { gcmOpenSecret } from '../crypto/aes-gcm-secret.js';
import { copyToSecretBuffer } from '../crypto/secret-buffer.js';
import { Keyring } from './keyring.js';
import { isLegacyKeyring } from './keyring-codec.js';
import { KEY_MATERIAL_RECORDS } from './key-material.js';
import type { Term } from './keyring.js';
import { sealedError } from '../errors.js';

export const RECORD_FORMAT_VERSION = 1;
export const KEYRING_PATH = 'core/keyring';
const ROOT_KEY_TERM = 0;
/**
 * Encryption counts are persisted ahead of use, a block at a time: after a crash the stored
 * count is at or above the true one, never below, so the NIST bound cannot be overrun silently.
 */
export const COUNT_RESERVATION_BLOCK = 4096;
/**
 * Records whose plaintext the barrier keeps while unsealed: token entries (every request reads
 * its token's) and KV metadata (every KV read reads it to find the version). Neither holds a
 * secret value: a token record is keyed by the token's hash and holds policies, times and the
 * token's meta; KV metadata holds versions, times and custom_metadata. Those user-written fields
 * (meta, custom_metadata) are HMAC'd in the audit log, which is on disk and read by witnesses;
 * here they are in memory only while the keyring is unsealed, as the keys are. KV data records are
 * decrypted on every read and never kept.
 */
const READ_CACHE_PREFIXES = ['sys/token/', 'kv/meta/'] as const;
const READ_CACHE_ENTRIES = 4096;
const READ_CACHE_MAX_VALUE = 4096;

/** A record as stored: its path and its encrypted value. */
export interface StoredRecord {
  readonly path: string;
  readonly value: Buffer;
}

export class Barrier {
  private keyring: Keyring | null = null;
  private rootKey: Buffer | null = null;
  /** Count reserved (persisted) per term; in-memory counts may trail it. */
  private readonly reserved = new Map<number, number>();
  /** Called after each encryption under the active term (auto-rotation hooks in here). */
  onEncrypt: ((term: Term) => void) | null = null;
  /** Called after each successful unseal (auto-rotation check, rewrap resume). */
  private readonly unsealListeners: (() => void)[] = [];
  /** The keyring blob this process last wrote: a different stored blob means that write was rolled back. */
  private lastKeyringBlob: Buffer | null = null;
  /** Decrypted token records (see `remember`). */
  private readonly readCache = new Map<string, Buffer>();

  /** Prepared once: preparing costs more than the point query itself on the hot path. */
  private readonly statements: {
    readonly get: Statement<[string], { value: Buffer }>;
    readonly has: Statement<[string], unknown>;
    readonly upsert: Statement<[string, Buffer]>;
    readonly remove: Statement<[string]>;
    readonly range: Statement<[string, string], { path: string }>;
    readonly belowTerm: Statement<[string, string, string, Buffer, number], StoredRecord>;
    readonly rewrite: Statement<[Buffer, string]>;
    readonly termCounts: Statement<[string], { head: Buffer; n: number }>;
  };

  constructor(private readonly db: Db) {
    this.statements = {
      get: db.prepare('SELECT value FROM records WHERE path = ?'),
      has: db.prepare('SELECT 1 FROM records WHERE path = ?'),
      upsert: db.prepare('INSERT INTO records (path, value) VALUES (?, ?) ON CONFLICT(path) DO UPDATE SET value = excluded.value'),
      remove: db.prepare('DELETE FROM records WHERE path = ?'),
      range: db.prepare('SELECT path FROM records WHERE path >= ? AND path < ? ORDER BY path'),
      // Byte order of the big-endian term header is numeric order, so SQL compares terms directly.
      belowTerm: db.prepare('SELECT path, value FROM records WHERE path > ? AND path <> ? AND path <> ? AND substr(value, 1, 4) < ? ORDER BY path LIMIT ?'),
      rewrite: db.prepare('UPDATE records SET value = ? WHERE path = ?'),
      // Materialized first: grouping straight over substr(value, …) made SQLite's sorter carry
      // every whole value (4–5× slower over 20,000 × 4 KiB records); this way it groups 4 bytes.
      termCounts: db.prepare('WITH heads AS MATERIALIZED (SELECT substr(value, 1, 4) AS head FROM records WHERE path <> ?) SELECT head, COUNT(*) AS n FROM heads GROUP BY head'),
    };
  }

  get sealed(): boolean {
    return this.keyring === null;
  }

  /** Opens the barrier with a root key recovered from the shares. Returns false if the stored keyring does not open. */
  unseal(rootKey: Uint8Array): boolean {
    const row = this.statements.get.get(KEYRING_PATH);
    if (!row) throw new Error('keyring record is missing');
    // The plaintext is every term key: opened so that no unwiped copy is left (aes-gcm-secret.ts).
    const plain = this.open(rootKey, KEYRING_PATH, row.value, ROOT_KEY_TERM, gcmOpenSecret);
    if (!plain) return false;
    const legacy = isLegacyKeyring(plain);
    let keyring: Keyring;
    try {
      keyring = Keyring.parse(plain);
    } finally {
      plain.fill(0);
    }
    this.install(rootKey, keyring);
    this.lastKeyringBlob = row.value;
    if (legacy) this.migrateLegacyKeyring(keyring);
    for (const listener of this.unsealListeners) listener();
    return true;
  }

  /**
   * A keyring stored in the legacy JSON form (base64 keys) is rewritten in binary at its first
   * unseal. Should that write fail, the old record is still valid and the next unseal tries again.
   */
  private migrateLegacyKeyring(keyring: Keyring): void {
    try {
      this.writeKeyring(keyring);
    } catch {
      return;
    }
  }

  /** Listeners run synchronously right after an unseal; they must not throw. */
  addUnsealListener(listener: () => void): void {
    this.unsealListeners.push(listener);
  }

  /** Used by init: the keyring is new and written by the caller's transaction. */
  install(rootKey: Uint8Array, keyring: Keyring): void {
    // Our own unmovable copy; the caller wipes theirs.
    this.rootKey?.fill(0);
    this.rootKey = copyToSecretBuffer(rootKey);
    this.keyring = keyring;
    this.reserved.clear();
    for (let t = 1; t <= keyring.activeTerm; t++) {
      const term = keyring.term(t);
      if (term) this.reserved.set(t, term.encryptions);
    }
  }

  /** Persists the exact counts, then forgets every key. */
  seal(): void {
    if (!this.keyring) return;
    try {
      this.writeKeyring(this.keyring, true);
    } finally {
      // Even if the write fails, memory seals: the stored counts are reservations, never below.
      this.forget();
    }
  }

  /** Forgets every key without writing (after a rolled-back init, or when the file is closing). */
  forget(): void {
    if (!this.keyring) return;
    this.keyring.wipe();
    this.rootKey?.fill(0);
    this.keyring = null;
    this.rootKey = null;
    this.reserved.clear();
    this.lastKeyringBlob = null;
    this.forgetReads();
  }

  get currentKeyring(): Keyring {
    if (!this.keyring) throw sealedError();
    return this.keyring;
  }

  private get currentRootKey(): Buffer {
    if (!this.rootKey) throw sealedError();
    return this.rootKey;
  }

  /** True when `candidate` is the root key in use (how a quorum of shares is proven); constant time. */
  holdsRootKey(candidate: Uint8Array): boolean {
    const live = this.currentRootKey;
    return live.length === candidate.length && timingSafeEqual(live, candidate);
  }

  /** Replaces the keyring (rotation, config change) and writes it; callers wrap this in their transaction. */
  replaceKeyring(next: Keyring): void {
    if (!this.keyring) throw sealedError();
    this.writeKeyring(next);
    this.keyring = next;
    const active = next.active;
    if (!this.reserved.has(active.term)) this.reserved.set(active.term, active.encryptions);
  }

  /**
   * Replaces the keyring and runs `alongside` (e.g. its audit entry) in one top-level transaction.
   * If the transaction rolls back, memory keeps the previous keyring too: a keyring in memory that
   * is not the one on disk would encrypt records under a term that a restart does not know.
   */
  commitKeyring(next: Keyring, alongside: () => void = () => undefined): void {
    const previous = this.currentKeyring;
    if (this.db.inTransaction) throw new Error('commitKeyring must not run inside another transaction');
    try {
      inTransaction(this.db, () => {
        this.replaceKeyring(next);
        alongside();
      });
    } catch (error) {
      if (this.keyring === next) {
        this.keyring = previous;
        if (next.activeTerm !== previous.activeTerm) this.reserved.delete(next.activeTerm);
      }
      // A term that never reached the disk encrypted nothing: its key is dropped, wiped.
      if (!previous.term(next.activeTerm)) next.active.key.fill(0);
      throw error;
    }
  }

  /**
   * The rekey's half of the barrier (DESIGN.md, "Rekey replaces both"): `next` (the keyring with
   * a new active term) is written under a new root key, with `alongside` (the root-key record
   * under the new unseal key, the seal record, the audit entry), in one top-level transaction.
   * Memory holds the new pair only while the transaction runs (so what `alongside` encrypts lands
   * under the new term) and goes back to the old pair if it rolls back: nothing can run in
   * between, and memory never holds a root key the file does not. The old root key is wiped once
   * the commit is durable; the old keyring object is not, its terms live on in `next`.
   */
  commitRootKey(rootKey: Uint8Array, next: Keyring, alongside: () => void): void {
    const previous = { keyring: this.currentKeyring, rootKey: this.currentRootKey, blob: this.lastKeyringBlob, reserved: new Map(this.reserved) };
    if (this.db.inTransaction) throw new Error('commitRootKey must not run inside another transaction');
    const installed = copyToSecretBuffer(rootKey);
    try {
      inTransaction(this.db, () => {
        this.rootKey = installed;
        this.keyring = next;
        if (!this.reserved.has(next.activeTerm)) this.reserved.set(next.activeTerm, next.active.encryptions);
        this.writeKeyring(next);
        alongside();
      });
    } catch (error) {
      installed.fill(0);
      this.rootKey = previous.rootKey;
      this.keyring = previous.keyring;
      this.lastKeyringBlob = previous.blob;
      this.reserved.clear();
      for (const [term, count] of previous.reserved) this.reserved.set(term, count);
      throw error;
    }
    previous.rootKey.fill(0);
  }

  /**
   * Re-persists the count reservations if the last keyring write was rolled back with the
   * transaction that made it (a caller's write failed after an encryption crossed a block). Run
   * outside transactions, from the rotation timer and between rewrap batches: it bounds how long
   * a stored count can trail the true one.
   */
  checkpointCounts(): void {
    if (!this.keyring || this.db.inTransaction) return;
    const row = this.statements.get.get(KEYRING_PATH);
    if (row && this.lastKeyringBlob && row.value.equals(this.lastKeyringBlob)) return;
    for (const [term, reserved] of this.reserved) {
      const t = this.keyring.term(term);
      if (t && t.encryptions >= reserved) this.reserved.set(term, t.encryptions + COUNT_RESERVATION_BLOCK);
    }
    this.writeKeyring(this.keyring);
  }

  /** `aad` is the path's additional data when the caller has it already (aadFor). */
  encrypt(path: string, plaintext: Uint8Array, aad: Buffer = aadFor(path)): Buffer {
    const keyring = this.currentKeyring;
    const term = keyring.active;
    const sealed = this.encryptWith(term.term, term.key, aad, plaintext);
    this.countEncryption(keyring, term);
    return sealed;
  }

  decrypt(path: string, blob: Uint8Array, aad: Buffer = aadFor(path)): Buffer {
    const keyring = this.currentKeyring;
    if (blob.length < 5) throw new Error(`record ${path} is truncated`);
    const termNumber = Barrier.termOf(blob);
    const term = keyring.term(termNumber);
    if (!term) throw new Error(`record ${path} is encrypted under unknown term ${termNumber}`);
    const plain = this.open(term.key, path, blob, termNumber, KEY_MATERIAL_RECORDS.has(path) ? gcmOpenSecret : gcmDecrypt, aad);
    if (!plain) throw new Error(`record ${path} failed authentication`);
    return plain;
  }

  /** The term a stored record is encrypted under (for rewrap progress). */
  static termOf(blob: Uint8Array): number {
    return Buffer.from(blob.buffer, blob.byteOffset, blob.length).readUInt32BE(0);
  }

  /**
   * Stored records (as stored: encrypted) under a term older than `term`, after `afterPath` in
   * path order, at most `limit`: what a rewrap batch re-encrypts next. Never the keyring record
   * (term 0, under the root key), nor `except` (a record its caller rewrites itself anyway).
   */
  recordsBelowTerm(term: number, afterPath: string, limit: number, except: string): StoredRecord[] {
    return this.statements.belowTerm.all(afterPath, KEYRING_PATH, except, termHeader(term), limit);
  }

  /**
   * Re-encrypts one stored record, as read by `recordsBelowTerm`, under the active term; its
   * plaintext does not change (so the read cache stays right), never leaves here, and is wiped.
   */
  reencrypt(record: StoredRecord): void {
    checkPath(record.path);
    const aad = aadFor(record.path);
    const plain = this.decrypt(record.path, record.value, aad);
    try {
      this.statements.rewrite.run(this.encrypt(record.path, plain, aad), record.path);
    } finally {
      plain.fill(0);
    }
  }

  /** Records per term, read from the 4-byte headers alone (nothing decrypted); the keyring record is not counted. */
  termCounts(): Map<number, number> {
    const counts = new Map<number, number>();
    for (const row of this.statements.termCounts.all(KEYRING_PATH)) {
      if (row.head.length < 4) continue;
      const term = Barrier.termOf(row.head);
      counts.set(term, (counts.get(term) ?? 0) + row.n);
    }
    return counts;
  }

  get(path: string): Buffer | null {
    const cached = this.readCache.get(path);
    // A copy: callers may wipe what they are given.
    if (cached) return Buffer.from(cached);
    const row = this.statements.get.get(path);
    if (!row) return null;
    const plain = this.decrypt(path, row.value);
    this.remember(path, plain);
    return plain;
  }

  /** Whether a record exists, without decrypting it. Works while sealed too, as `list` does. */
  has(path: string): boolean {
    return this.statements.has.get(path) !== undefined;
  }

  put(path: string, value: Uint8Array): void {
    checkPath(path);
    this.forgetRead(path);
    const blob = this.encrypt(path, value);
    this.statements.upsert.run(path, blob);
  }

  delete(path: string): boolean {
    checkPath(path);
    this.forgetRead(path);
    return this.statements.remove.run(path).changes > 0;
  }

  /**
   * Token and KV metadata records (READ_CACHE_PREFIXES) are read on every request that touches
   * them; decrypting them each time costs more than the rest of a read (about 4 µs an open). Their
   * plaintext is kept while unsealed (as the keys themselves are), filled only outside
   * transactions so it never holds an uncommitted value, dropped by every put and delete of the
   * path, and wiped on seal or when the cache is full.
   */
  private remember(path: string, plain: Buffer): void {
    if (this.db.inTransaction || plain.length > READ_CACHE_MAX_VALUE || !READ_CACHE_PREFIXES.some((prefix) => path.startsWith(prefix))) return;
    if (this.readCache.size >= READ_CACHE_ENTRIES) this.forgetReads();
    this.readCache.set(path, Buffer.from(plain));
  }

  /** Wipes and drops the kept plaintext of one path (it is being rewritten or deleted). */
  private forgetRead(path: string): void {
    this.readCache.get(path)?.fill(0);
    this.readCache.delete(path);
  }

  /** Wipes and drops every kept plaintext. */
  private forgetReads(): void {
    for (const plain of this.readCache.values()) plain.fill(0);
    this.readCache.clear();
  }

  getJson<T>(path: string): T | null {
    const raw = this.get(path);
    return raw ? (JSON.parse(raw.toString('utf8')) as T) : null;
  }

  putJson(path: string, value: unknown): void {
    this.put(path, Buffer.from(JSON.stringify(value), 'utf8'));
  }

  /** Paths under `prefix`, in order. Works while sealed too (paths are not secret; values are). */
  list(prefix: string): string[] {
    if (prefix.length === 0) throw new RangeError('list prefix must not be empty');
    const upper = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
    const rows = this.statements.range.all(prefix, upper);
    return rows.map((r) => r.path);
  }

  private encryptWith(termNumber: number, key: Uint8Array, aad: Buffer, plaintext: Uint8Array): Buffer {
    const header = Buffer.alloc(5);
    header.writeUInt32BE(termNumber, 0);
    header.writeUInt8(RECORD_FORMAT_VERSION, 4);
    return gcmSeal(key, plaintext, aad, header);
  }

  private open(key: Uint8Array, path: string, blob: Uint8Array, expectedTerm: number, decrypt = gcmDecrypt, aad: Buffer = aadFor(path)): Buffer | null {
    const buf = Buffer.from(blob.buffer, blob.byteOffset, blob.length);
    if (buf.length < 5 || buf.readUInt32BE(0) !== expectedTerm) return null;
    if (buf.readUInt8(4) !== RECORD_FORMAT_VERSION) throw new Error(`record ${path} has unknown format version ${buf.readUInt8(4)}`);
    return decrypt(key, buf.subarray(5), aad);
  }

  private countEncryption(keyring: Keyring, term: Term): void {
    term.encryptions += 1;
    const reserved = this.reserved.get(term.term) ?? 0;
    if (term.encryptions > reserved) {
      this.reserved.set(term.term, term.encryptions + COUNT_RESERVATION_BLOCK);
      this.writeKeyring(keyring);
    }
    this.onEncrypt?.(term);
  }

  /**
   * Writes the keyring under the root key. Every term's count is stored as its reservation (at or
   * above the true count), so any write — a reservation, a rotation, a config change — keeps the
   * stored counts safe after a crash. `exact` stores the true counts; only sealing may, because
   * nothing is encrypted between it and the next unseal.
   */
  private writeKeyring(keyring: Keyring, exact = false): void {
    if (!this.rootKey) throw sealedError();
    const plain = keyring.serialize(exact ? undefined : this.reserved);
    let blob: Buffer;
    try {
      blob = this.encryptWith(ROOT_KEY_TERM, this.rootKey, aadFor(KEYRING_PATH), plain);
    } finally {
      plain.fill(0);
    }
    this.statements.upsert.run(KEYRING_PATH, blob);
    this.lastKeyringBlob = blob;
  }
}

function aadFor(path: string): Buffer {
  return Buffer.from(path, 'utf8');
}

/** A term as the first four bytes of a record: big-endian, so byte order is numeric order in SQL. */
function termHeader(term: number): Buffer {
  if (!Number.isInteger(term) || term < 0 || term > 0xffff_ffff) throw new RangeError(`term ${term} is out of range`);
  const header = Buffer.alloc(4);
  header.writeUInt32BE(term, 0);
  return header;
}

function checkPath(path: string): void {
  if (typeof path !== 'string' || path.length === 0 || path.length > 4096) throw new RangeError('record path must be 1..4096 characters');
  if (path === KEYRING_PATH) throw new RangeError('the keyring record is written only by the barrier');
}
