/**
 * The barrier (DESIGN.md, "Keys and storage"): record format [term u32 BE][version][nonce 12][ct‖tag],
 * the path as additional data, term selection, the keyring under the root key, and encryption
 * counts persisted ahead of use. Runs on a real SQLite file.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Barrier, COUNT_RESERVATION_BLOCK, KEYRING_PATH, RECORD_FORMAT_VERSION } from '../../../electron/core/barrier/barrier.js';
import { Keyring } from '../../../electron/core/barrier/keyring.js';
import { CoreError } from '../../../electron/core/errors.js';
import { openDatabase } from '../../../electron/core/storage/database.js';
import type { Db } from '../../../electron/core/storage/database.js';
import { tempDir } from '../../helpers/serve.js';

const NOW = new Date('2026-01-02T03:04:05Z');

function rawValue(db: Db, path: string): Buffer {
  const row = db.prepare('SELECT value FROM records WHERE path = ?').get(path) as { value: Buffer } | undefined;
  if (!row) throw new Error(`no record at ${path}`);
  return row.value;
}

function setRaw(db: Db, path: string, value: Buffer): void {
  db.prepare('INSERT INTO records (path, value) VALUES (?, ?) ON CONFLICT(path) DO UPDATE SET value = excluded.value').run(path, value);
}

describe('barrier', () => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  let db: Db;
  let rootKey: Buffer;
  let barrier: Barrier;

  beforeEach(() => {
    dir = tempDir();
    file = join(dir.dir, 'k.db');
    db = openDatabase(file);
    rootKey = randomBytes(32);
    barrier = new Barrier(db);
    const keyring = Keyring.create(NOW);
    barrier.install(rootKey, keyring);
    barrier.replaceKeyring(keyring);
  });

  afterEach(() => {
    barrier.forget();
    db.close();
    dir.remove();
  });

  it('writes [term u32 BE][format version][12-byte nonce][ciphertext + 16-byte tag]', () => {
    const plain = Buffer.from('the quick brown fox');
    barrier.put('kv/fox', plain);
    const blob = rawValue(db, 'kv/fox');
    expect(blob.readUInt32BE(0)).toBe(1);
    expect(blob[4]).toBe(RECORD_FORMAT_VERSION);
    expect(blob.length).toBe(4 + 1 + 12 + plain.length + 16);
    expect(blob.includes(plain)).toBe(false);
    expect(Barrier.termOf(blob)).toBe(1);
    expect(barrier.get('kv/fox')?.toString()).toBe('the quick brown fox');
  });

  it('uses a fresh nonce for every encryption of the same value', () => {
    barrier.put('a', Buffer.from('same'));
    const first = rawValue(db, 'a');
    barrier.put('a', Buffer.from('same'));
    expect(rawValue(db, 'a').subarray(5, 17).equals(first.subarray(5, 17))).toBe(false);
  });

  it('binds each record to its path: a record moved to another path fails authentication', () => {
    barrier.put('sys/token/id/alice', Buffer.from('{"policies":["default"]}'));
    barrier.put('sys/token/id/mallory', Buffer.from('{"policies":["root"]}'));
    setRaw(db, 'sys/token/id/alice', rawValue(db, 'sys/token/id/mallory'));
    expect(() => barrier.get('sys/token/id/alice')).toThrow('record sys/token/id/alice failed authentication');
    expect(barrier.get('sys/token/id/mallory')?.toString()).toBe('{"policies":["root"]}');
  });

  it('detects a flipped bit anywhere in the ciphertext or tag', () => {
    barrier.put('x', Buffer.from('value'));
    const blob = rawValue(db, 'x');
    for (const at of [5, 16, 17, blob.length - 1]) {
      const bad = Buffer.from(blob);
      bad[at] = (bad[at] ?? 0) ^ 1;
      setRaw(db, 'x', bad);
      expect(() => barrier.get('x')).toThrow('failed authentication');
    }
  });

  it('gives rewrap the records below a term in path order (never the keyring or the excepted path), re-encrypts them under the active term, and counts terms from the headers', () => {
    for (const path of ['a/1', 'a/2', 'a/3', 'job']) barrier.put(path, Buffer.from(`value of ${path}`));
    barrier.replaceKeyring(barrier.currentKeyring.withNewTerm(NOW));
    barrier.put('a/4', Buffer.from('value of a/4'));
    expect(barrier.termCounts()).toEqual(new Map([[1, 4], [2, 1]]));

    const first = barrier.recordsBelowTerm(2, '', 2, 'job');
    expect(first.map((r) => r.path)).toEqual(['a/1', 'a/2']);
    expect(first.map((r) => r.value)).toEqual([rawValue(db, 'a/1'), rawValue(db, 'a/2')]);
    expect(barrier.recordsBelowTerm(2, 'a/2', 10, 'job').map((r) => r.path)).toEqual(['a/3']);

    for (const record of barrier.recordsBelowTerm(2, '', 10, 'job')) barrier.reencrypt(record);
    expect(barrier.recordsBelowTerm(2, '', 10, 'job')).toEqual([]);
    expect(barrier.recordsBelowTerm(2, '', 10, 'none').map((r) => r.path)).toEqual(['job']);
    for (const path of ['a/1', 'a/2', 'a/3']) {
      expect(Barrier.termOf(rawValue(db, path))).toBe(2);
      expect(barrier.get(path)?.toString()).toBe(`value of ${path}`);
    }
    expect(barrier.termCounts()).toEqual(new Map([[1, 1], [2, 4]]));
    expect(Barrier.termOf(rawValue(db, KEYRING_PATH))).toBe(0);
  });

  it('refuses to re-encrypt a record that does not open (names it; nothing written)', () => {
    barrier.put('tampered', Buffer.from('x'));
    const bad = Buffer.from(rawValue(db, 'tampered'));
    bad[bad.length - 1] = (bad[bad.length - 1] ?? 0) ^ 1;
    setRaw(db, 'tampered', bad);
    expect(() => barrier.reencrypt({ path: 'tampered', value: bad })).toThrow('record tampered failed authentication');
    expect(rawValue(db, 'tampered')).toEqual(bad);
  });

  it('selects the key by the term in the header; old terms stay readable after a new term', () => {
    barrier.put('old', Buffer.from('written under term 1'));
    barrier.replaceKeyring(barrier.currentKeyring.withNewTerm(NOW));
    barrier.put('new', Buffer.from('written under term 2'));
    expect(Barrier.termOf(rawValue(db, 'old'))).toBe(1);
    expect(Barrier.termOf(rawValue(db, 'new'))).toBe(2);
    expect(barrier.get('old')?.toString()).toBe('written under term 1');
    expect(barrier.get('new')?.toString()).toBe('written under term 2');

    // A header naming the other (existing) term selects the wrong key: authentication fails.
    const relabelled = Buffer.from(rawValue(db, 'old'));
    relabelled.writeUInt32BE(2, 0);
    setRaw(db, 'old', relabelled);
    expect(() => barrier.get('old')).toThrow('failed authentication');
    relabelled.writeUInt32BE(7, 0);
    setRaw(db, 'old', relabelled);
    expect(() => barrier.get('old')).toThrow('encrypted under unknown term 7');
  });

  it('keeps the plaintext of token and KV metadata records while unsealed, never of KV data; a put, a delete or a seal drops it', () => {
    // Which records are kept is seen from outside: a row changed behind the barrier's back (here,
    // swapped for another valid record) is noticed at once only for records that are not kept.
    for (const path of ['sys/token/id/a', 'kv/meta/app', 'kv/data/app/1']) {
      // A valid record for the path, as the barrier seals it; then v1 stored and read once.
      barrier.put(path, Buffer.from(`${path} v2`));
      const v2 = rawValue(db, path);
      barrier.put(path, Buffer.from(`${path} v1`));
      expect(barrier.get(path)?.toString()).toBe(`${path} v1`);
      setRaw(db, path, v2);
    }
    expect(barrier.get('sys/token/id/a')?.toString()).toBe('sys/token/id/a v1');
    expect(barrier.get('kv/meta/app')?.toString()).toBe('kv/meta/app v1');
    expect(barrier.get('kv/data/app/1')?.toString()).toBe('kv/data/app/1 v2');
    // A seal wipes what was kept: after unsealing, the stored row is read again.
    barrier.seal();
    expect(barrier.unseal(rootKey)).toBe(true);
    expect(barrier.get('kv/meta/app')?.toString()).toBe('kv/meta/app v2');
    expect(barrier.get('sys/token/id/a')?.toString()).toBe('sys/token/id/a v2');
    // A put and a delete through the barrier are seen at once.
    barrier.put('kv/meta/app', Buffer.from('kv/meta/app v3'));
    expect(barrier.get('kv/meta/app')?.toString()).toBe('kv/meta/app v3');
    expect(barrier.delete('kv/meta/app')).toBe(true);
    expect(barrier.get('kv/meta/app')).toBeNull();
  });

  it('keeps every term after a reseal: records of both terms open with the same root key', () => {
    barrier.put('one', Buffer.from('1'));
    barrier.replaceKeyring(barrier.currentKeyring.withNewTerm(NOW));
    barrier.put('two', Buffer.from('2'));
    barrier.seal();
    expect(barrier.sealed).toBe(true);
    expect(barrier.unseal(rootKey)).toBe(true);
    expect(barrier.currentKeyring.termCount).toBe(2);
    expect(barrier.currentKeyring.activeTerm).toBe(2);
    expect(barrier.get('one')?.toString()).toBe('1');
    expect(barrier.get('two')?.toString()).toBe('2');
  });

  it('stores the keyring under term 0 (the root key) and refuses the wrong root key', () => {
    expect(Barrier.termOf(rawValue(db, KEYRING_PATH))).toBe(0);
    barrier.put('secret', Buffer.from('s'));
    barrier.seal();
    expect(barrier.unseal(randomBytes(32))).toBe(false);
    expect(barrier.sealed).toBe(true);
    expect(barrier.unseal(rootKey)).toBe(true);
    expect(barrier.get('secret')?.toString()).toBe('s');
  });

  it('refuses reads and writes while sealed, with the sealed error; listing paths still works', () => {
    barrier.put('kv/a', Buffer.from('a'));
    barrier.seal();
    const error = (() => {
      try {
        barrier.get('kv/a');
      } catch (thrown) {
        return thrown;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(CoreError);
    expect((error as CoreError).kind).toBe('sealed');
    expect(() => barrier.put('kv/b', Buffer.from('b'))).toThrow('Vault is sealed');
    expect(barrier.list('kv/')).toEqual(['kv/a']);
  });

  it('rejects records with an unknown format version or truncated header', () => {
    barrier.put('v', Buffer.from('v'));
    const blob = Buffer.from(rawValue(db, 'v'));
    blob[4] = 9;
    setRaw(db, 'v', blob);
    expect(() => barrier.get('v')).toThrow('unknown format version 9');
    setRaw(db, 'v', Buffer.from([0, 0, 0]));
    expect(() => barrier.get('v')).toThrow('truncated');
  });

  it('never lets a caller overwrite the keyring record or use an empty path', () => {
    expect(() => barrier.put(KEYRING_PATH, Buffer.from('x'))).toThrow(RangeError);
    expect(() => barrier.put('', Buffer.from('x'))).toThrow(RangeError);
    expect(() => barrier.delete(KEYRING_PATH)).toThrow(RangeError);
  });

  it('lists by prefix in order, without neighbours that merely share characters', () => {
    for (const p of ['kv/b', 'kv/a', 'kv0', 'kv/a/deep', 'kw/x']) barrier.put(p, Buffer.from(p));
    expect(barrier.list('kv/')).toEqual(['kv/a', 'kv/a/deep', 'kv/b']);
    expect(() => barrier.list('')).toThrow(RangeError);
  });

  it('tells whether a record exists without decrypting it, sealed or not', () => {
    barrier.put('kv/a', Buffer.from('a'));
    setRaw(db, 'kv/garbled', Buffer.from([0, 0, 0]));
    expect(barrier.has('kv/a')).toBe(true);
    expect(barrier.has('kv/garbled')).toBe(true);
    expect(barrier.has('kv/b')).toBe(false);
    barrier.delete('kv/a');
    expect(barrier.has('kv/a')).toBe(false);
    barrier.seal();
    expect(barrier.has('kv/garbled')).toBe(true);
  });

  it('persists encryption counts ahead of use, and exactly on seal', () => {
    for (let i = 0; i < 10; i++) barrier.put(`r/${i}`, Buffer.from('x'));
    expect(barrier.currentKeyring.active.encryptions).toBe(10);

    // A crash now (no seal): another process reads a count at or above the true one.
    const crashed = new Barrier(db);
    expect(crashed.unseal(rootKey)).toBe(true);
    expect(crashed.currentKeyring.active.encryptions).toBeGreaterThanOrEqual(10);
    expect(crashed.currentKeyring.active.encryptions).toBeLessThanOrEqual(10 + COUNT_RESERVATION_BLOCK);
    crashed.forget();

    barrier.seal();
    const reopened = new Barrier(db);
    expect(reopened.unseal(rootKey)).toBe(true);
    expect(reopened.currentKeyring.active.encryptions).toBe(10);
    reopened.forget();
  });
});
