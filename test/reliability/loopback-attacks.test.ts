/**
 * Attacks a web page (or another local program) can make on the loopback API (DESIGN.md,
 * "Loopback API security"; issue 7, "Reliability suites"), each run against every route the API
 * registers (`allRoutes`, parameters filled in) through a real `symbolon serve`, byte-exact over
 * TCP. Each attack must be refused and must change nothing: every durable table but the audit
 * log stays byte-identical and seal-status stays the same.
 *
 * What test/integration/api/listener-security.test.ts already proves (the Host allow-list for
 * foreign names, ports and a missing Host; a foreign or null Origin on single requests; the Fetch Metadata refusal on
 * sys/init, sys/unseal and sys/seal) is not repeated here. This file adds: Host aliases of
 * loopback, duplicate Host lines, absolute-form targets, a rebinding page that holds a token;
 * foreign and null Origins on every write route, also without a Content-Type (a no-cors Blob);
 * every GET a cross-site page can make without an Origin refused by its Sec-Fetch-Site, and no
 * state change from any GET; text/plain, form and multipart bodies as a browser sends them
 * (Origin, Sec-Fetch-Site) on every write route; no token, a token in the query or
 * a cookie, a revoked token (also after a restart) and a used wrapping token on every protected route.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Operation, Route } from '../../electron/api/route.js';
import { allRoutes } from '../../electron/api/routes/index.js';
import { api, initAndUnseal, startServe, tempDir } from '../helpers/serve.js';
import type { ServeProcess } from '../helpers/serve.js';
import { KeyringObserver } from './harness/keyring-observer.js';
import { rawRequest } from './harness/raw-http.js';
import type { RawRequest, RawResponse } from './harness/raw-http.js';

interface Target {
  readonly method: string;
  readonly target: string;
  readonly route: Route;
}

const METHODS: Record<Operation, readonly string[]> = { read: ['GET'], list: ['GET'], create: ['POST'], update: ['PUT', 'POST'], delete: ['DELETE'] };

/** A concrete path for a route pattern: parameters and the tail filled with harmless names. */
function concrete(pattern: string): string {
  return pattern.replace(/:[a-z_]+/g, 'attack').replace(/\*$/, 'attack/x');
}

/** Every (method, path) the API answers, from the route table itself. */
function targets(filter: (route: Route, op: Operation) => boolean = () => true): Target[] {
  const out: Target[] = [];
  for (const route of allRoutes) {
    for (const op of Object.keys(route.handlers) as Operation[]) {
      if (!filter(route, op)) continue;
      for (const method of METHODS[op]) out.push({ method, target: `/v1/${concrete(route.path)}${op === 'list' ? '?list=true' : ''}`, route });
    }
  }
  return out;
}

const isWrite = (t: Target) => t.method !== 'GET';
/** Routes that need a token: declared so, or checked inside the handler (sys/seal). */
const protectedRoute = (route: Route) => route.auth === 'token' || route.path === 'sys/seal';

describe('loopback attacks', () => {
  const dir = tempDir('symbolon-attacks-');
  let server: ServeProcess;
  let observer: KeyringObserver;
  let root: string;
  let keys: string[];
  const SECRET = 'correct-horse-battery-staple';

  const ok = async (method: string, path: string, options: Parameters<typeof api>[3] = {}) => {
    const r = await api(server, method, path, options);
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${r.text}`);
    return r;
  };
  const send = (request: RawRequest): Promise<RawResponse> => rawRequest(server.port, request);
  const state = async () => JSON.stringify({ seal: (await api(server, 'GET', 'sys/seal-status')).body, digest: observer.durableDigest() });

  /** Sends each request, expects every status to satisfy `refused`, and nothing to change. */
  async function allRefused(requests: readonly (RawRequest & { readonly label?: string })[], refused: (status: number) => boolean, what: string): Promise<Map<number, number>> {
    const before = await state();
    const statuses = new Map<number, number>();
    for (const request of requests) {
      const r = await send(request);
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      expect(refused(r.status), `${what}: ${request.method} ${String(request.target)} ${request.label ?? ''} answered ${r.status} ${r.text.slice(0, 200)}`).toBe(true);
      expect(r.text, `${what}: the answer leaks the secret`).not.toContain(SECRET);
      expect(Object.keys(r.headers).filter((h) => h.startsWith('access-control-')), what).toEqual([]);
    }
    expect(await state(), `${what}: refused requests changed the keyring or seal state`).toBe(before);
    return statuses;
  }

  beforeAll(async () => {
    server = await startServe({ dataPath: join(dir.dir, 'k.db') });
    const init = await initAndUnseal(server, 3, 2, ['Ann', 'Ben', 'Cy']);
    root = init.root_token;
    keys = init.keys;
    await ok('PUT', 'secret/data/attack/x', { token: root, body: { data: { v: SECRET } } });
    observer = new KeyringObserver(server.dataPath);
  });
  afterAll(async () => {
    observer.close();
    await server.stop();
    dir.remove();
  });

  describe('DNS rebinding', () => {
    it('refuses Host names that merely alias loopback: trailing dots, numeric and mapped forms, userinfo, padded ports', async () => {
      const p = server.port;
      const hosts = [`localhost.:${p}`, `127.0.0.1.:${p}`, `2130706433:${p}`, `0x7f000001:${p}`, `0177.0.0.1:${p}`, `127.1:${p}`, `[0:0:0:0:0:0:0:1]:${p}`,
        `[::ffff:127.0.0.1]:${p}`, `[::1%25lo]:${p}`, `user@127.0.0.1:${p}`, `127.0.0.1:0${p}`, `127.0.0.1:${p}:${p}`, `127.0.0.1:+${p}`, `xn--localhost:${p}`, `LOCALHOST.evil.example:${p}`];
      const requests = hosts.flatMap((host) => [
        { method: 'GET', target: '/v1/secret/data/attack/x', host, headers: [['X-Vault-Token', root]] as const, label: host },
        { method: 'PUT', target: '/v1/sys/seal', host, headers: [['X-Vault-Token', root]] as const, label: host },
      ]);
      const statuses = await allRefused(requests, (s) => s === 421, 'loopback alias Host');
      expect([...statuses.keys()]).toEqual([421]);
    });

    it('refuses a request with two Host lines, whichever comes first (RFC 9112 §3.2)', async () => {
      const good = `127.0.0.1:${server.port}`;
      const requests = [[good, 'evil.example'], ['evil.example', good], [good, good]].map(([first, second]) => ({
        method: 'GET', target: '/v1/secret/data/attack/x', host: first ?? null, headers: [['Host', second ?? ''], ['X-Vault-Token', root]] as const, label: `${String(first)} + ${String(second)}`,
      }));
      await allRefused(requests, (s) => s >= 400 && s < 500, 'duplicate Host');
    });

    it('refuses an absolute-form request target that names another host', async () => {
      const requests = ['http://evil.example/v1/secret/data/attack/x', `http://evil.example:${server.port}/v1/sys/seal`, `http://127.0.0.1:${server.port + 1}/v1/secret/data/attack/x`].map((target) => ({
        method: target.endsWith('seal') ? 'PUT' : 'GET', target, headers: [['X-Vault-Token', root]] as const,
      }));
      await allRefused(requests, (s) => s >= 400 && s < 500, 'absolute-form target');
    });

    it('gives a rebinding page that somehow holds a token or a share nothing on any route', async () => {
      const host = `attacker.example:${server.port}`;
      const requests = targets().map((t) => ({
        method: t.method, target: t.target, host, label: t.route.path,
        headers: [['X-Vault-Token', root], ['Content-Type', 'application/json']] as const,
        body: isWrite(t) ? JSON.stringify({ key: keys[0], data: { v: 'rebound' }, policy: '{}', secret_shares: 1, secret_threshold: 1 }) : null,
      }));
      await allRefused(requests, (s) => s === 421, 'rebinding with a token');
    });
  });

  describe('cross-origin requests', () => {
    it('refuses every write route from a foreign, null or sibling-port Origin, even with a valid token', async () => {
      const origins = ['null', 'http://evil.example', `http://127.0.0.1:${server.port + 1}`, `http://localhost:${server.port}.evil.example`];
      const requests = targets(isWriteOp).flatMap((t) => origins.map((origin) => ({
        method: t.method, target: t.target, label: `${t.route.path} from ${origin}`,
        headers: [['Origin', origin], ['X-Vault-Token', root], ['Content-Type', 'application/json']] as const,
        body: JSON.stringify({ data: { v: 'cross-origin' }, policy: '{}', reset: true }),
      })));
      const statuses = await allRefused(requests, (s) => s === 403, 'foreign Origin');
      expect(statuses.get(403)).toBe(requests.length);
    });

    it('refuses a body without Content-Type from another origin (what a no-cors fetch of a Blob sends)', async () => {
      const requests = ['null', 'http://evil.example'].flatMap((origin) => [
        { method: 'PUT', target: '/v1/sys/seal', headers: [['Origin', origin]] as const, body: '{}' },
        { method: 'POST', target: '/v1/secret/data/attack/x', headers: [['Origin', origin]] as const, body: JSON.stringify({ data: { v: 'blob' } }) },
        { method: 'POST', target: '/v1/sys/generate-root/attempt', headers: [['Origin', origin]] as const, body: '{}' },
        { method: 'PUT', target: '/v1/sys/rekey/init', headers: [['Origin', origin]] as const, body: JSON.stringify({ secret_shares: 1, secret_threshold: 1 }) },
      ]);
      await allRefused(requests, (s) => s === 403, 'typeless cross-origin body');
    });

    it('refuses every GET a cross-site page can send without an Origin (an <img>), by its Sec-Fetch-Site', async () => {
      const reads = targets().flatMap((t) => ['cross-site', 'same-site'].map((site) => ({
        method: 'GET', target: `${t.target.replace('?list=true', '')}?custom_audit=page`, label: `${t.route.path} ${site}`, headers: [['Sec-Fetch-Site', site], ['Sec-Fetch-Mode', 'no-cors'], ['Sec-Fetch-Dest', 'image']] as const,
      })));
      const statuses = await allRefused(reads, (s) => s === 403, 'cross-site GET');
      expect(statuses.get(403)).toBe(reads.length);
    });

    it('changes nothing on any GET, the request a cross-site page can send without an Origin', async () => {
      const reads = targets().map((t) => ({ method: 'GET', target: t.target.replace('?list=true', ''), label: t.route.path, headers: [['Sec-Fetch-Site', 'cross-site'], ['Sec-Fetch-Mode', 'no-cors']] as const }));
      const lists = targets().map((t) => ({ method: 'GET', target: `${t.target.replace('?list=true', '')}?list=true&reset=true&key=${encodeURIComponent(keys[0] ?? '')}`, label: t.route.path }));
      const rekeyBefore = await api(server, 'GET', 'sys/rekey/init');
      const rootBefore = await api(server, 'GET', 'sys/generate-root/attempt');
      // Answers vary (200 for public status, 403 without a token, 405 for write-only paths);
      // what matters is that none of them changed anything.
      await allRefused([...reads, ...lists], (s) => s < 500, 'GET without Origin');
      expect((await api(server, 'GET', 'sys/rekey/init')).body).toEqual(rekeyBefore.body);
      expect((await api(server, 'GET', 'sys/generate-root/attempt')).body).toEqual(rootBefore.body);
    });
  });

  describe('CSRF bodies', () => {
    const bodies = [
      ['text/plain', JSON.stringify({ data: { v: 'csrf' }, secret_shares: 1, secret_threshold: 1, reset: true, policy: '{}' })],
      ['text/plain;charset=UTF-8', '{"data":{"v":"csrf"},"ignored":"="}'],
      ['application/x-www-form-urlencoded', 'data%5Bv%5D=csrf&secret_shares=1&secret_threshold=1&reset=true'],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="reset"\r\n\r\ntrue\r\n--x--\r\n'],
    ] as const;

    // What a browser sends with a form post or a no-preflight fetch from a page on another port:
    // an Origin, and Fetch Metadata (another loopback port is the same site, not the same origin).
    const browserHeaders = (type: string) => [
      [['Content-Type', type], ['Origin', `http://127.0.0.1:${server.port + 1}`], ['Sec-Fetch-Site', 'same-site'], ['Sec-Fetch-Mode', 'navigate']],
      [['Content-Type', type], ['Origin', 'null'], ['Sec-Fetch-Site', 'cross-site'], ['Sec-Fetch-Mode', 'no-cors']],
      [['Content-Type', type], ['Sec-Fetch-Site', 'cross-site']],
    ] as const;

    it('refuses text/plain, form and multipart bodies from a browser on every write route with 403', async () => {
      const requests = targets(isWriteOp).flatMap((t) => bodies.flatMap(([type, body]) => browserHeaders(type).map((headers) => ({
        method: t.method, target: t.target, label: `${t.route.path} as ${type}`, headers, body,
      }))));
      const statuses = await allRefused(requests, (s) => s === 403, 'browser body');
      expect(statuses.get(403)).toBe(requests.length);
    });

    it('refuses them while sealed too, leaving an unseal attempt in progress exactly as it was', async () => {
      await ok('PUT', 'sys/seal', { token: root });
      try {
        await ok('PUT', 'sys/unseal', { body: { key: keys[0] } });
        const requests = targets((route, op) => route.whileSealed === true && op !== 'read' && op !== 'list').flatMap((t) => bodies.flatMap(([type, body]) => browserHeaders(type).map((headers) => ({
          method: t.method, target: t.target, label: `${t.route.path} as ${type}`, headers, body: body.replace('csrf', keys[1] ?? ''),
        }))));
        expect(requests.length).toBeGreaterThan(10);
        await allRefused(requests, (s) => s === 403, 'sealed browser body');
        expect((await api(server, 'GET', 'sys/seal-status')).body).toMatchObject({ sealed: true, progress: 1 });
      } finally {
        await ok('PUT', 'sys/unseal', { body: { key: keys[1] } });
      }
    });
  });

  describe('tokens', () => {
    const everyProtected = () => targets((route) => protectedRoute(route));
    const withToken = (headers: readonly (readonly [string, string])[]) =>
      everyProtected().map((t) => ({ method: t.method, target: t.target, label: t.route.path, headers: [...headers, ['Content-Type', 'application/json']] as const, body: isWrite(t) ? '{}' : null }));

    it('refuses every protected route without a token, with an empty one, or with one in the query or a cookie', async () => {
      const requests = [
        ...withToken([]),
        ...withToken([['X-Vault-Token', '']]),
        ...withToken([['Authorization', 'Bearer ']]),
        ...withToken([['Cookie', `token=${root}; X-Vault-Token=${root}`]]),
        ...everyProtected().map((t) => ({ method: t.method, target: `${t.target}${t.target.includes('?') ? '&' : '?'}token=${root}&X-Vault-Token=${root}`, label: t.route.path, headers: [['Content-Type', 'application/json']] as const, body: isWrite(t) ? '{}' : null })),
      ];
      const statuses = await allRefused(requests, (s) => s === 403, 'no token');
      expect(statuses.get(403)).toBe(requests.length);
    });

    it('refuses revoked tokens on every protected route, in either header, and still after a restart', async () => {
      const create = async (token: string, policies: string[]) =>
        String(((await ok('POST', 'auth/token/create', { token, body: { policies } })).body['auth'] as { client_token: string }).client_token);
      const self = await create(root, ['root']);
      const parent = await create(root, ['root']);
      const child = await create(parent, ['root']);
      const byAccessor = await create(root, ['root']);
      const accessor = String(((await ok('GET', 'auth/token/lookup-self', { token: byAccessor })).body['data'] as { accessor: string }).accessor);
      await ok('POST', 'auth/token/revoke-self', { token: self });
      await ok('POST', 'auth/token/revoke', { token: root, body: { token: parent } });
      await ok('POST', 'auth/token/revoke-accessor', { token: root, body: { accessor } });
      const revoked = [self, parent, child, byAccessor];
      const requests = () => revoked.flatMap((t) => [...withToken([['X-Vault-Token', t]]), ...withToken([['Authorization', `Bearer ${t}`]])]);
      await allRefused(requests(), (s) => s === 403, 'revoked token');

      await server.stop();
      server = await startServe({ dataPath: server.dataPath });
      for (const key of keys.slice(0, 2)) await ok('PUT', 'sys/unseal', { body: { key } });
      await allRefused(requests(), (s) => s === 403, 'revoked token after a restart');
    });

    it('refuses a used wrapping token in the header as well as the body, and as an API token on every route', async () => {
      const wrapped = await ok('POST', 'sys/wrapping/wrap', { token: root, body: { v: SECRET }, headers: { 'X-Vault-Wrap-TTL': '5m' } });
      const token = String((wrapped.body['wrap_info'] as { token: string }).token);
      const first = await ok('POST', 'sys/wrapping/unwrap', { headers: { 'X-Vault-Token': token } });
      expect(first.body['data']).toEqual({ v: SECRET });
      const json = [['Content-Type', 'application/json']] as const;
      const reuse = [
        { method: 'POST', target: '/v1/sys/wrapping/unwrap', headers: [['X-Vault-Token', token], ...json] as const, body: null },
        { method: 'POST', target: '/v1/sys/wrapping/unwrap', headers: [['Authorization', `Bearer ${token}`], ...json] as const, body: null },
        { method: 'POST', target: '/v1/sys/wrapping/unwrap', headers: json, body: JSON.stringify({ token }) },
        { method: 'POST', target: '/v1/sys/wrapping/lookup', headers: json, body: JSON.stringify({ token }) },
        { method: 'POST', target: '/v1/sys/wrapping/rewrap', headers: json, body: JSON.stringify({ token }) },
      ];
      await allRefused(reuse, (s) => s === 400, 'wrapping token reuse');
      await allRefused([...withToken([['X-Vault-Token', token]])], (s) => s === 403, 'wrapping token as an API token');
    });
  });
});

function isWriteOp(_route: Route, op: Operation): boolean {
  return op === 'create' || op === 'update' || op === 'delete';
}
