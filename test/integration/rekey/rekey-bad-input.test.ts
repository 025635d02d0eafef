/**
 * Bad input to the rekey endpoints through real HTTP: malformed and absurd requests, wrong types,
 * wrong nonces, shares of other keyrings and generations, duplicates. Every one is a 4xx with a
 * clear message, the ceremony state and the seal record are unchanged, and the audit log shows
 * no 5xx for the whole run.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, tempDir } from '../../helpers/serve.js';
import { expectError, rekeyStatus, rekeyThrough, rekeyUpdate, sealStatus, servedKeyring, startRekey, verifyUpdate } from './rekey-fixture.js';
import type { Keyring, RekeyStatus } from './rekey-fixture.js';

const dir = tempDir('symbolon-rekey-bad-');
let k: Keyring;
let other: Keyring;
/** Shares of generation 1 of `k`, made invalid by a first rekey. */
let oldKeys: string[];
let current: string[];

beforeAll(async () => {
  other = await servedKeyring(dir.dir, 3, 2);
  await other.server.stop();
  k = await servedKeyring(dir.dir, 3, 2, ['Ann', 'Ben', 'Cy']);
  oldKeys = k.init.keys;
  const done = await rekeyThrough(k.server, oldKeys.slice(0, 2), { secret_shares: 3, secret_threshold: 2 });
  current = done.keys;
});
afterAll(async () => {
  await k.server.stop();
  dir.remove();
});

describe('bad input at sys/rekey/init', () => {
  it('refuses wrong types and absurd sizes with a 400 naming the field, and starts nothing', async () => {
    const cases: [unknown, string | RegExp][] = [
      [{ secret_shares: '3', secret_threshold: 2 }, 'invalid rekey seal configuration: secret_shares must be an integer'],
      [{ secret_shares: 2.5, secret_threshold: 2 }, 'invalid rekey seal configuration: secret_shares must be an integer'],
      [{ secret_shares: 3, secret_threshold: null }, 'invalid rekey seal configuration: threshold must be at least one'],
      [{ secret_shares: 1e9, secret_threshold: 2 }, 'invalid rekey seal configuration: shares must be less than 256'],
      [{ secret_shares: 3, secret_threshold: -1 }, 'invalid rekey seal configuration: threshold must be at least one'],
      [{ secret_shares: 2, secret_threshold: 2, backup: 'yes' }, 'invalid rekey seal configuration: backup must be true or false'],
      [{ secret_shares: 2, secret_threshold: 2, require_verification: 1 }, 'invalid rekey seal configuration: require_verification must be true or false'],
      [{ secret_shares: 2, secret_threshold: 2, verify_all_shares: 'all' }, 'invalid rekey seal configuration: verify_all_shares must be true or false'],
      [{ secret_shares: 2, secret_threshold: 2, custodians: Array.from({ length: 1000 }, (_, i) => `n${i}`) }, /custodians must name each of the 2 shares \(got 1000 names\)/],
      [{ secret_shares: 2, secret_threshold: 2, custodians: ['A', 'x'.repeat(10_000)] }, /custodian 2 needs a printable name of 1 to 64 characters/],
      [{ secret_shares: 2, secret_threshold: 2, custodians: ['Ann', 'ann'] }, /custodian names must be distinct/],
      [{ secret_shares: 2, secret_threshold: 2, custodians: ['Ann', 7] }, /custodian 2 must be a string/],
      [{ secret_shares: 300, secret_threshold: 2, pgp_keys: Array.from({ length: 300 }, () => 'x') }, 'invalid rekey seal configuration: shares must be less than 256'],
      [{ secret_shares: 1, secret_threshold: 1, pgp_keys: ['A'.repeat(1_000_000)] }, /pgp key 1: key text is 1000000 characters, more than the 65536 allowed/],
      [[1, 2, 3], 'request body must be a JSON object'],
    ];
    for (const [body, message] of cases) expectError(await startRekey(k.server, body), 400, message);
    expectError(await api(k.server, 'PUT', 'sys/rekey/init', { rawBody: '{"secret_shares":', headers: { 'Content-Type': 'application/json' } }), 400, 'failed to parse JSON input');
    // Read as JSON whatever the declared type (Vault does the same): a form body is malformed JSON.
    expectError(await api(k.server, 'PUT', 'sys/rekey/init', { rawBody: 'secret_shares=1', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }), 400, 'failed to parse JSON input');
    expect((await rekeyStatus(k.server)).body).toMatchObject({ started: false, nonce: '' });
  });
});

describe('bad input at sys/rekey/update and sys/rekey/verify', () => {
  let before: RekeyStatus;
  beforeAll(async () => {
    const started = await startRekey(k.server, { secret_shares: 2, secret_threshold: 2, require_verification: true });
    expect((await rekeyUpdate(k.server, current[0], started.body.nonce)).status).toBe(200);
    before = (await rekeyStatus(k.server)).body;
    expect(before.progress).toBe(1);
  });

  it('refuses malformed keys and nonces without touching progress', async () => {
    const { nonce } = before;
    const cases: [unknown, unknown, string | RegExp, string][] = [
      [42, nonce, "'key' must be a valid hex or base64 string", 'SHARE_UNDECODABLE'],
      [{ key: 'x' }, nonce, "'key' must be a valid hex or base64 string", 'SHARE_UNDECODABLE'],
      ['ab'.repeat(5000), nonce, "'key' must be a valid hex or base64 string", 'SHARE_UNDECODABLE'],
      ['ab'.repeat(200), nonce, 'invalid key: a share of this keyring is 33 bytes; this one is 200', 'SHARE_LENGTH'],
      [current[1], { nonce }, `incorrect nonce supplied; nonce for this rekey operation is "${nonce}"`, 'NONCE_MISMATCH'],
      [current[1], null, `incorrect nonce supplied; nonce for this rekey operation is "${nonce}"`, 'NONCE_MISMATCH'],
      [current[1], nonce.toUpperCase(), `incorrect nonce supplied; nonce for this rekey operation is "${nonce}"`, 'NONCE_MISMATCH'],
      [oldKeys[2], nonce, 'this share belongs to generation 1; the current one is 2', 'SHARE_OLD_GENERATION'],
      [k.init.shares[2]?.text, nonce, 'this share belongs to generation 1; the current one is 2', 'SHARE_OLD_GENERATION'],
      [other.init.keys[0], nonce, /^this share is not a member of generation 2 of keyring /, 'SHARE_NOT_MEMBER'],
      [other.init.shares[1]?.text, nonce, /^this share belongs to another keyring/, 'SHARE_OTHER_KEYRING'],
      [current[0], nonce, 'given key has already been provided during this generation operation', 'DUPLICATE_SHARE'],
    ];
    for (const [key, n, message, code] of cases) expectError(await rekeyUpdate(k.server, key, n), 400, message, code);
    expect((await rekeyStatus(k.server)).body).toEqual(before);
    expectError(await verifyUpdate(k.server, current[0], 'x'), 400, 'no rekey verification in progress');
  });

  it('never answered with a 5xx, and the seal record is unchanged', async () => {
    expect((await sealStatus(k.server)).generation).toBe(2);
    const db = new Database(k.server.dataPath, { readonly: true });
    try {
      const rows = db.prepare('SELECT entry FROM audit_log').all() as { entry: string }[];
      const statuses = rows.map((r) => JSON.parse(r.entry) as { type: string; status?: number }).filter((e) => e.type === 'request').map((e) => e.status ?? 0);
      expect(statuses.length).toBeGreaterThan(20);
      expect(statuses.filter((s) => s >= 500)).toEqual([]);
    } finally {
      db.close();
    }
  });
});
