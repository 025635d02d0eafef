/**
 * Body limits by who may send what (issue 12, API.md "Conventions"): 64 KiB on every endpoint
 * that needs no token, whether or not a token is sent, and on any request without a token;
 * 2 MiB on the three that start a ceremony (their bodies carry custodians' PGP keys); the large
 * limit (32 MiB by default) only for token-authenticated writes to token-guarded paths.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CEREMONY_START_BODY_BYTES, UNAUTHENTICATED_BODY_BYTES } from '../../../electron/api/body-limit.js';
import { api, initAndUnseal, startServe, tempDir } from '../../helpers/serve.js';
import type { ServeProcess } from '../../helpers/serve.js';
import { rawRequest } from '../../reliability/harness/raw-http.js';

/** Valid JSON just over the small limit. */
const OVER = JSON.stringify({ key: 'x', padding: 'p'.repeat(UNAUTHENTICATED_BODY_BYTES) });
const UNDER = JSON.stringify({ key: 'zz!!', padding: 'p'.repeat(UNAUTHENTICATED_BODY_BYTES - 100) });

const SHARE_ENDPOINTS: readonly string[] = [
  'sys/unseal',
  'sys/rekey/update',
  'sys/rekey/verify',
  'sys/generate-root/update',
  'sys/shares/check',
  'sys/wrapping/lookup',
  'sys/wrapping/unwrap',
];
const CEREMONY_START_ENDPOINTS: readonly string[] = ['sys/init', 'sys/rekey/init', 'sys/generate-root/attempt'];
const OVER_START = JSON.stringify({ padding: 'p'.repeat(CEREMONY_START_BODY_BYTES) });

describe('body limits', () => {
  const dir = tempDir();
  let server: ServeProcess;
  let token: string;

  beforeAll(async () => {
    server = await startServe({ dataPath: join(dir.dir, 'k.db') });
    token = (await initAndUnseal(server, 1, 1)).root_token;
  });

  afterAll(async () => {
    await server.stop();
    dir.remove();
  });

  /**
   * A request that declares `length` body bytes and sends none: the refusal must come from the
   * declared length alone, before any body byte is read. (Sending a large body to a server that
   * has already answered and closed races its reset against the client's write: EPIPE on a loaded
   * machine, a 413 on an idle one.)
   */
  const declaredOnly = (path: string, length: number, withToken: string | null) => rawRequest(server.port, {
    method: 'PUT',
    target: `/v1/${path}`,
    headers: [['Content-Type', 'application/json'], ['Content-Length', String(length)], ...(withToken ? [['X-Vault-Token', withToken] as const] : [])],
    body: '',
    contentLength: false,
  });

  it('refuses a body over 64 KiB on every share endpoint, with or without a token', async () => {
    for (const path of SHARE_ENDPOINTS) {
      for (const withToken of [false, true]) {
        const r = await declaredOnly(path, Buffer.byteLength(OVER), withToken ? token : null);
        expect({ path, withToken, status: r.status, code: r.json?.['error_code'] }).toEqual({ path, withToken, status: 413, code: 'BODY_TOO_LARGE' });
      }
    }
  });

  it('lets the endpoints that start a ceremony take PGP keys past 64 KiB, and refuses them past 2 MiB', async () => {
    for (const path of CEREMONY_START_ENDPOINTS) {
      const within = await api(server, 'PUT', path, { rawBody: OVER, headers: { 'Content-Type': 'application/json' } });
      expect({ path, status: within.status }).not.toEqual({ path, status: 413 });
      const over = await declaredOnly(path, Buffer.byteLength(OVER_START), token);
      expect({ path, status: over.status, code: over.json?.['error_code'] }).toEqual({ path, status: 413, code: 'BODY_TOO_LARGE' });
    }
  });

  it('refuses a chunked body (no Content-Length) where it crosses 64 KiB', async () => {
    const r = await rawRequest(server.port, {
      method: 'PUT',
      target: '/v1/sys/unseal',
      headers: [['Content-Type', 'application/json'], ['Transfer-Encoding', 'chunked']],
      body: `${OVER.length.toString(16)}\r\n${OVER}\r\n0\r\n\r\n`,
      contentLength: false,
    });
    expect(r.status).toBe(413);
  });

  it('reads a body just under 64 KiB on a share endpoint (judged, not refused for size)', async () => {
    const r = await api(server, 'PUT', 'sys/shares/check', { rawBody: UNDER, headers: { 'Content-Type': 'application/json' } });
    expect(r.status).toBe(400);
    expect(r.body['error_code']).not.toBe('BODY_TOO_LARGE');
  });

  it('refuses a large write without a token as too large, before reading it', async () => {
    const r = await api(server, 'POST', 'secret/data/big', { rawBody: JSON.stringify({ data: { v: 'b'.repeat(200_000) } }), headers: { 'Content-Type': 'application/json' } });
    expect(r.status).toBe(413);
  });

  it('accepts a multi-megabyte write with a token on a token-guarded path', async () => {
    const value = 'b'.repeat(3 * 1024 * 1024);
    const w = await api(server, 'POST', 'secret/data/big', { token, body: { data: { v: value } } });
    expect(w.status).toBe(200);
    const r = await api<{ data: { data: { v: string } } }>(server, 'GET', 'secret/data/big', { token });
    expect(r.body.data.data.v.length).toBe(value.length);
  });
});
