/**
 * sys/rotate and sys/key-status through real HTTP (API.md, "sys/rotate, sys/rotate/config,
 * sys/key-status"): 204 and term+1, old terms still decrypting, the key-status shape with its data
 * copied to the top level, what each endpoint needs (sys/rotate update+sudo, sys/key-status read),
 * the audit entry of each rotation, and 503 while sealed. One `symbolon serve` process for the file; KV secrets stand in for data.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, initAndUnseal, startServe, tempDir } from '../../helpers/serve.js';
import type { ServeProcess } from '../../helpers/serve.js';

interface KeyStatusBody {
  data: { term: number; install_time: string; encryptions: number };
  term: number;
  install_time: string;
  encryptions: number;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

describe('sys/rotate and sys/key-status', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: ServeProcess;
  let root: string;
  let keys: string[];

  beforeAll(async () => {
    dir = tempDir();
    server = await startServe({ dataPath: join(dir.dir, 'keyring.db') });
    const init = await initAndUnseal(server, 1, 1);
    root = init.root_token;
    keys = init.keys;
  });
  afterAll(async () => {
    await server.stop();
    dir.remove();
  });

  async function keyStatus(token = root): Promise<KeyStatusBody> {
    const r = await api<KeyStatusBody>(server, 'GET', 'sys/key-status', { token });
    expect(r.status).toBe(200);
    return r.body;
  }

  async function policyToken(name: string, paths: Record<string, string[]>): Promise<string> {
    const policy = JSON.stringify({ path: Object.fromEntries(Object.entries(paths).map(([p, capabilities]) => [p, { capabilities }])) });
    expect((await api(server, 'PUT', `sys/policy/${name}`, { token: root, body: { policy } })).status).toBe(204);
    const created = await api<{ auth: { client_token: string } }>(server, 'POST', 'auth/token/create', { token: root, body: { policies: [name] } });
    expect(created.status).toBe(200);
    return created.body.auth.client_token;
  }

  it('reports the active term, its RFC 3339 install time and encryption count, also at the top level', async () => {
    const body = await keyStatus();
    expect(body.data.term).toBe(1);
    expect(body.data.install_time).toMatch(RFC3339);
    expect(Number.isInteger(body.data.encryptions)).toBe(true);
    expect(body.data.encryptions).toBeGreaterThan(0); // init wrote the root token
    expect({ term: body.term, install_time: body.install_time, encryptions: body.encryptions }).toEqual(body.data);
    expect(body).toMatchObject({ lease_id: '', renewable: false, lease_duration: 0, wrap_info: null, warnings: null, auth: null });
  });

  it('rotates: 204, term+1 with a fresh install time and count, and old terms keep decrypting', async () => {
    expect((await api(server, 'PUT', 'secret/data/before', { token: root, body: { data: { v: 'term one' } } })).status).toBe(200);
    const before = await keyStatus();
    const rotated = await api(server, 'POST', 'sys/rotate', { token: root });
    expect(rotated.status).toBe(204);
    expect(rotated.text).toBe('');
    const after = await keyStatus();
    expect(after.term).toBe(before.term + 1);
    expect(Date.parse(after.install_time)).toBeGreaterThanOrEqual(Date.parse(before.install_time));
    expect(after.encryptions).toBeLessThan(before.encryptions + 5);

    expect((await api(server, 'PUT', 'secret/data/after', { token: root, body: { data: { v: 'term two' } } })).status).toBe(200);
    const old = await api<{ data: { data: { v: string } } }>(server, 'GET', 'secret/data/before', { token: root });
    expect(old.body.data.data.v).toBe('term one');
    const fresh = await api<{ data: { data: { v: string } } }>(server, 'GET', 'secret/data/after', { token: root });
    expect(fresh.body.data.data.v).toBe('term two');
    expect((await keyStatus()).encryptions).toBeGreaterThan(after.encryptions);

    // PUT is the same write as POST.
    expect((await api(server, 'PUT', 'sys/rotate', { token: root })).status).toBe(204);
    expect((await keyStatus()).term).toBe(before.term + 2);
  });

  it('answers 405 to a read of sys/rotate and to writes of sys/key-status', async () => {
    expect((await api(server, 'GET', 'sys/rotate', { token: root })).status).toBe(405);
    expect((await api(server, 'POST', 'sys/key-status', { token: root, body: {} })).status).toBe(405);
  });

  it('refuses callers without a token', async () => {
    for (const [method, path] of [['POST', 'sys/rotate'], ['GET', 'sys/key-status']] as const) {
      const r = await api(server, method, path);
      expect(r.status, path).toBe(403);
      expect(r.body['errors']).toEqual(['permission denied']);
    }
    expect((await api(server, 'GET', 'sys/key-status', { token: 'hvs.AAAAAAAAAAAAAAAAAAAAAAAA' })).status).toBe(403);
  });

  it('needs read on sys/key-status, and update plus sudo on sys/rotate', async () => {
    const reader = await policyToken('key-reader', { 'sys/key-status': ['read'], 'sys/rotate': ['update'] });
    const term = (await keyStatus()).term;
    expect((await keyStatus(reader)).term).toBe(term);
    const noSudo = await api(server, 'POST', 'sys/rotate', { token: reader });
    expect(noSudo.status).toBe(403);
    expect(noSudo.body['context']).toMatchObject({ path: 'sys/rotate', capability: 'update', sudo: true });

    const rotator = await policyToken('rotator', { 'sys/rotate': ['update', 'sudo'] });
    expect((await api(server, 'POST', 'sys/rotate', { token: rotator })).status).toBe(204);
    const denied = await api(server, 'GET', 'sys/key-status', { token: rotator });
    expect(denied.status).toBe(403);
    expect(denied.body['context']).toMatchObject({ path: 'sys/key-status', capability: 'read' });
    expect((await keyStatus()).term).toBe(term + 1);
  });

  it('audits each manual rotation with its reason and terms', async () => {
    expect((await api(server, 'POST', 'sys/rotate', { token: root })).status).toBe(204);
    const term = (await keyStatus()).term;
    const log = await api<{ data: { entries: Record<string, unknown>[] } }>(server, 'GET', 'sys/audit/log?limit=10000', { token: root });
    expect(log.status).toBe(200);
    const rotations = log.body.data.entries.filter((e) => e['type'] === 'rotation');
    expect(rotations.length).toBe(term - 1);
    expect(rotations.at(-1)).toMatchObject({ type: 'rotation', reason: 'manual', term, previous_term: term - 1 });
    expect(rotations.every((e) => e['reason'] === 'manual')).toBe(true);
  });

  it('answers 503 while sealed, and keeps every term across the seal', async () => {
    const term = (await keyStatus()).term;
    expect((await api(server, 'PUT', 'sys/seal', { token: root })).status).toBe(204);
    for (const [method, path] of [['POST', 'sys/rotate'], ['GET', 'sys/key-status']] as const) {
      const r = await api(server, method, path, { token: root });
      expect(r.status, path).toBe(503);
      expect(r.body['errors']).toEqual(['Vault is sealed']);
    }
    expect((await api(server, 'PUT', 'sys/unseal', { body: { key: keys[0] } })).status).toBe(200);
    expect((await keyStatus()).term).toBe(term);
    const old = await api<{ data: { data: { v: string } } }>(server, 'GET', 'secret/data/before', { token: root });
    expect(old.body.data.data.v).toBe('term one');
  });
});
