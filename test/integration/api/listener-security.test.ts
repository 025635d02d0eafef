/**
 * The loopback listener's own defences (API.md, "Conventions" and "Security of the listener"),
 * through a spawned `symbolon serve`: Host allow-list (421), foreign Origin (403), no CORS
 * headers, Fetch Metadata (403), bodies read as JSON whatever their type, body limit (413), malformed JSON (400), Cache-Control: no-store on
 * every answer, the error body shape, 404/405, ?custom_audit= in the audit log, and the refusal
 * to listen on a non-loopback address. Requests with hand-made Host headers go through
 * node:http, since fetch always sets Host itself.
 */
import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../../electron/core/audit/audit-log.js';
import type { AuditRow } from '../../../electron/core/audit/audit-log.js';
import { api, CLI, startServe, tempDir } from '../../helpers/serve.js';
import type { ServeProcess } from '../../helpers/serve.js';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Record<string, unknown> | null;
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    return text ? (JSON.parse(text) as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** One HTTP/1.1 request with exactly the headers given (`host: null` sends none). */
function raw(port: number, options: { method?: string; path?: string; headers?: Record<string, string | null>; body?: string }): Promise<Raw> {
  const headers: Record<string, string> = {};
  let host: string | null = `127.0.0.1:${port}`;
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (name.toLowerCase() === 'host') host = value;
    else if (value !== null) headers[name] = value;
  }
  if (host !== null) headers['Host'] = host;
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path ?? '/v1/sys/seal-status', headers, setHost: false, agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: parseJson(text) });
        });
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** Every answer: no-store, and never a CORS header. Error answers: the Vault-compatible body. */
function checkAnswer(r: Raw): void {
  expect(r.headers['cache-control']).toBe('no-store');
  expect(Object.keys(r.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  // sys/health answers 501/503 with its status body; every other 4xx/5xx is an error body.
  if (r.status >= 400 && r.json && !('initialized' in r.json)) expectErrorShape(r);
}

function expectErrorShape(r: Raw): void {
  // Exactly, without a charset: hvac reads `errors` only then.
  expect(r.headers['content-type']).toBe('application/json');
  expect(Object.keys(r.json ?? {}).sort()).toEqual(['context', 'error_code', 'errors', 'message']);
  expect(r.json?.['errors']).toEqual([r.json?.['message']]);
  expect(r.json?.['error_code']).toMatch(/^[A-Z_]+$/);
  expect(typeof r.json?.['message']).toBe('string');
  expect(typeof r.json?.['context']).toBe('object');
}

describe('listener security', () => {
  const dir = tempDir();
  let server: ServeProcess;
  let port: number;

  const get = async (options: Parameters<typeof raw>[1]) => {
    const r = await raw(port, options);
    checkAnswer(r);
    return r;
  };
  const initialized = async () => (await api<{ initialized: boolean }>(server, 'GET', 'sys/init')).body.initialized;

  beforeAll(async () => {
    server = await startServe({ dataPath: join(dir.dir, 'k.db'), args: ['--max-body-bytes', '4096'] });
    port = server.port;
  });
  afterAll(async () => {
    await server.stop();
    dir.remove();
  });

  describe('Host allow-list', () => {
    it('accepts 127.0.0.1, localhost and [::1] with our port, in any case', async () => {
      for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `LocalHost:${port}`]) {
        const r = await get({ headers: { host } });
        expect({ host, status: r.status }).toEqual({ host, status: 200 });
      }
    });

    it('answers 421 to any other Host, a wrong port, no port, or no Host at all', async () => {
      const hosts = ['evil.com', `evil.com:${port}`, `127.0.0.1:${port + 1}`, '127.0.0.1', 'localhost', `127.0.0.2:${port}`, `0.0.0.0:${port}`, `[::1]`, `localhost.evil.com:${port}`, `127.0.0.1:${port}.evil.com`, '', null];
      for (const host of hosts) {
        const r = await get({ headers: { host } });
        expect({ host, status: r.status }).toEqual({ host, status: 421 });
        expect(r.json?.['error_code']).toBe('MISDIRECTED_REQUEST');
      }
    });

    it('checks Host before anything else: a rebinding page cannot init, unseal or reach unknown paths', async () => {
      const host = `attacker.example:${port}`;
      const body = JSON.stringify({ secret_shares: 1, secret_threshold: 1 });
      for (const [method, path] of [['PUT', '/v1/sys/init'], ['PUT', '/v1/sys/unseal'], ['GET', '/v1/nope'], ['GET', '/'], ['GET', '/ui/']]) {
        const r = await get({ method, path, headers: { host, 'content-type': 'application/json' }, body: method === 'PUT' ? body : undefined });
        expect({ path, status: r.status }).toEqual({ path, status: 421 });
      }
      expect(await initialized()).toBe(false);
    });

    it('answers 421 to an HTTP/1.0 request without Host', async () => {
      const { Socket } = await import('node:net');
      const text = await new Promise<string>((resolve, reject) => {
        const socket = new Socket();
        let out = '';
        socket.on('data', (d: Buffer) => (out += d.toString()));
        socket.on('end', () => resolve(out));
        socket.on('error', reject);
        socket.connect(port, '127.0.0.1', () => socket.write('GET /v1/sys/seal-status HTTP/1.0\r\n\r\n'));
      });
      expect(text).toMatch(/^HTTP\/1\.[01] 421 /);
      expect(text.toLowerCase()).toContain('cache-control: no-store');
    });
  });

  describe('Origin', () => {
    it('refuses a foreign Origin with 403, including "null" and another loopback port', async () => {
      for (const origin of ['http://evil.com', 'null', `http://127.0.0.1:${port + 1}`, `https://127.0.0.1:${port}`, `http://localhost.evil.com:${port}`, 'file://']) {
        const r = await get({ headers: { origin } });
        expect({ origin, status: r.status }).toEqual({ origin, status: 403 });
        expect(r.json?.['error_code']).toBe('FOREIGN_ORIGIN');
      }
    });

    it('refuses a cross-origin write before it reaches the keyring', async () => {
      const r = await get({ method: 'PUT', path: '/v1/sys/init', headers: { origin: 'http://evil.com', 'content-type': 'application/json' }, body: JSON.stringify({ secret_shares: 1, secret_threshold: 1 }) });
      expect(r.status).toBe(403);
      expect(await initialized()).toBe(false);
    });

    it('accepts the API\'s own origin, under each of its loopback names', async () => {
      for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`]) {
        const r = await get({ headers: { origin } });
        expect({ origin, status: r.status }).toEqual({ origin, status: 200 });
      }
    });

    it('sends no CORS headers, not even to a preflight', async () => {
      for (const origin of [`http://127.0.0.1:${port}`, 'http://evil.com', null]) {
        const r = await get({ method: 'OPTIONS', path: '/v1/sys/init', headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type,x-vault-token' } });
        expect(r.status).toBeGreaterThanOrEqual(400);
      }
    });
  });

  describe('bodies', () => {
    it('reads every body as JSON whatever type a local program declares (curl -d sends a form type), as Vault does', async () => {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/html']) {
        const r = await get({ method: 'PUT', path: '/v1/sys/unseal', headers: { 'content-type': type }, body: JSON.stringify({ reset: true }) });
        expect({ type, status: r.status, json: r.json }).toMatchObject({ type, status: 200, json: { initialized: false, progress: 0 } });
        expect(r.headers['content-type']).toBe('application/json');
      }
      // A real form body is not JSON: refused as malformed, never read as form fields.
      for (const path of ['/v1/sys/init', '/v1/sys/unseal']) {
        const r = await get({ method: 'PUT', path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'secret_shares=1&secret_threshold=1' });
        expect({ path, status: r.status, message: r.json?.['message'] }).toEqual({ path, status: 400, message: 'failed to parse JSON input' });
      }
      expect(await initialized()).toBe(false);
    });

    it('refuses any request a browser marks as coming from another site (Sec-Fetch-Site), reads included', async () => {
      for (const site of ['cross-site', 'same-site', 'CROSS-SITE', 'same-origin, cross-site']) {
        for (const [method, path] of [['GET', '/v1/sys/seal-status'], ['GET', '/v1/sys/init?custom_audit=from-a-page'], ['PUT', '/v1/sys/init'], ['GET', '/ui/']] as const) {
          const r = await get({ method, path, headers: { 'sec-fetch-site': site, 'content-type': 'text/plain' }, body: method === 'PUT' ? JSON.stringify({ secret_shares: 1, secret_threshold: 1 }) : undefined });
          expect({ site, path, status: r.status }).toEqual({ site, path, status: 403 });
          expect(r.json?.['error_code']).toBe('CROSS_SITE_REQUEST');
        }
      }
      // The served UI's own requests (same-origin) and typed-in addresses (none) pass.
      for (const site of ['same-origin', 'none']) {
        const r = await get({ headers: { 'sec-fetch-site': site, origin: `http://127.0.0.1:${port}` } });
        expect({ site, status: r.status }).toEqual({ site, status: 200 });
      }
      expect(await initialized()).toBe(false);
    });

    it('accepts application/json with a charset, and a body without a type (Vault\'s Go client)', async () => {
      const body = JSON.stringify({ reset: true });
      for (const type of ['application/json; charset=utf-8', 'APPLICATION/JSON', null]) {
        const r = await get({ method: 'PUT', path: '/v1/sys/unseal', headers: { 'content-type': type }, body });
        expect({ type, status: r.status }).toEqual({ type, status: 200 });
      }
    });

    it('refuses a body over the configured limit with 413, leaving the keyring untouched', async () => {
      const big = JSON.stringify({ secret_shares: 1, secret_threshold: 1, padding: 'x'.repeat(5000) });
      const r = await get({ method: 'PUT', path: '/v1/sys/init', headers: { 'content-type': 'application/json' }, body: big });
      expect(r.status).toBe(413);
      expect(r.json?.['error_code']).toBe('BODY_TOO_LARGE');
      expect(await initialized()).toBe(false);
      const within = JSON.stringify({ key: 'zz!!', padding: 'x'.repeat(3500) });
      const ok = await get({ method: 'PUT', path: '/v1/sys/unseal', headers: { 'content-type': 'application/json' }, body: within });
      expect(ok.status).toBe(400);
    });

    it('refuses a body over the limit sent in chunks (no Content-Length) with 413', async () => {
      const r = await get({ method: 'PUT', path: '/v1/sys/init', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, body: JSON.stringify({ padding: 'y'.repeat(8000) }) });
      expect(r.status).toBe(413);
    });

    it('refuses malformed JSON with 400 "failed to parse JSON input", without echoing the body', async () => {
      for (const body of ['{', '{"key": "deadbeef"', '{key: 1}', 'nul', '{"a":1}}', '\u0000']) {
        const r = await get({ method: 'PUT', path: '/v1/sys/unseal', headers: { 'content-type': 'application/json' }, body });
        expect({ body, status: r.status }).toEqual({ body, status: 400 });
        expect(r.json?.['message']).toBe('failed to parse JSON input');
        expect(r.text).not.toContain('deadbeef');
      }
    });
  });

  describe('routing and answers', () => {
    it('puts Cache-Control: no-store on every answer: 200, 204, 400, 403, 404, 405, 503', async () => {
      const seen = new Set<number>();
      for (const [method, path, body] of [
        ['GET', '/v1/sys/seal-status'], ['GET', '/v1/sys/health'], ['PUT', '/v1/sys/unseal', '{}'], ['PUT', '/v1/sys/seal'],
        ['GET', '/v1/sys/nope'], ['GET', '/favicon.ico'], ['DELETE', '/v1/sys/init'], ['GET', '/v1/auth/token/lookup-self'], ['HEAD', '/v1/sys/health'],
      ] as const) {
        const r = await get({ method, path, headers: body ? { 'content-type': 'application/json' } : {}, body });
        seen.add(r.status);
      }
      expect([...seen].sort()).toEqual([200, 400, 403, 404, 405, 501, 503]);
    });

    it('answers every error as {errors, error_code, message, context}, typed exactly application/json: 400, 403, 404, 405, 413, 421, 503', async () => {
      const cases: [number, Parameters<typeof raw>[1]][] = [
        [400, { method: 'PUT', path: '/v1/sys/unseal', headers: { 'content-type': 'application/json' }, body: '{}' }],
        [400, { path: '/v1/sys/%E0%A4%A' }],
        [403, { method: 'PUT', path: '/v1/sys/seal' }],
        [403, { headers: { origin: 'http://evil.com' } }],
        [404, { path: '/v1/sys/nope' }],
        [405, { method: 'DELETE', path: '/v1/sys/init' }],
        [403, { headers: { 'sec-fetch-site': 'cross-site' } }],
        [413, { method: 'PUT', path: '/v1/sys/unseal', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: 'a'.repeat(5000) }) }],
        [421, { headers: { host: 'evil.com' } }],
        [503, { path: '/v1/auth/token/lookup-self' }],
      ];
      for (const [status, options] of cases) {
        const r = await get(options);
        expect({ path: options.path, status: r.status }).toEqual({ path: options.path, status });
        expectErrorShape(r);
      }
    });

    it('answers 404 with the error body for unknown paths, inside and outside /v1/', async () => {
      for (const path of ['/v1/sys/nope', '/v1/', '/v1/sys', '/v1/sys/init/extra', '/v2/sys/init', '/nothing', `/v1/${'a'.repeat(3000)}`]) {
        const r = await get({ path });
        expect({ path, status: r.status }).toEqual({ path, status: 404 });
        expect(r.json?.['error_code']).toBe('UNSUPPORTED_PATH');
      }
    });

    it('answers 405 to a method the path does not support', async () => {
      for (const [method, path] of [['DELETE', '/v1/sys/init'], ['PATCH', '/v1/sys/unseal'], ['GET', '/v1/sys/unseal'], ['HEAD', '/v1/sys/seal-status'], ['DELETE', '/v1/sys/seal']] as const) {
        const r = await get({ method, path });
        expect({ method, path, status: r.status }).toEqual({ method, path, status: 405 });
      }
      const r = await get({ method: 'DELETE', path: '/v1/sys/init' });
      expect(r.json).toMatchObject({ error_code: 'METHOD_NOT_ALLOWED', context: {} });
    });

    it('answers 405, in the API error shape, to methods no Vault path has (PROPFIND, TRACE)', async () => {
      for (const method of ['PROPFIND', 'TRACE']) {
        const r = await get({ method, path: '/v1/sys/seal-status' });
        expect({ method, status: r.status }).toEqual({ method, status: 405 });
        expect(r.json).toMatchObject({ error_code: 'METHOD_NOT_ALLOWED' });
        expect(r.headers['cache-control']).toBe('no-store');
      }
    });

    it('treats PUT and POST as the same write', async () => {
      const put = await get({ method: 'PUT', path: '/v1/sys/unseal', headers: { 'content-type': 'application/json' }, body: '{}' });
      const post = await get({ method: 'POST', path: '/v1/sys/unseal', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(post.status).toBe(put.status);
      expect(post.json).toEqual(put.json);
    });

    it('refuses dot segments and undecodable paths with a 4xx', async () => {
      for (const path of ['/v1/sys/%2e%2e/sys/init', '/v1/sys/%E0%A4%A', '/v1/sys/init%00']) {
        const r = await get({ path });
        expect(r.status).toBeGreaterThanOrEqual(400);
        expect(r.status).toBeLessThan(500);
      }
    });
  });

  it('records ?custom_audit= with the request in the audit log', async () => {
    const note = `ticket-${Date.now()} ü`;
    const r = await get({ path: `/v1/sys/init?custom_audit=${encodeURIComponent(note)}` });
    expect(r.status).toBe(200);
    const failed = await get({ method: 'PUT', path: '/v1/sys/unseal?custom_audit=bad-key', headers: { 'content-type': 'application/json' }, body: '{"key":"zz!!"}' });
    expect(failed.status).toBe(400);

    const db = new Database(server.dataPath, { readonly: true, fileMustExist: true });
    try {
      const rows = db.prepare('SELECT seq, time, entry, prev_hash, hash FROM audit_log ORDER BY seq').all() as AuditRow[];
      const entries = rows.map((row) => JSON.parse(row.entry) as Record<string, unknown>);
      expect(entries.find((e) => e['custom_audit'] === note)).toMatchObject({ type: 'request', method: 'GET', path: 'sys/init', status: 200 });
      expect(entries.find((e) => e['custom_audit'] === 'bad-key')).toMatchObject({ path: 'sys/unseal', status: 400, error_code: 'SHARE_UNDECODABLE' });
      // Refused before audit: a page cannot write into the transcript (Sec-Fetch-Site test above).
      expect(entries.filter((e) => e['custom_audit'] === 'from-a-page')).toEqual([]);
      expect(verifyChain(rows).ok).toBe(true);
    } finally {
      db.close();
    }
  });
});

describe('startup on a non-loopback address', () => {
  for (const host of ['0.0.0.0', '::', '192.168.1.10', 'localhost']) {
    it(`refuses --host ${host} with a clear message and exit code 1`, () => {
      const dir = tempDir();
      try {
        const run = spawnSync(process.execPath, [CLI, 'serve', '--data', join(dir.dir, 'k.db'), '--port', '0', '--host', host], { encoding: 'utf8', timeout: 15_000 });
        expect(run.status).toBe(1);
        expect(run.stdout).toBe('');
        expect(run.stderr).toBe('symbolon: --host must be 127.0.0.1 or ::1: Symbolon listens on loopback only\n');
      } finally {
        dir.remove();
      }
    });
  }

  it('listens on [::1] when asked, and allows the same Host names', async () => {
    const dir = tempDir();
    const server = await startServe({ dataPath: join(dir.dir, 'k.db'), args: ['--host', '::1'] });
    try {
      expect(server.url).toBe(`http://[::1]:${server.port}`);
      const r = await api(server, 'GET', 'sys/seal-status');
      expect(r.status).toBe(200);
      expect(r.headers.get('cache-control')).toBe('no-store');
    } finally {
      await server.stop();
      dir.remove();
    }
  });
});
