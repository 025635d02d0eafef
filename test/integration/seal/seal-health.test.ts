/**
 * sys/seal, sys/seal-status and sys/health through real HTTP (API.md, "sys/seal-status, sys/seal,
 * sys/unseal, sys/health"), and the rule that logical endpoints answer 503 while sealed.
 * One keyring walks through uninitialized → sealed → unsealed → sealed.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startServe, tempDir } from '../../helpers/serve.js';
import type { InitResponse, ServeProcess } from '../../helpers/serve.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface ErrorBody {
  errors: string[];
  error_code: string;
  message: string;
  context: Record<string, unknown>;
}

describe('seal, seal-status and health', () => {
  const dir = tempDir();
  let server: ServeProcess;
  let init: InitResponse;

  const health = (query = '') => api(server, 'GET', `sys/health${query}`);
  const head = async (query = '') => {
    const r = await fetch(`${server.base}sys/health${query}`, { method: 'HEAD' });
    return { status: r.status, text: await r.text(), headers: r.headers };
  };
  const sealed503 = async (token?: string) => {
    const r = await api<ErrorBody>(server, 'GET', 'auth/token/lookup-self', token ? { token } : {});
    expect(r.status).toBe(503);
    expect(r.body).toEqual({ errors: ['Vault is sealed'], error_code: 'SEALED', message: 'Vault is sealed', context: {} });
  };
  const badOverrides = async () => {
    for (const query of ['?activecode=abc', '?sealedcode=2.5', '?uninitcode=', '?activecode=-200', '?sealedcode=1e3', '?uninitcode=99999999999999999999']) {
      const r = await api<ErrorBody>(server, 'GET', `sys/health${query}`);
      expect({ query, status: r.status }).toEqual({ query, status: 400 });
      expect(r.body.error_code).toBe('INVALID_REQUEST');
    }
  };

  beforeAll(async () => {
    server = await startServe({ dataPath: join(dir.dir, 'k.db') });
  });
  afterAll(async () => {
    await server.stop();
    dir.remove();
  });

  describe('uninitialized', () => {
    it('seal-status: type shamir, sealed, t = n = 0, no attempt, version, no migration, no recovery seal', async () => {
      const r = await api(server, 'GET', 'sys/seal-status');
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        type: 'shamir', initialized: false, sealed: true, t: 0, n: 0, progress: 0, nonce: '', version: '0.1.0',
        migration: false, recovery_seal: false, keyring_id: null, generation: null,
      });
    });

    it('seal-status answers 405 to every method but GET', async () => {
      for (const method of ['PUT', 'POST', 'DELETE', 'HEAD']) {
        const r = await api(server, method, 'sys/seal-status', method === 'PUT' || method === 'POST' ? { body: {} } : {});
        expect({ method, status: r.status }).toEqual({ method, status: 405 });
      }
    });

    it('health: 501 with initialized, sealed, standby, server_time_utc and version', async () => {
      const before = Math.floor(Date.now() / 1000);
      const r = await health();
      expect(r.status).toBe(501);
      expect(r.body).toMatchObject({ initialized: false, sealed: true, standby: false, version: '0.1.0' });
      expect(r.body['server_time_utc']).toBeGreaterThanOrEqual(before - 1);
      expect(r.body['server_time_utc']).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 1);
    });

    it('health: uninitcode overrides; HEAD answers the same status with no body', async () => {
      expect((await health('?uninitcode=200')).status).toBe(200);
      expect((await health('?activecode=299&sealedcode=298')).status).toBe(501);
      const h = await head();
      expect(h.status).toBe(501);
      expect(h.text).toBe('');
      expect((await head('?uninitcode=204')).status).toBe(204);
    });

    it('health: a non-integer override is 400, whichever state it is for', badOverrides);

    it('sys/seal: 403 without a token', async () => {
      const r = await api<ErrorBody>(server, 'PUT', 'sys/seal');
      expect(r.status).toBe(403);
      expect(r.body.message).toBe('permission denied');
    });
  });

  describe('initialized and sealed', () => {
    beforeAll(async () => {
      init = (await api<InitResponse>(server, 'PUT', 'sys/init', { body: { secret_shares: 3, secret_threshold: 2 } })).body;
    });

    it('health: 503, sealedcode overrides, HEAD too', async () => {
      const r = await health();
      expect(r.status).toBe(503);
      expect(r.body).toMatchObject({ initialized: true, sealed: true, standby: false });
      expect((await health('?sealedcode=200')).status).toBe(200);
      expect((await health('?uninitcode=200&activecode=200')).status).toBe(503);
      expect((await head()).status).toBe(503);
      expect((await head('?sealedcode=429')).status).toBe(429);
    });

    it('health: a non-integer override is 400 here too', badOverrides);

    it('logical endpoints answer 503 "Vault is sealed", with or without a token', async () => {
      await sealed503();
      await sealed503(init.root_token);
      await sealed503('hvs.nonsense');
    });

    it('sys/seal: 403 without a token; 204 with one when already sealed', async () => {
      expect((await api(server, 'PUT', 'sys/seal')).status).toBe(403);
      const r = await api(server, 'PUT', 'sys/seal', { token: init.root_token });
      expect(r.status).toBe(204);
      expect(r.text).toBe('');
    });
  });

  describe('unsealed', () => {
    beforeAll(async () => {
      for (const key of init.keys.slice(0, 2)) await api(server, 'PUT', 'sys/unseal', { body: { key } });
    });

    it('seal-status reports unsealed with t, n, keyring id and generation', async () => {
      const r = await api(server, 'GET', 'sys/seal-status');
      expect(r.body).toMatchObject({ initialized: true, sealed: false, t: 2, n: 3, progress: 0, nonce: '', keyring_id: init.keyring_id, generation: 1 });
    });

    it('health: 200, activecode overrides, HEAD too', async () => {
      const r = await health();
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ initialized: true, sealed: false, standby: false });
      expect((await health('?activecode=299')).status).toBe(299);
      expect((await health('?sealedcode=200&uninitcode=200')).status).toBe(200);
      const h = await head('?activecode=204');
      expect(h.status).toBe(204);
      expect((await head()).status).toBe(200);
    });

    it('health: a non-integer override is 400 here too', badOverrides);

    it('auth/token/lookup-self describes the root token in the logical envelope', async () => {
      for (const options of [{ token: init.root_token }, { headers: { Authorization: `Bearer ${init.root_token}` } }]) {
        const r = await api<Record<string, unknown> & { data: Record<string, unknown> }>(server, 'GET', 'auth/token/lookup-self', options);
        expect(r.status).toBe(200);
        expect(r.body).toMatchObject({ lease_id: '', renewable: false, lease_duration: 0, wrap_info: null, warnings: null, auth: null });
        expect(r.body['request_id']).toMatch(UUID);
        expect(r.body.data).toMatchObject({ id: init.root_token, policies: ['root'], path: 'auth/token/root', ttl: 0, expire_time: null, orphan: true });
      }
    });

    it('auth/token/lookup-self: 403 without a token or with an unknown one', async () => {
      for (const options of [{}, { token: 'hvs.AAAAAAAAAAAAAAAAAAAAAAAA' }, { headers: { Authorization: 'Bearer nope' } }]) {
        const r = await api<ErrorBody>(server, 'GET', 'auth/token/lookup-self', options);
        expect(r.status).toBe(403);
        expect(r.body.message).toBe('permission denied');
      }
    });

    it('sys/seal: 403 without a token or with a bad one, and the keyring stays unsealed', async () => {
      expect((await api(server, 'PUT', 'sys/seal')).status).toBe(403);
      expect((await api(server, 'PUT', 'sys/seal', { token: 'hvs.AAAAAAAAAAAAAAAAAAAAAAAA' })).status).toBe(403);
      expect((await api(server, 'PUT', 'sys/seal', { headers: { Authorization: 'Bearer wrong' } })).status).toBe(403);
      expect((await api(server, 'GET', 'sys/seal', { token: init.root_token })).status).toBe(405);
      expect((await health()).status).toBe(200);
    });

    it('sys/seal with the root token: 204, sealed; then 204 again when already sealed', async () => {
      const r = await api(server, 'POST', 'sys/seal', { headers: { Authorization: `Bearer ${init.root_token}` } });
      expect(r.status).toBe(204);
      expect((await api(server, 'GET', 'sys/seal-status')).body).toMatchObject({ sealed: true, progress: 0 });
      expect((await health()).status).toBe(503);
      await sealed503(init.root_token);
      expect((await api(server, 'PUT', 'sys/seal', { token: init.root_token })).status).toBe(204);
    });

    it('unseals again with other shares after sealing', async () => {
      for (const key of init.keys.slice(1, 3)) await api(server, 'PUT', 'sys/unseal', { body: { key } });
      expect((await health()).status).toBe(200);
    });
  });
});
