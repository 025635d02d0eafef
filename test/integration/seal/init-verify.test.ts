/**
 * Init with verification through real HTTP against a spawned `symbolon serve` (API.md, "Init with
 * verification"): a pending keyring reads as uninitialized everywhere and opens nothing; every
 * share (N of N) is judged at entry as at unseal; only the last proof initializes; the pending
 * init and its progress survive a restart; a new init while pending is refused naming it;
 * DELETE with the nonce abandons it so the ceremony can start again.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startServe, tempDir } from '../../helpers/serve.js';
import type { InitResponse, ServeProcess } from '../../helpers/serve.js';
import type { ErrorBody, VerifyStatus } from '../rekey/rekey-fixture.js';
import type { InitVerifyStatusResponse } from '../../../shared/api/init.js';


/** A pending init's answer: the verification fields are present. */
type PendingResponse = InitResponse & Required<Pick<InitResponse, 'verification_required' | 'verification_nonce'>>;

/** `sys/init/verify`: progress or completion, with the verdict after a share. */
type InitVerifyStatus = VerifyStatus & Pick<InitVerifyStatusResponse, 'keyring_id' | 'custodians'>;

const CUSTODIANS = ['Ann', 'Ben', 'Cy'];

const verifyStatus = (s: ServeProcess) => api<InitVerifyStatus & ErrorBody>(s, 'GET', 'sys/init/verify');
const prove = (s: ServeProcess, key: unknown, nonce: unknown) => api<InitVerifyStatus & ErrorBody>(s, 'PUT', 'sys/init/verify', { body: { key, nonce } });
const abandon = (s: ServeProcess, body?: unknown) => api<ErrorBody>(s, 'DELETE', 'sys/init/verify', body === undefined ? {} : { body });

async function pendingInit(s: ServeProcess): Promise<PendingResponse> {
  const r = await api<PendingResponse>(s, 'PUT', 'sys/init', {
    body: { secret_shares: 3, secret_threshold: 2, custodians: CUSTODIANS, require_verification: true },
  });
  expect(r.status, r.text).toBe(200);
  return r.body;
}

/** Everything a client can see says "not initialized", and a share opens nothing. */
async function expectUninitialized(s: ServeProcess, key: string): Promise<void> {
  expect((await api(s, 'GET', 'sys/init')).body).toEqual({ initialized: false });
  const status = await api<{ initialized: boolean; sealed: boolean; keyring_id: string | null }>(s, 'GET', 'sys/seal-status');
  expect(status.body).toMatchObject({ initialized: false, sealed: true, keyring_id: null });
  expect((await api(s, 'GET', 'sys/health')).status).toBe(501);
  const unseal = await api<ErrorBody>(s, 'PUT', 'sys/unseal', { body: { key } });
  expect({ status: unseal.status, message: unseal.body.message }).toEqual({ status: 400, message: 'Vault is not initialized' });
}

describe('init with verification', () => {
  const dir = tempDir('symbolon-init-verify-');
  const servers: ServeProcess[] = [];
  const serve = async (name: string) => {
    const server = await startServe({ dataPath: join(dir.dir, name) });
    servers.push(server);
    return server;
  };
  afterAll(async () => {
    for (const s of servers) await s.stop();
    dir.remove();
  });

  describe('proving every share, across a restart', () => {
    let server: ServeProcess;
    let init: PendingResponse;

    beforeAll(async () => {
      server = await serve('proven.db');
      init = await pendingInit(server);
    });

    it('answers the init with the shares, verification_required and a nonce, and stays uninitialized', async () => {
      expect(init.verification_required).toBe(true);
      expect(init.verification_nonce).toMatch(/^[0-9a-f-]{36}$/);
      expect(init.keys).toHaveLength(3);
      expect(init.root_token).toMatch(/^hvs\./);
      await expectUninitialized(server, init.keys[0] ?? '');
    });

    it('shows the pending init: every share required, none proven, the custodians named', async () => {
      const r = await verifyStatus(server);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ nonce: init.verification_nonce, started: true, t: 2, n: 3, progress: 0, required: 3, keyring_id: init.keyring_id });
      expect(r.body.custodians.map((c) => [c.name, c.proven])).toEqual([['Ann', false], ['Ben', false], ['Cy', false]]);
    });

    it('refuses a new init while one is pending, naming the pending one', async () => {
      for (const require_verification of [true, false]) {
        const r = await api<ErrorBody>(server, 'PUT', 'sys/init', { body: { secret_shares: 1, secret_threshold: 1, require_verification } });
        expect(r.status).toBe(400);
        expect(r.body.error_code).toBe('INIT_PENDING');
        expect(r.body.message).toContain(init.keyring_id);
        expect(r.body.message).toContain('0 of 3 shares proven');
      }
    });

    it('judges each share at entry: a wrong nonce, a typo, a non-member do not count', async () => {
      const wrongNonce = await prove(server, init.keys[0], 'not-the-nonce');
      expect(wrongNonce.status).toBe(400);
      expect(wrongNonce.body.message).toBe(`incorrect nonce supplied; nonce for this verify operation is "${init.verification_nonce}"`);
      const text = init.shares[1]?.text ?? '';
      // One symbol changed in the first group: the answer says where.
      const typo = (text[0] === 'A' ? 'B' : 'A') + text.slice(1);
      const typoAnswer = await prove(server, typo, init.verification_nonce);
      expect(typoAnswer.status).toBe(400);
      expect(typoAnswer.body.error_code).toBe('SHARE_TYPO');
      const foreign = await prove(server, 'ab'.repeat(33), init.verification_nonce);
      expect(foreign.status).toBe(400);
      expect(foreign.body.error_code).toBe('SHARE_NOT_MEMBER');
      expect((await verifyStatus(server)).body.progress).toBe(0);
    });

    it('accepts a share and names its custodian; the same share twice is refused', async () => {
      const first = await prove(server, init.shares[0]?.text, init.verification_nonce);
      expect(first.status, first.text).toBe(200);
      expect(first.body).toMatchObject({ progress: 1, required: 3, share_index: 1, custodian: 'Ann' });
      const again = await prove(server, init.keys[0], init.verification_nonce);
      expect(again.status).toBe(400);
      expect(again.body.error_code).toBe('DUPLICATE_SHARE');
    });

    it('keeps the pending init and its progress across a restart', async () => {
      await server.stop();
      server = await serve('proven.db');
      const r = await verifyStatus(server);
      expect(r.body).toMatchObject({ nonce: init.verification_nonce, started: true, progress: 1, required: 3 });
      expect(r.body.custodians.filter((c) => c.proven).map((c) => c.name)).toEqual(['Ann']);
      await expectUninitialized(server, init.keys[1] ?? '');
    });

    it('stays uninitialized after T of N proofs: only the last share initializes', async () => {
      const second = await prove(server, init.keys[1], init.verification_nonce);
      expect(second.body).toMatchObject({ progress: 2, custodian: 'Ben' });
      await expectUninitialized(server, init.keys[0] ?? '');
      const last = await prove(server, init.keys_base64[2], init.verification_nonce);
      expect(last.status, last.text).toBe(200);
      expect(last.body).toMatchObject({ nonce: init.verification_nonce, complete: true, keyring_id: init.keyring_id, custodian: 'Cy' });
      expect((await api(server, 'GET', 'sys/init')).body).toEqual({ initialized: true });
      expect((await verifyStatus(server)).body).toMatchObject({ started: false, nonce: '' });
    });

    it('then opens with the issued shares, and the root token works', async () => {
      for (const key of init.keys.slice(1, 3)) expect((await api(server, 'PUT', 'sys/unseal', { body: { key } })).status).toBe(200);
      expect((await api<{ sealed: boolean }>(server, 'GET', 'sys/seal-status')).body.sealed).toBe(false);
      expect((await api(server, 'GET', 'auth/token/lookup-self', { token: init.root_token })).status).toBe(200);
      const again = await api<ErrorBody>(server, 'PUT', 'sys/init/verify', { body: { key: init.keys[0], nonce: init.verification_nonce } });
      expect({ status: again.status, message: again.body.message }).toEqual({ status: 400, message: 'Vault is already initialized' });
    });

    it('says in the transcript what was initialized, and seal-status lists the custodians a rekey starts from', async () => {
      // The printed ceremony record reads "Keyring initialized: 2 of 3" from this entry.
      const log = await api<{ data: { entries: { ceremony?: string; step?: string; threshold?: number; shares?: number; generation?: number }[] } }>(
        server, 'GET', 'sys/audit/log?from=1&limit=1000', { token: init.root_token });
      const initialized = log.body.data.entries.filter((e) => e.ceremony === 'init' && e.step === 'initialized');
      expect(initialized).toHaveLength(1);
      expect(initialized[0]).toMatchObject({ threshold: 2, shares: 3, generation: 1 });
      const status = await api<{ custodians: unknown }>(server, 'GET', 'sys/seal-status');
      expect(status.body.custodians).toEqual(CUSTODIANS.map((name, i) => ({ index: i + 1, name, fingerprint: null })));
    });
  });

  describe('abandoning', () => {
    let server: ServeProcess;
    let init: PendingResponse;

    beforeAll(async () => {
      server = await serve('abandoned.db');
      init = await pendingInit(server);
      expect((await prove(server, init.keys[0], init.verification_nonce)).status).toBe(200);
    });

    it('needs the nonce', async () => {
      const missing = await abandon(server, {});
      expect({ status: missing.status, code: missing.body.error_code }).toEqual({ status: 400, code: 'NONCE_REQUIRED' });
      const wrong = await abandon(server, { nonce: 'guess' });
      expect({ status: wrong.status, code: wrong.body.error_code }).toEqual({ status: 400, code: 'NONCE_MISMATCH' });
      expect((await verifyStatus(server)).body.started).toBe(true);
    });

    it('removes the pending init, so a new init starts and the abandoned shares are foreign to it', async () => {
      expect((await abandon(server, { nonce: init.verification_nonce })).status).toBe(204);
      expect((await verifyStatus(server)).body).toMatchObject({ started: false, progress: 0 });
      await expectUninitialized(server, init.keys[0] ?? '');
      const again = await abandon(server, { nonce: init.verification_nonce });
      expect({ status: again.status, code: again.body.error_code }).toEqual({ status: 400, code: 'NO_INIT_PENDING' });

      const fresh = await api<InitResponse>(server, 'PUT', 'sys/init', { body: { secret_shares: 1, secret_threshold: 1 } });
      expect(fresh.status, fresh.text).toBe(200);
      expect(fresh.body.keyring_id).not.toBe(init.keyring_id);
      const old = await api<ErrorBody>(server, 'PUT', 'sys/unseal', { body: { key: init.keys[0] } });
      expect(old.status).toBe(400);
      expect((await api(server, 'PUT', 'sys/unseal', { body: { key: fresh.body.keys[0] } })).status).toBe(200);
      // The abandoned init's root token is gone with it.
      expect((await api(server, 'GET', 'auth/token/lookup-self', { token: init.root_token })).status).toBe(403);
      expect((await api(server, 'GET', 'auth/token/lookup-self', { token: fresh.body.root_token })).status).toBe(200);
    });
  });

  it('refuses a require_verification that is not a boolean', async () => {
    const server = await serve('bad-flag.db');
    const r = await api<ErrorBody>(server, 'PUT', 'sys/init', { body: { secret_shares: 1, secret_threshold: 1, require_verification: 'yes' } });
    expect({ status: r.status, message: r.body.message }).toEqual({ status: 400, message: 'invalid seal configuration: require_verification must be a boolean' });
    expect((await verifyStatus(server)).body.started).toBe(false);
  });
});
