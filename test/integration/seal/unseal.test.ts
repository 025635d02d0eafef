/**
 * sys/unseal and sys/shares/check through real HTTP (API.md, "sys/seal-status, sys/seal,
 * sys/unseal, sys/health"): Vault's order of checks with each message, progress and reset, and
 * Symbolon's per-share feedback: a share that is not one of the current set is refused at entry,
 * saying why, and does not advance progress. Earlier-generation shares need a rekey, which is
 * tested at core level (test/unit/core/seal/seal.test.ts) until sys/rekey exists.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeShareText } from '../../../shared/share-text.js';
import { api, startServe, tempDir } from '../../helpers/serve.js';
import type { InitResponse, ServeProcess } from '../../helpers/serve.js';

const EMPTY = "'key' must be specified in request body as JSON, or 'reset' set to true";
const UNDECODABLE = "'key' must be a valid hex or base64 string";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Status {
  sealed: boolean;
  t: number;
  n: number;
  progress: number;
  nonce: string;
  share_index?: number;
  custodian?: string;
  share_duplicate?: boolean;
}
interface ErrorBody {
  errors: string[];
  error_code: string;
  message: string;
  context: Record<string, unknown>;
}

const unseal = (server: ServeProcess, body: unknown) => api<Status & ErrorBody>(server, 'PUT', 'sys/unseal', { body });
const status = async (server: ServeProcess) => (await api<Status>(server, 'GET', 'sys/seal-status')).body;

async function expect400(server: ServeProcess, body: unknown, message: string | RegExp, code?: string): Promise<ErrorBody> {
  const r = await unseal(server, body);
  expect(r.status).toBe(400);
  if (typeof message === 'string') expect(r.body.message).toBe(message);
  else expect(r.body.message).toMatch(message);
  expect(r.body.errors).toEqual([r.body.message]);
  if (code) expect(r.body.error_code).toBe(code);
  return r.body;
}

/** The share text with one character of group `group` (1-based) replaced by another symbol. */
function typo(text: string, group: number): string {
  const groups = text.split('-');
  const g = groups[group - 1] ?? '';
  groups[group - 1] = (g[0] === '7' ? '8' : '7') + g.slice(1);
  return groups.join('-');
}

describe('sys/unseal', () => {
  const dir = tempDir();
  let server: ServeProcess;
  let other: ServeProcess;
  let init: InitResponse;
  let foreign: InitResponse;
  const names = ['Ann', 'Bob', 'Cy', 'Dana', 'Eve'];

  beforeAll(async () => {
    [server, other] = await Promise.all([startServe({ dataPath: join(dir.dir, 'k.db') }), startServe({ dataPath: join(dir.dir, 'other.db') })]);
    const r = await api<InitResponse>(other, 'PUT', 'sys/init', { body: { secret_shares: 5, secret_threshold: 3 } });
    foreign = r.body;
  });
  afterAll(async () => {
    await Promise.all([server.stop(), other.stop()]);
    dir.remove();
  });

  describe('before init', () => {
    it('checks reset, then an empty key, then decodability, and only then initialization', async () => {
      expect((await unseal(server, { reset: true })).status).toBe(200);
      await expect400(server, {}, EMPTY, 'SHARE_MISSING');
      await expect400(server, { key: '' }, EMPTY);
      await expect400(server, { key: null, reset: false }, EMPTY);
      await expect400(server, { key: 'zz!!' }, UNDECODABLE, 'SHARE_UNDECODABLE');
      await expect400(server, { key: 42 }, UNDECODABLE);
      await expect400(server, { key: 'abcd' }, 'Vault is not initialized', 'NOT_INITIALIZED');
      await expect400(server, { key: foreign.keys[0] }, 'Vault is not initialized');
    });

    it('refuses sys/shares/check with "Vault is not initialized"', async () => {
      const r = await api<ErrorBody>(server, 'PUT', 'sys/shares/check', { body: { key: foreign.keys[0] } });
      expect(r.status).toBe(400);
      expect(r.body.message).toBe('Vault is not initialized');
    });
  });

  describe('after a 3-of-5 init', () => {
    beforeAll(async () => {
      const r = await api<InitResponse>(server, 'PUT', 'sys/init', { body: { secret_shares: 5, secret_threshold: 3, custodians: names } });
      expect(r.status).toBe(200);
      init = r.body;
    });
    const share = (i: number) => ({ hex: init.keys[i - 1] ?? '', b64: init.keys_base64[i - 1] ?? '', text: init.shares[i - 1]?.text ?? '' });

    it('refuses a key of the wrong length with "invalid key: ..."', async () => {
      await expect400(server, { key: 'abcd' }, 'invalid key: a share of this keyring is 33 bytes; this one is 2', 'SHARE_LENGTH');
      await expect400(server, { key: Buffer.alloc(32).toString('base64') }, /^invalid key: /);
      expect(await status(server)).toMatchObject({ progress: 0, nonce: '' });
    });

    it('refuses "reset" that is not a boolean', async () => {
      await expect400(server, { reset: 'yes' }, "'reset' must be a boolean");
    });

    it('accepts a first share below threshold: progress 1, an attempt nonce, and the share\'s index and custodian', async () => {
      const r = await unseal(server, { key: share(2).hex });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ sealed: true, t: 3, n: 5, progress: 1, share_index: 2, custodian: 'Bob' });
      expect(r.body.nonce).toMatch(UUID);
      expect(r.body.share_duplicate).toBeUndefined();
      expect(await status(server)).toMatchObject({ progress: 1, nonce: r.body.nonce });
    });

    it('ignores the same share given twice, in any form: progress unchanged', async () => {
      const before = await status(server);
      for (const key of [share(2).hex, share(2).b64, share(2).text, share(2).hex.toUpperCase()]) {
        const r = await unseal(server, { key });
        expect(r.status).toBe(200);
        expect(r.body).toMatchObject({ progress: 1, nonce: before.nonce, share_index: 2, custodian: 'Bob', share_duplicate: true });
      }
    });

    it('names the group of a typo in a share text and does not advance progress', async () => {
      const body = await expect400(server, { key: typo(share(3).text, 7) }, 'this text has a typo in group 7', 'SHARE_TYPO');
      expect(body.context).toEqual({ groups: [7] });
      await expect400(server, { key: typo(typo(share(3).text, 2), 15) }, 'this text has typos in groups 2 and 15');
      expect(await status(server)).toMatchObject({ progress: 1 });
    });

    it('refuses a share text of another keyring, naming this keyring', async () => {
      const body = await expect400(server, { key: foreign.shares[0]?.text }, /^this share belongs to another keyring \(keyring id beginning [0-9a-f]{6}\); this keyring's id is [0-9a-f-]{36}$/, 'SHARE_OTHER_KEYRING');
      expect(body.message).toContain(init.keyring_id);
      expect(await status(server)).toMatchObject({ progress: 1 });
    });

    it('refuses a hex or base64 share of another keyring as not a member', async () => {
      const message = `this share is not a member of generation 1 of keyring ${init.keyring_id}`;
      await expect400(server, { key: foreign.keys[0] }, message, 'SHARE_NOT_MEMBER');
      await expect400(server, { key: foreign.keys_base64[3] }, message);
      expect(await status(server)).toMatchObject({ progress: 1 });
    });

    it('refuses a well-formed share text whose bytes are not the ones issued, naming the custodian', async () => {
      const tag = Buffer.from(init.keyring_id.replaceAll('-', '').slice(0, 6), 'hex');
      const wrong = encodeShareText({ keyringTag: tag, generation: 1, index: 4, share: Buffer.from(share(5).hex, 'hex'), rawKey: false });
      const body = await expect400(server, { key: wrong }, 'share 4 (Dana) does not match the one issued in generation 1', 'SHARE_MISMATCH');
      expect(body.context).toEqual({ share_index: 4, custodian: 'Dana' });
      const stranger = encodeShareText({ keyringTag: tag, generation: 1, index: 6, share: Buffer.from(share(5).hex, 'hex'), rawKey: false });
      await expect400(server, { key: stranger }, 'share 6 is not a member of generation 1, which has 5 shares', 'SHARE_NOT_MEMBER');
      const future = encodeShareText({ keyringTag: tag, generation: 2, index: 1, share: Buffer.from(share(1).hex, 'hex'), rawKey: false });
      await expect400(server, { key: future }, 'this share belongs to generation 2; the current one is 1');
      const past = encodeShareText({ keyringTag: tag, generation: 0, index: 1, share: Buffer.from(share(1).hex, 'hex'), rawKey: false });
      await expect400(server, { key: past }, 'this share belongs to generation 0; the current one is 1', 'SHARE_OLD_GENERATION');
      expect(await status(server)).toMatchObject({ progress: 1 });
    });

    it('checks a share with sys/shares/check without touching progress or the nonce', async () => {
      const before = await status(server);
      const ok = await api(server, 'PUT', 'sys/shares/check', { body: { key: share(4).text } });
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ valid: true, share_index: 4, custodian: 'Dana', generation: 1 });
      const bad = await api<ErrorBody>(server, 'PUT', 'sys/shares/check', { body: { key: typo(share(4).text, 16) } });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toBe('this text has a typo in group 16');
      const empty = await api<ErrorBody>(server, 'PUT', 'sys/shares/check', { body: {} });
      expect(empty.status).toBe(400);
      expect(empty.body.error_code).toBe('SHARE_MISSING');
      expect(await status(server)).toEqual(before);
    });

    it('clears progress and the nonce on reset', async () => {
      const r = await unseal(server, { reset: true });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ sealed: true, progress: 0, nonce: '' });
      expect(await status(server)).toMatchObject({ progress: 0, nonce: '' });
    });

    it('accepts share text (any case, spaces for dashes), base64 and hex; at threshold unseals with progress 0', async () => {
      const lowerSpaced = share(5).text.toLowerCase().replaceAll('-', ' ');
      const first = await unseal(server, { key: lowerSpaced });
      expect(first.body).toMatchObject({ progress: 1, share_index: 5, custodian: 'Eve' });
      const second = await unseal(server, { key: share(1).b64 });
      expect(second.body).toMatchObject({ progress: 2, share_index: 1, custodian: 'Ann', nonce: first.body.nonce });
      const third = await unseal(server, { key: share(3).hex });
      expect(third.status).toBe(200);
      expect(third.body).toMatchObject({ sealed: false, progress: 0, nonce: '', t: 3, n: 5, share_index: 3, custodian: 'Cy' });
    });

    it('while unsealed: ignores any key (200), but still refuses an empty or undecodable key and reset', async () => {
      for (const key of [share(1).hex, 'abcd', foreign.keys[0]]) {
        const r = await unseal(server, { key });
        expect(r.status).toBe(200);
        expect(r.body).toMatchObject({ sealed: false, progress: 0 });
        expect(r.body.share_index).toBeUndefined();
      }
      await expect400(server, {}, EMPTY);
      await expect400(server, { key: 'zz!!' }, UNDECODABLE);
      await expect400(server, { reset: true }, 'vault is unsealed', 'UNSEALED');
      expect(await status(server)).toMatchObject({ sealed: false });
    });

    it('never writes a share to the audit log, while recording each accepted index and custodian', async () => {
      const db = new Database(server.dataPath, { readonly: true, fileMustExist: true });
      try {
        const entries = (db.prepare('SELECT entry FROM audit_log ORDER BY seq').all() as { entry: string }[]).map((r) => r.entry);
        const all = entries.join('\n').toLowerCase();
        for (let i = 1; i <= 5; i++) {
          for (const form of [share(i).hex, share(i).b64, share(i).text, share(i).text.replaceAll('-', '')]) expect(all).not.toContain(form.toLowerCase());
        }
        expect(all).not.toContain(init.root_token.toLowerCase());
        const accepted = entries.map((e) => JSON.parse(e) as Record<string, unknown>).filter((e) => e['step'] === 'share-accepted');
        expect(accepted.map((e) => [e['share_index'], e['custodian']])).toEqual([[2, 'Bob'], [5, 'Eve'], [1, 'Ann'], [3, 'Cy']]);
      } finally {
        db.close();
      }
    });
  });
});

describe('sys/unseal at threshold with a damaged root-key record', () => {
  it('ends the attempt with 400 "invalid key: ..." and progress 0, staying sealed', async () => {
    const dir = tempDir();
    const dataPath = join(dir.dir, 'k.db');
    let server = await startServe({ dataPath });
    try {
      const init = (await api<InitResponse>(server, 'PUT', 'sys/init', { body: { secret_shares: 3, secret_threshold: 2 } })).body;
      await server.stop();
      // Shares still match their commitments, so only the combination at threshold can fail.
      const db = new Database(dataPath);
      const row = db.prepare("SELECT value FROM seal WHERE name = 'root-key'").get() as { value: Buffer };
      row.value[row.value.length - 1] = (row.value[row.value.length - 1] ?? 0) ^ 0xff;
      db.prepare("UPDATE seal SET value = ? WHERE name = 'root-key'").run(row.value);
      db.close();
      server = await startServe({ dataPath });
      expect((await unseal(server, { key: init.keys[0] })).body).toMatchObject({ progress: 1 });
      const failed = await unseal(server, { key: init.keys[1] });
      expect(failed.status).toBe(400);
      expect(failed.body.message).toMatch(/^invalid key: /);
      expect(await status(server)).toMatchObject({ sealed: true, progress: 0, nonce: '' });
    } finally {
      await server.stop();
      dir.remove();
    }
  });
});
