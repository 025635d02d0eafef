/**
 * sys/rekey/init and sys/rekey/update through real HTTP against `symbolon serve` (API.md,
 * "sys/rekey"): every message and status code, Vault's order of checks, per-share feedback at
 * entry, cancel with the nonce, the commit (new shares valid, old ones refused naming their
 * generation) and sealing in the middle of a rekey.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startServe, tempDir } from '../../helpers/serve.js';
import {
  cancelRekey, expectError, rekeyStatus, rekeyThrough, rekeyUpdate, sealStatus, sealWith, servedKeyring, startRekey, unsealRefusal, unsealWith,
} from './rekey-fixture.js';
import type { Keyring } from './rekey-fixture.js';
import type { InitResponse } from '../../../shared/api/init.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const dir = tempDir('symbolon-rekey-');
afterAll(() => dir.remove());

describe('sys/rekey/init before init and while sealed', () => {
  it('answers 400 "server is not yet initialized" on an uninitialized keyring, and 503 while sealed', async () => {
    const server = await startServe({ dataPath: `${dir.dir}/uninitialized.db` });
    try {
      for (const r of [await rekeyStatus(server), await startRekey(server, { secret_shares: 1, secret_threshold: 1 }), await rekeyUpdate(server, 'ab', 'x')]) {
        expectError(r, 400, 'server is not yet initialized', 'NOT_INITIALIZED');
      }
      const init = await api<InitResponse>(server, 'PUT', 'sys/init', { body: { secret_shares: 1, secret_threshold: 1 } });
      expect(init.status).toBe(200);
      expectError(await rekeyStatus(server), 503, 'Vault is sealed', 'SEALED');
      expectError(await startRekey(server, { secret_shares: 1, secret_threshold: 1 }), 503, 'Vault is sealed');
      expectError(await rekeyUpdate(server, init.body.keys[0], 'x'), 503, 'Vault is sealed');
      expectError(await cancelRekey(server, { nonce: 'x' }), 503, 'Vault is sealed');
    } finally {
      await server.stop();
    }
  });
});

describe('sys/rekey/init and sys/rekey/update on a 2-of-3 keyring', () => {
  let k: Keyring;
  beforeAll(async () => {
    k = await servedKeyring(dir.dir, 3, 2, ['Ann', 'Ben', 'Cy']);
  });
  afterAll(async () => k.server.stop());

  it('reports an idle rekey with the current threshold as "required"', async () => {
    const r = await rekeyStatus(k.server);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      nonce: '', started: false, t: 0, n: 0, progress: 0, required: 2, pgp_fingerprints: null, backup: false,
      verification_required: false, verification_nonce: '', verify_all_shares: false, custodians: [],
    });
  });

  it('checks a rekey request in Vault\'s order: backup, key count, threshold, configuration', async () => {
    const before = (await rekeyStatus(k.server)).body;
    // Each request breaks several rules; the first in API.md's order is the one reported.
    expectError(await startRekey(k.server, { secret_shares: 2, secret_threshold: 5, backup: true }), 400,
      'cannot request a backup of the new keys without providing PGP keys for encryption');
    expectError(await startRekey(k.server, { secret_shares: 2, secret_threshold: 5, pgp_keys: ['not a key'] }), 400, 'incorrect number of PGP keys for rekey');
    expectError(await startRekey(k.server, { secret_shares: 1, secret_threshold: 2 }), 400, 'provided threshold greater than the total shares');
    expectError(await startRekey(k.server, { secret_shares: 3, secret_threshold: 1 }), 400,
      'invalid rekey seal configuration: threshold must be greater than one for multiple shares');
    expectError(await startRekey(k.server, { secret_shares: 0, secret_threshold: 0 }), 400, 'invalid rekey seal configuration: shares must be at least one');
    expectError(await startRekey(k.server, { secret_shares: 256, secret_threshold: 2 }), 400, 'invalid rekey seal configuration: shares must be less than 256');
    expectError(await startRekey(k.server, { secret_shares: 2, secret_threshold: 2, custodians: ['Ann'] }), 400,
      'invalid rekey seal configuration: custodians must name each of the 2 shares (got 1 names)');
    expectError(await startRekey(k.server, { secret_shares: 1, secret_threshold: 1, pgp_keys: ['not a key'] }), 400,
      /^invalid rekey seal configuration: pgp key 1: not /);
    expect((await rekeyStatus(k.server)).body).toEqual(before);
  });

  it('starts a rekey with a uuid nonce, refuses a second one, and keeps the nonce when refusing', async () => {
    const r = await startRekey(k.server, { secret_shares: 3, secret_threshold: 2, custodians: ['Dee', 'Eve', 'Fay'] });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ started: true, t: 2, n: 3, progress: 0, required: 2, verification_required: false });
    // The whole plan can be read back by whoever meets the attempt (DESIGN.md, "No plan is authorized unseen").
    expect(r.body.custodians).toEqual(['Dee', 'Eve', 'Fay']);
    expect(r.body.nonce).toMatch(UUID);
    expectError(await startRekey(k.server, { secret_shares: 1, secret_threshold: 1 }), 400, 'rekey already in progress');
    expect((await rekeyStatus(k.server)).body.nonce).toBe(r.body.nonce);
  });

  it('refuses to cancel without the nonce or with a wrong one, without revealing it', async () => {
    const { nonce } = (await rekeyStatus(k.server)).body;
    expectError(await cancelRekey(k.server), 400, "'nonce' must be given to cancel a rekey", 'NONCE_REQUIRED');
    const wrong = expectError(await cancelRekey(k.server, { nonce: '00000000-0000-0000-0000-000000000000' }), 400,
      'incorrect nonce supplied; the rekey was not cancelled');
    expect(JSON.stringify(wrong)).not.toContain(nonce);
    expect((await rekeyStatus(k.server)).body).toMatchObject({ started: true, nonce });
  });

  it('checks an update in order: nonce, then the share at entry (naming its custodian), then duplicates', async () => {
    const { nonce } = (await rekeyStatus(k.server)).body;
    expectError(await rekeyUpdate(k.server, '', nonce), 400, "'key' must be specified in request body as JSON", 'SHARE_MISSING');
    expectError(await rekeyUpdate(k.server, 'not a share!', nonce), 400, "'key' must be a valid hex or base64 string");
    expectError(await rekeyUpdate(k.server, k.init.keys[0], 'wrong'), 400, `incorrect nonce supplied; nonce for this rekey operation is "${nonce}"`);

    const first = await rekeyUpdate(k.server, k.init.keys[1], nonce);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ nonce, started: true, progress: 1, required: 2, share_index: 2, custodian: 'Ben' });
    const dup = expectError(await rekeyUpdate(k.server, k.init.keys_base64[1], nonce), 400,
      'given key has already been provided during this generation operation', 'DUPLICATE_SHARE');
    expect(dup.context).toEqual({ share_index: 2, custodian: 'Ben' });

    // A typo in the share text is located, and does not count.
    const text = k.init.shares[0]?.text ?? '';
    const groups = text.split('-');
    groups[2] = (groups[2]?.[0] === '7' ? '8' : '7') + (groups[2] ?? '').slice(1);
    const typo = expectError(await rekeyUpdate(k.server, groups.join('-'), nonce), 400, /group 3/, 'SHARE_TYPO');
    expect(typo.context).toMatchObject({ groups: [3] });
    expect((await rekeyStatus(k.server)).body.progress).toBe(1);
  });

  it('cancels with the nonce: all rekey state is cleared and the old nonce is dead', async () => {
    const { nonce } = (await rekeyStatus(k.server)).body;
    const r = await cancelRekey(k.server, { nonce });
    expect(r.status).toBe(204);
    expect((await rekeyStatus(k.server)).body).toMatchObject({ started: false, nonce: '', progress: 0, t: 0, n: 0 });
    expectError(await rekeyUpdate(k.server, k.init.keys[0], nonce), 400, 'no barrier rekey in progress', 'NO_REKEY');
    expect((await cancelRekey(k.server, { nonce })).status).toBe(204);
  });

  it('refuses a share of another keyring at entry, without advancing progress', async () => {
    const other = await servedKeyring(dir.dir, 3, 2);
    await other.server.stop();
    const started = await startRekey(k.server, { secret_shares: 1, secret_threshold: 1 });
    expectError(await rekeyUpdate(k.server, other.init.shares[0]?.text, started.body.nonce), 400, /belongs to another keyring/, 'SHARE_OTHER_KEYRING');
    expectError(await rekeyUpdate(k.server, other.init.keys[0], started.body.nonce), 400, /is not a member of generation 1 of keyring/, 'SHARE_NOT_MEMBER');
    expect((await rekeyStatus(k.server)).body.progress).toBe(0);
    expect((await cancelRekey(k.server, { nonce: started.body.nonce })).status).toBe(204);
  });

  it('at threshold with shares that do not open the root key: 400, progress cleared, nonce kept', async () => {
    // Per-share commitments stop wrong shares at entry, so only a damaged root-key record can get
    // this far: swap it for garbage, try, then put it back.
    const db = new Database(k.server.dataPath);
    const saved = (db.prepare("SELECT value FROM seal WHERE name = 'root-key'").get() as { value: Buffer }).value;
    try {
      const started = await startRekey(k.server, { secret_shares: 1, secret_threshold: 1 });
      const nonce = started.body.nonce;
      expect((await rekeyUpdate(k.server, k.init.keys[0], nonce)).status).toBe(200);
      db.prepare("UPDATE seal SET value = ? WHERE name = 'root-key'").run(Buffer.concat([saved.subarray(0, 1), Buffer.alloc(saved.length - 1, 7)]));
      expectError(await rekeyUpdate(k.server, k.init.keys[2], nonce), 400, /^invalid key: the shares did not reconstruct/, 'REKEY_AUTHORIZATION_FAILED');
      expect((await rekeyStatus(k.server)).body).toMatchObject({ started: true, nonce, progress: 0 });
      db.prepare("UPDATE seal SET value = ? WHERE name = 'root-key'").run(saved);
      expect((await cancelRekey(k.server, { nonce })).status).toBe(204);
    } finally {
      db.prepare("UPDATE seal SET value = ? WHERE name = 'root-key'").run(saved);
      db.close();
    }
    expect((await sealStatus(k.server)).generation).toBe(1);
  });
});

describe('a rekey without verification', () => {
  it('commits at threshold: new shares in the answer, generation 2, old shares refused by generation', async () => {
    const k = await servedKeyring(dir.dir, 3, 2, ['Ann', 'Ben', 'Cy']);
    try {
      const done = await rekeyThrough(k.server, k.init.keys.slice(1), { secret_shares: 5, secret_threshold: 3, custodians: ['A', 'B', 'C', 'D', 'E'] });
      expect(done).toMatchObject({ complete: true, backup: false, verification_required: false, pgp_fingerprints: null, generation: 2, committed: true, keyring_id: k.init.keyring_id, share_index: 3, custodian: 'Cy' });
      expect(done).not.toHaveProperty('verification_nonce');
      expect(done.keys).toHaveLength(5);
      expect(done.keys_base64).toHaveLength(5);
      expect(done.keys[0]).toMatch(/^[0-9a-f]{66}$/);
      expect(done.shares.map((s) => s.custodian)).toEqual(['A', 'B', 'C', 'D', 'E']);
      expect(done.shares.every((s) => s.fingerprint === null && s.pgp_armored === null && typeof s.text === 'string')).toBe(true);
      expect(await sealStatus(k.server)).toMatchObject({ sealed: false, generation: 2, t: 3, n: 5 });
      expect((await rekeyStatus(k.server)).body).toMatchObject({ started: false, required: 3 });

      await sealWith(k.server, k.token);
      const refusedHex = await unsealRefusal(k.server, k.init.keys[0] ?? '');
      expect(refusedHex).toMatchObject({ message: 'this share belongs to generation 1; the current one is 2', error_code: 'SHARE_OLD_GENERATION' });
      const refusedText = await unsealRefusal(k.server, k.init.shares[1]?.text ?? '');
      expect(refusedText.message).toBe('this share belongs to generation 1; the current one is 2');
      // New shares in all three forms unseal.
      await unsealWith(k.server, [done.shares[4]?.text ?? '', done.keys[0] ?? '', done.keys_base64[2] ?? '']);
      expect((await sealStatus(k.server)).sealed).toBe(false);
    } finally {
      await k.server.stop();
    }
  });

  it('rekeys a 1-of-1 keyring to 1-of-1 (the raw key form) and back to 2-of-2', async () => {
    const k = await servedKeyring(dir.dir, 1, 1);
    try {
      const first = await rekeyThrough(k.server, k.init.keys, { secret_shares: 1, secret_threshold: 1 });
      expect(first.keys[0]).toMatch(/^[0-9a-f]{64}$/);
      const second = await rekeyThrough(k.server, [first.shares[0]?.text ?? ''], { secret_shares: 2, secret_threshold: 2 });
      expect(second.generation).toBe(3);
      await sealWith(k.server, k.token);
      expect((await unsealRefusal(k.server, first.keys[0] ?? '')).message).toBe('this share belongs to generation 2; the current one is 3');
      await unsealWith(k.server, second.keys);
    } finally {
      await k.server.stop();
    }
  });
});

describe('sealing during a rekey', () => {
  it('abandons the rekey; the old shares stay valid and the old nonce is dead', async () => {
    const k = await servedKeyring(dir.dir, 3, 2);
    try {
      const started = await startRekey(k.server, { secret_shares: 2, secret_threshold: 2 });
      expect((await rekeyUpdate(k.server, k.init.keys[0], started.body.nonce)).status).toBe(200);
      await sealWith(k.server, k.token);
      expectError(await rekeyStatus(k.server), 503, 'Vault is sealed');
      await unsealWith(k.server, k.init.keys.slice(1));
      expect((await rekeyStatus(k.server)).body).toMatchObject({ started: false, nonce: '', progress: 0 });
      expectError(await rekeyUpdate(k.server, k.init.keys[1], started.body.nonce), 400, 'no barrier rekey in progress');
      expect((await sealStatus(k.server)).generation).toBe(1);
    } finally {
      await k.server.stop();
    }
  });
});
