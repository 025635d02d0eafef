/**
 * A rekey revokes the old shares for real (API.md, "sys/rekey"; DESIGN.md, "Rekey replaces
 * both"). The attack of issue 11, replayed through the real CLI and the real file: a keyring is
 * initialized 3-of-5, someone keeps a copy of the file (SQLite's online backup API) and three of
 * the old shares, the custodians rekey with verification to a new 2-of-2 set, rotate, rewrap and
 * write a new secret. Offline, with only the file format (DESIGN.md, "Keys and storage"), the
 * attacker combines the old shares, opens the old copy's root key and keyring, and tries every
 * key it finds on every record of the current file. Nothing written after the rekey may open;
 * what was written before still opens from the old copy (the README says so plainly). The same
 * offline reader given the NEW shares reads the new secret, so the test's reader is a real one.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { combine } from 'shamir-secret-sharing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keyring } from '../../../electron/core/barrier/keyring.js';
import { gcmDecrypt } from '../../../electron/core/crypto/aes-gcm.js';
import { readRootKey } from '../../../electron/core/seal/root-key.js';
import { readSealConfig } from '../../../electron/core/seal/seal-config.js';
import { api, tempDir } from '../../helpers/serve.js';
import { rekeyThrough, servedKeyring, verifyUpdate } from './rekey-fixture.js';
import type { Keyring as Served } from './rekey-fixture.js';

const KEYRING_PATH = 'core/keyring';
const BEFORE = 'written-before-the-rekey-7f3a';
const AFTER = 'written-after-the-rekey-c91e';

interface OpenedFile {
  /** Root key opened with the given shares, or null when they do not open this file's record. */
  readonly rootKey: Buffer | null;
  /** Term keys of the keyring this root key opens (empty when it does not). */
  readonly terms: Map<number, Buffer>;
}

/** The term keys of the file's keyring if `rootKey` opens it, else none. */
function keyringTerms(db: Database.Database, rootKey: Buffer): Map<number, Buffer> {
  const terms = new Map<number, Buffer>();
  const row = db.prepare('SELECT value FROM records WHERE path = ?').get(KEYRING_PATH) as { value: Buffer } | undefined;
  const plain = row ? openRecord(rootKey, KEYRING_PATH, row.value) : null;
  if (!plain) return terms;
  const keyring = Keyring.parse(plain);
  for (let t = 1; t <= keyring.activeTerm; t++) {
    const term = keyring.term(t);
    if (term) terms.set(t, Buffer.from(term.key));
  }
  return terms;
}

function termsOfCurrentKeyring(path: string, rootKey: Buffer): Buffer[] {
  const db = new Database(path, { readonly: true });
  try {
    return [...keyringTerms(db, rootKey).values()];
  } finally {
    db.close();
  }
}

/** The root key and keyring terms that an unseal key opens in a file, trying every generation. */
function openWith(db: Database.Database, keyringId: string, unsealKey: Uint8Array): OpenedFile {
  let rootKey: Buffer | null = null;
  for (let generation = 1; generation <= 8 && !rootKey; generation++) rootKey = readRootKey(db, unsealKey, keyringId, generation);
  return rootKey ? { rootKey, terms: keyringTerms(db, rootKey) } : { rootKey: null, terms: new Map() };
}

/** `[term u32][version][nonce ‖ ciphertext ‖ tag]`, AAD = the path: any key is tried whatever the term says. */
function openRecord(key: Buffer, path: string, blob: Buffer): Buffer | null {
  if (blob.length < 5) return null;
  return gcmDecrypt(key, blob.subarray(5), Buffer.from(path, 'utf8'));
}

/** Every record of the file that any of the keys opens, as text. */
function readable(path: string, keys: Iterable<Buffer>): string[] {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db.prepare('SELECT path, value FROM records WHERE path <> ?').all(KEYRING_PATH) as { path: string; value: Buffer }[];
    const out: string[] = [];
    const all = [...keys];
    for (const row of rows) {
      for (const key of all) {
        const plain = openRecord(key, row.path, row.value);
        if (plain) {
          out.push(plain.toString('utf8'));
          break;
        }
      }
    }
    return out;
  } finally {
    db.close();
  }
}

async function unsealKeyOf(shareHex: readonly string[]): Promise<Uint8Array> {
  const shares = shareHex.map((h) => Uint8Array.from(Buffer.from(h, 'hex')));
  return shares.length === 1 ? (shares[0] ?? new Uint8Array()) : combine(shares);
}

function openFile(path: string, unsealKey: Uint8Array): OpenedFile {
  const db = new Database(path, { readonly: true });
  try {
    const config = readSealConfig(db);
    if (!config) throw new Error(`${path} is not initialized`);
    return openWith(db, config.keyringId, unsealKey);
  } finally {
    db.close();
  }
}

describe('a rekey revokes the old shares, even with a copy of the file from before it', () => {
  const dir = tempDir('symbolon-rekey-revokes-');
  const copyPath = join(dir.dir, 'copy-before-rekey.db');
  let keyring: Served;
  let oldShares: string[];
  let newShares: string[];

  async function writeSecret(name: string, value: string): Promise<void> {
    const r = await api(keyring.server, 'PUT', `secret/data/${name}`, { token: keyring.token, body: { data: { value } } });
    expect(r.status, r.text).toBe(200);
  }

  beforeAll(async () => {
    keyring = await servedKeyring(dir.dir, 5, 3, ['Ann', 'Ben', 'Cy', 'Dee', 'Eve']);
    oldShares = keyring.init.keys;
    await writeSecret('before', BEFORE);

    // The copy a custodian (or a backup job) kept, taken from the live file.
    const live = new Database(keyring.server.dataPath, { readonly: true, fileMustExist: true });
    try {
      await live.backup(copyPath);
    } finally {
      live.close();
    }

    const done = await rekeyThrough(keyring.server, oldShares.slice(0, 3), { secret_shares: 2, secret_threshold: 2, require_verification: true });
    newShares = done.keys;
    for (const key of newShares) {
      const r = await verifyUpdate(keyring.server, key, done.verification_nonce);
      expect(r.status, r.text).toBe(200);
    }
    expect((await api(keyring.server, 'POST', 'sys/rotate', { token: keyring.token })).status).toBe(204);
    expect((await api(keyring.server, 'POST', 'sys/rewrap', { token: keyring.token })).status).toBe(200);
    for (let i = 0; i < 200; i++) {
      const r = await api<{ data: { running: boolean; remaining: number } }>(keyring.server, 'GET', 'sys/rewrap', { token: keyring.token });
      if (!r.body.data.running) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await writeSecret('after', AFTER);
    // Sealing writes the exact counts; the files are then read offline only.
    await keyring.server.stop();
  }, 120_000);
  afterAll(() => dir.remove());

  it('the old shares still open the old copy, and what was written before reads from it', async () => {
    const old = openFile(copyPath, await unsealKeyOf(oldShares.slice(2, 5)));
    expect(old.rootKey).not.toBeNull();
    expect(old.terms.size).toBeGreaterThan(0);
    expect(readable(copyPath, old.terms.values()).some((text) => text.includes(BEFORE))).toBe(true);
  });

  it('the old shares do not open the current root-key record', async () => {
    const current = openFile(keyring.server.dataPath, await unsealKeyOf(oldShares.slice(0, 3)));
    expect(current.rootKey).toBeNull();
  });

  it("the old copy's root key does not open the current keyring", async () => {
    const old = openFile(copyPath, await unsealKeyOf(oldShares.slice(0, 3)));
    const db = new Database(keyring.server.dataPath, { readonly: true });
    try {
      const row = db.prepare('SELECT value FROM records WHERE path = ?').get(KEYRING_PATH) as { value: Buffer };
      expect(old.rootKey && openRecord(old.rootKey, KEYRING_PATH, row.value)).toBeNull();
    } finally {
      db.close();
    }
  });

  it("no record of the current file opens with the old copy's keys, the new secret above all", async () => {
    const old = openFile(copyPath, await unsealKeyOf(oldShares.slice(1, 4)));
    const keys = [...old.terms.values()];
    // Everything the attacker can reach: the old copy's terms, and the terms of the current
    // keyring if the old root key still opened it (it did before this issue was fixed).
    if (old.rootKey) keys.push(old.rootKey, ...termsOfCurrentKeyring(keyring.server.dataPath, old.rootKey));
    // After the rewrap every record is under a term made after the rekey.
    expect(readable(keyring.server.dataPath, keys)).toEqual([]);
  });

  it('the new shares read the new secret offline (the reader above is a real one)', async () => {
    const current = openFile(keyring.server.dataPath, await unsealKeyOf(newShares));
    expect(current.rootKey).not.toBeNull();
    // Terms 1 (init), 2 (the rekey's own) and 3 (the rotation) are all in the new keyring.
    expect([...current.terms.keys()]).toEqual([1, 2, 3]);
    expect(readable(keyring.server.dataPath, current.terms.values()).some((text) => text.includes(AFTER))).toBe(true);
  });
});
