/**
 * sys/seal's authorization, now declared on its route (route.ts: `token-unless-sealed`, sudo)
 * instead of re-checked in the handler: no token is refused even while sealed; a token without
 * sudo is refused and the keyring stays unsealed; while sealed a token is not checked (the token
 * store is behind the barrier) and the answer is 204 with nothing changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, serveUnsealedKeyring } from '../../helpers/serve.js';
import type { ServeProcess } from '../../helpers/serve.js';

describe('sys/seal authorization', () => {
  let server: ServeProcess;
  let root: string;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ server, root, stop } = await serveUnsealedKeyring());
  });
  afterAll(() => stop());

  const sealed = async (): Promise<boolean> => (await api<{ sealed: boolean }>(server, 'GET', 'sys/seal-status')).body.sealed;

  it('refuses a request without a token, and one whose token lacks sudo, leaving the keyring unsealed', async () => {
    expect((await api(server, 'PUT', 'sys/seal')).status).toBe(403);
    const policy = JSON.stringify({ path: { 'sys/seal': { capabilities: ['update'] } } });
    expect((await api(server, 'PUT', 'sys/policy/seal-no-sudo', { token: root, body: { policy } })).status).toBe(204);
    const created = await api<{ auth: { client_token: string } }>(server, 'POST', 'auth/token/create', { token: root, body: { policies: ['seal-no-sudo'] } });
    const denied = await api(server, 'PUT', 'sys/seal', { token: created.body.auth.client_token });
    expect(denied.status).toBe(403);
    expect(denied.body['context']).toMatchObject({ path: 'sys/seal', capability: 'update', sudo: true });
    expect(await sealed()).toBe(false);
  });

  it('seals for a token with update and sudo; while sealed any token gets 204 and none gets 403', async () => {
    const policy = JSON.stringify({ path: { 'sys/seal': { capabilities: ['update', 'sudo'] } } });
    expect((await api(server, 'PUT', 'sys/policy/sealer', { token: root, body: { policy } })).status).toBe(204);
    const created = await api<{ auth: { client_token: string } }>(server, 'POST', 'auth/token/create', { token: root, body: { policies: ['sealer'] } });
    expect((await api(server, 'PUT', 'sys/seal', { token: created.body.auth.client_token })).status).toBe(204);
    expect(await sealed()).toBe(true);
    expect((await api(server, 'PUT', 'sys/seal', { token: 'not-a-token' })).status).toBe(204);
    expect((await api(server, 'PUT', 'sys/seal')).status).toBe(403);
    expect(await sealed()).toBe(true);
  });
});
