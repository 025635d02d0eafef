/**
 * The keyring's stored form (issue 12): binary, so no key ever becomes a base64, hex or JSON
 * string; the legacy JSON form (format 1) still reads, and the barrier rewrites it in binary at
 * the first unseal. The migration runs on a real SQLite file holding a format-1 keyring as the
 * previous release wrote it.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Barrier, KEYRING_PATH, RECORD_FORMAT_VERSION } from '../../../electron/core/barrier/barrier.js';
import { Keyring } from '../../../electron/core/barrier/keyring.js';
import { decodeKeyring, KEYRING_FORMAT } from '../../../electron/core/barrier/keyring-codec.js';
import { gcmDecrypt, gcmEncrypt } from '../../../electron/core/crypto/aes-gcm.js';
import { openDatabase } from '../../../electron/core/storage/database.js';
import type { Db } from '../../../electron/core/storage/database.js';
import { tempDir } from '../../helpers/serve.js';

const NOW = new Date('2026-01-02T03:04:05Z');

function renderings(key: Buffer): Buffer[] {
  return [key.toString('hex'), key.toString('hex').toUpperCase(), key.toString('base64').replace(/=+$/, ''), key.toString('base64url')].map((s) => Buffer.from(s, 'latin1'));
}

/** What format 1 stored: JSON with base64 keys (the release before issue 12). */
function legacyJson(keys: Buffer[], activeTerm: number): Buffer {
  const terms = keys.map((key, i) => ({ term: i + 1, key: key.toString('base64'), installTime: NOW.toISOString(), encryptions: 10 * (i + 1) }));
  return Buffer.from(JSON.stringify({ version: 1, activeTerm, terms, rotation: { maxOperations: 2_000_000, intervalSeconds: 86_400, enabled: false } }), 'utf8');
}

/** A barrier record as the barrier writes it: [term u32 BE][version][nonce ‖ ciphertext ‖ tag]. */
function record(term: number, key: Buffer, path: string, plain: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt32BE(term, 0);
  header.writeUInt8(RECORD_FORMAT_VERSION, 4);
  return Buffer.concat([header, gcmEncrypt(key, plain, Buffer.from(path, 'utf8'))]);
}

function storedKeyringPlain(db: Db, rootKey: Buffer): Buffer {
  const { value } = db.prepare('SELECT value FROM records WHERE path = ?').get(KEYRING_PATH) as { value: Buffer };
  const plain = gcmDecrypt(rootKey, value.subarray(5), Buffer.from(KEYRING_PATH, 'utf8'));
  if (!plain) throw new Error('keyring record did not open');
  return plain;
}

describe('keyring stored form', () => {
  it('is binary: every key is in it raw, none as hex or base64, and no JSON', () => {
    const keyring = Keyring.create(NOW).withNewTerm(NOW).withNewTerm(NOW);
    const bytes = keyring.serialize();
    expect(bytes[0]).toBe(KEYRING_FORMAT);
    expect(bytes.includes(Buffer.from('{"'))).toBe(false);
    for (let t = 1; t <= 3; t++) {
      const key = keyring.term(t)?.key ?? Buffer.alloc(0);
      expect(bytes.includes(key)).toBe(true);
      for (const text of renderings(key)) expect(bytes.includes(text)).toBe(false);
    }
  });

  it('raises stored counts to a floor without changing the keyring in memory', () => {
    const keyring = Keyring.create(NOW).withNewTerm(NOW);
    keyring.active.encryptions = 5;
    const first = keyring.term(1);
    if (first) first.encryptions = 9;
    const stored = Keyring.parse(keyring.serialize(new Map([[2, 4096], [1, 3]])));
    expect(stored.active.encryptions).toBe(4096);
    expect(stored.term(1)?.encryptions).toBe(9); // a floor never lowers a count
    expect(keyring.active.encryptions).toBe(5);
  });

  it('refuses a truncated or over-long binary keyring', () => {
    const bytes = Keyring.create(NOW).serialize();
    expect(() => decodeKeyring(bytes.subarray(0, bytes.length - 3))).toThrow(/keyring record is malformed/);
    expect(() => decodeKeyring(bytes.subarray(0, 30))).toThrow(/keyring record is malformed/);
    expect(() => decodeKeyring(Buffer.concat([bytes, Buffer.of(0)]))).toThrow('keyring record is malformed: keyring has trailing bytes');
  });

  it('still reads the legacy JSON form', () => {
    const keys = [randomBytes(32), randomBytes(32)];
    const keyring = Keyring.parse(legacyJson(keys, 2));
    expect(keyring.activeTerm).toBe(2);
    expect(keyring.term(1)?.key.equals(keys[0] ?? Buffer.alloc(0))).toBe(true);
    expect(keyring.active.key.equals(keys[1] ?? Buffer.alloc(0))).toBe(true);
    expect(keyring.active.encryptions).toBe(20);
    expect(keyring.rotation).toEqual({ maxOperations: 2_000_000, intervalSeconds: 86_400, enabled: false });
  });
});

describe('migrating a legacy keyring record at unseal', () => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  let db: Db;

  beforeEach(() => {
    dir = tempDir();
    file = join(dir.dir, 'k.db');
    db = openDatabase(file);
  });

  afterEach(() => {
    db.close();
    dir.remove();
  });

  it('rewrites the record in binary once, keeps every term, count and record, and reopens after restart', () => {
    const rootKey = randomBytes(32);
    const keys = [randomBytes(32), randomBytes(32)];
    const legacy = legacyJson(keys, 2);
    const insert = db.prepare('INSERT INTO records (path, value) VALUES (?, ?)');
    insert.run(KEYRING_PATH, record(0, rootKey, KEYRING_PATH, legacy));
    insert.run('kv/old', record(1, keys[0] ?? Buffer.alloc(0), 'kv/old', Buffer.from('written under term 1')));
    insert.run('kv/newer', record(2, keys[1] ?? Buffer.alloc(0), 'kv/newer', Buffer.from('written under term 2')));

    const barrier = new Barrier(db);
    expect(barrier.unseal(rootKey)).toBe(true);
    const migrated = storedKeyringPlain(db, rootKey);
    expect(migrated[0]).toBe(KEYRING_FORMAT);
    for (const key of keys) for (const text of renderings(key)) expect(migrated.includes(text)).toBe(false);
    expect(barrier.get('kv/old')?.toString()).toBe('written under term 1');
    expect(barrier.get('kv/newer')?.toString()).toBe('written under term 2');
    barrier.put('kv/fresh', Buffer.from('after migration'));
    barrier.seal();

    // A restart: a new barrier on a new connection reads the binary record.
    db.close();
    db = openDatabase(file);
    const again = new Barrier(db);
    expect(again.unseal(rootKey)).toBe(true);
    const keyring = again.currentKeyring;
    expect(keyring.activeTerm).toBe(2);
    expect(keyring.term(1)?.key.equals(keys[0] ?? Buffer.alloc(0))).toBe(true);
    expect(keyring.term(1)?.encryptions).toBe(10);
    expect(keyring.active.encryptions).toBe(21);
    expect(keyring.rotation).toEqual({ maxOperations: 2_000_000, intervalSeconds: 86_400, enabled: false });
    expect(again.get('kv/old')?.toString()).toBe('written under term 1');
    expect(again.get('kv/fresh')?.toString()).toBe('after migration');
    again.forget();
  });

  it('leaves a binary keyring record untouched at unseal', () => {
    const rootKey = randomBytes(32);
    const barrier = new Barrier(db);
    const keyring = Keyring.create(NOW);
    barrier.install(rootKey, keyring);
    barrier.replaceKeyring(keyring);
    barrier.seal();
    const before = db.prepare('SELECT value FROM records WHERE path = ?').get(KEYRING_PATH) as { value: Buffer };
    expect(barrier.unseal(rootKey)).toBe(true);
    const after = db.prepare('SELECT value FROM records WHERE path = ?').get(KEYRING_PATH) as { value: Buffer };
    expect(after.value.equals(before.value)).toBe(true);
    barrier.forget();
  });
});
