/**
 * Response wrapping through real HTTP against `symbolon serve` (HashiCorp Vault API docs,
 * "/sys/wrapping/*" and "Response wrapping"): X-Vault-Wrap-TTL on logical responses, wrap,
 * lookup (does not consume), unwrap (single use, header or body), rewrap (same TTL and path,
 * old token dead), TTL expiry, and what is never wrapped (raw endpoints, errors, 204s).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WrapInfoResponse } from '../../../shared/api/wrapping.js';
import { api, serveUnsealedKeyring } from '../../helpers/serve.js';
import type { ServeProcess } from '../../helpers/serve.js';

type WrapInfo = WrapInfoResponse;
interface Envelope {
  request_id: string;
  data: Record<string, unknown> | null;
  wrap_info: WrapInfo | null;
  auth: Record<string, unknown> | null;
  errors?: string[];
  [key: string]: unknown;
}

const INVALID = 'wrapping token is not valid or does not exist';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let server: ServeProcess;
let root: string;

async function wrap(data: Record<string, unknown>, ttl = '5m', token = root): Promise<WrapInfo> {
  const r = await api<Envelope>(server, 'POST', 'sys/wrapping/wrap', { token, body: data, headers: { 'X-Vault-Wrap-TTL': ttl } });
  expect(r.status, r.text).toBe(200);
  return r.body.wrap_info as WrapInfo;
}

let stop: () => Promise<void>;
beforeAll(async () => {
  ({ server, root, stop } = await serveUnsealedKeyring());
});
afterAll(() => stop());

describe('sys/wrapping/wrap and unwrap', () => {
  it('wraps the body under a single-use token with wrap_info and data null', async () => {
    const r = await api<Envelope>(server, 'POST', 'sys/wrapping/wrap', { token: root, body: { secret: 's3cr3t' }, headers: { 'X-Vault-Wrap-TTL': '300' } });
    expect(r.status).toBe(200);
    expect(r.body.data).toBeNull();
    expect(r.body.auth).toBeNull();
    const info = r.body.wrap_info as WrapInfo;
    expect(info.token).toMatch(/^hvs\.[0-9A-Za-z]{24}$/);
    expect(info.accessor).toMatch(/^[0-9a-f]{24}$/);
    expect(info.ttl).toBe(300);
    expect(info.creation_path).toBe('sys/wrapping/wrap');
    expect(Math.abs(Date.parse(info.creation_time) - Date.now())).toBeLessThan(10_000);
    expect(r.text).not.toContain('s3cr3t');

    const unwrapped = await api<Envelope>(server, 'POST', 'sys/wrapping/unwrap', { token: info.token });
    expect(unwrapped.status).toBe(200);
    expect(unwrapped.body.data).toEqual({ secret: 's3cr3t' });
    const again = await api<Envelope>(server, 'POST', 'sys/wrapping/unwrap', { token: info.token });
    expect(again.status).toBe(400);
    expect(again.body.errors).toEqual([INVALID]);
  });

  it('unwraps with the wrapping token in the body, with no other token', async () => {
    const info = await wrap({ a: 1 });
    const r = await api<Envelope>(server, 'POST', 'sys/wrapping/unwrap', { body: { token: info.token } });
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({ a: 1 });
  });

  it('requires a wrap TTL on sys/wrapping/wrap, and a token', async () => {
    const r = await api<Envelope>(server, 'POST', 'sys/wrapping/wrap', { token: root, body: { a: 1 } });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual(['endpoint requires response wrapping to be used']);
    expect((await api(server, 'POST', 'sys/wrapping/wrap', { body: { a: 1 }, headers: { 'X-Vault-Wrap-TTL': '60' } })).status).toBe(403);
  });

  it('refuses a malformed, negative or huge wrap TTL with 400 before the request runs', async () => {
    for (const ttl of ['soon', '-5', '100000h']) {
      const r = await api<Envelope>(server, 'POST', 'auth/token/create', { token: root, body: { policies: ['default'] }, headers: { 'X-Vault-Wrap-TTL': ttl } });
      expect(r.status, ttl).toBe(400);
      expect(r.body.errors?.[0]).toMatch(/X-Vault-Wrap-TTL/);
    }
  });

  it('answers 400 for unknown, empty or non-string wrapping tokens, and for API tokens', async () => {
    for (const body of [{ token: 'hvs.AAAAAAAAAAAAAAAAAAAAAAAA' }, {}, { token: 42 }, { token: root }]) {
      const r = await api<Envelope>(server, 'POST', 'sys/wrapping/unwrap', { body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.errors).toEqual([INVALID]);
    }
  });

  it('does not accept a wrapping token as an API token', async () => {
    const info = await wrap({ a: 1 });
    expect((await api(server, 'GET', 'auth/token/lookup-self', { token: info.token })).status).toBe(403);
    expect((await api(server, 'GET', 'sys/policy', { token: info.token })).status).toBe(403);
  });

  it('lets exactly one of many concurrent unwraps succeed', async () => {
    const info = await wrap({ once: true });
    const results = await Promise.all(Array.from({ length: 8 }, () => api(server, 'POST', 'sys/wrapping/unwrap', { body: { token: info.token } })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 400)).toHaveLength(7);
  });
});

describe('sys/wrapping/lookup', () => {
  it('reports creation ttl, time and path without auth and without spending the token', async () => {
    const info = await wrap({ a: 1 }, '90s');
    for (let i = 0; i < 2; i++) {
      const r = await api<Envelope>(server, 'POST', 'sys/wrapping/lookup', { body: { token: info.token } });
      expect(r.status).toBe(200);
      expect(r.body.data).toEqual({ creation_ttl: 90, creation_time: info.creation_time, creation_path: 'sys/wrapping/wrap' });
    }
    expect((await api(server, 'POST', 'sys/wrapping/unwrap', { body: { token: info.token } })).status).toBe(200);
    const gone = await api<Envelope>(server, 'POST', 'sys/wrapping/lookup', { body: { token: info.token } });
    expect(gone.status).toBe(400);
    expect(gone.body.errors).toEqual([INVALID]);
  });
});

describe('sys/wrapping/rewrap', () => {
  it('issues a new token with the original TTL and path; the old one stops working', async () => {
    const info = await wrap({ keep: 'me' }, '120');
    const r = await api<Envelope>(server, 'POST', 'sys/wrapping/rewrap', { body: { token: info.token } });
    expect(r.status).toBe(200);
    const next = r.body.wrap_info as WrapInfo;
    expect(next.token).not.toBe(info.token);
    expect(next.ttl).toBe(120);
    expect(next.creation_path).toBe('sys/wrapping/wrap');
    expect((await api(server, 'POST', 'sys/wrapping/unwrap', { body: { token: info.token } })).status).toBe(400);
    expect((await api(server, 'POST', 'sys/wrapping/rewrap', { body: { token: info.token } })).status).toBe(400);
    const unwrapped = await api<Envelope>(server, 'POST', 'sys/wrapping/unwrap', { body: { token: next.token } });
    expect(unwrapped.body.data).toEqual({ keep: 'me' });
  });
});

describe('X-Vault-Wrap-TTL on logical responses', () => {
  it('wraps a token creation: the caller sees only wrap_info, the unwrapper gets the auth block', async () => {
    const r = await api<Envelope>(server, 'POST', 'auth/token/create', { token: root, body: { policies: ['default'], ttl: '1h' }, headers: { 'X-Vault-Wrap-TTL': '2m' } });
    expect(r.status).toBe(200);
    expect(r.body.auth).toBeNull();
    const info = r.body.wrap_info as WrapInfo;
    expect(info.creation_path).toBe('auth/token/create');
    expect(info.ttl).toBe(120);
    expect(info.wrapped_accessor).toMatch(/^[0-9a-f]{24}$/);
    const unwrapped = await api<Envelope>(server, 'POST', 'sys/wrapping/unwrap', { token: info.token });
    const auth = unwrapped.body.auth as { client_token: string; accessor: string };
    expect(auth.accessor).toBe(info.wrapped_accessor);
    expect((await api(server, 'GET', 'auth/token/lookup-self', { token: auth.client_token })).status).toBe(200);
  });

  it('wraps a logical read (a KV secret) and returns the original response on unwrap', async () => {
    expect((await api(server, 'POST', 'secret/data/wrapped', { token: root, body: { data: { pin: '1234' } } })).status).toBe(200);
    const r = await api<Envelope>(server, 'GET', 'secret/data/wrapped', { token: root, headers: { 'X-Vault-Wrap-TTL': '1m' } });
    expect(r.status).toBe(200);
    expect(r.body.data).toBeNull();
    expect(r.text).not.toContain('1234');
    expect(r.body.wrap_info?.creation_path).toBe('secret/data/wrapped');
    const unwrapped = await api<Envelope>(server, 'POST', 'sys/wrapping/unwrap', { body: { token: r.body.wrap_info?.token } });
    expect((unwrapped.body.data as { data: unknown }).data).toEqual({ pin: '1234' });
  });

  it('never wraps raw endpoints, errors or empty responses', async () => {
    const status = await api<Record<string, unknown>>(server, 'GET', 'sys/seal-status', { headers: { 'X-Vault-Wrap-TTL': '1m' } });
    expect(status.status).toBe(200);
    expect(status.body['sealed']).toBe(false);
    expect(status.body['wrap_info']).toBeUndefined();
    // Raw endpoints do not read the header at all, so even a malformed one is harmless there.
    expect((await api(server, 'GET', 'sys/seal-status', { headers: { 'X-Vault-Wrap-TTL': 'soon' } })).status).toBe(200);
    const denied = await api<Envelope>(server, 'GET', 'sys/policy', { headers: { 'X-Vault-Wrap-TTL': '1m' } });
    expect(denied.status).toBe(403);
    const empty = await api(server, 'PUT', 'sys/policy/wrapped-write', { token: root, body: { policy: { path: { a: { capabilities: ['read'] } } } }, headers: { 'X-Vault-Wrap-TTL': '1m' } });
    expect(empty.status).toBe(204);
  });

  it('treats a wrap TTL of 0 as no wrapping', async () => {
    const r = await api<Envelope>(server, 'GET', 'auth/token/lookup-self', { token: root, headers: { 'X-Vault-Wrap-TTL': '0' } });
    expect(r.status).toBe(200);
    expect(r.body.wrap_info).toBeNull();
    expect(r.body.data?.['policies']).toEqual(['root']);
  });
});

describe('expiry', () => {
  it('refuses lookup, unwrap and rewrap once the wrap TTL has passed, and deletes the stored response', async () => {
    const info = await wrap({ short: 'lived' }, '1s');
    const other = await wrap({ other: 1 }, '1s');
    await sleep(1300);
    for (const path of ['sys/wrapping/lookup', 'sys/wrapping/unwrap', 'sys/wrapping/rewrap']) {
      const r = await api<Envelope>(server, 'POST', path, { body: { token: info.token } });
      expect(r.status, path).toBe(400);
      expect(r.body.errors).toEqual([INVALID]);
    }
    // The next wrap sweeps expired responses out of the keyring file.
    await wrap({ trigger: 'sweep' });
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(server.dataPath, { readonly: true, fileMustExist: true });
    try {
      const now = Date.now();
      const rows = db.prepare("SELECT path FROM records WHERE path LIKE 'sys/wrapping/expiry/%'").all() as { path: string }[];
      const expired = rows.filter((r) => Number(r.path.split('/')[3]) <= now);
      expect(expired).toEqual([]);
      // Every stored response has its index entry: nothing expired lingers unindexed.
      const stored = db.prepare("SELECT count(*) AS n FROM records WHERE path LIKE 'sys/wrapping/token/%'").get() as { n: number };
      expect(stored.n).toBe(rows.length);
    } finally {
      db.close();
    }
    expect((await api(server, 'POST', 'sys/wrapping/unwrap', { body: { token: other.token } })).status).toBe(400);
  });
});
