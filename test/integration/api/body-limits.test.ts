/**
 * Body limits by who may send what (issue 12, API.md "Conventions"): 64 KiB on every endpoint
 * that needs no token, whether or not a token is sent, and on any request without a token;
 * the large limit (32 MiB by default) only for token-authenticated writes to token-guarded paths.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNAUTHENTICATED_BODY_BYTES } from '../../../electron/api/body-limit.js';
import { api, initAndUnseal, startServe, tempDir } from '../../helpers/serve.js';
import type { ServeProcess } from '../../helpers/serve.js';
import { rawRequest } from '../../reliability/harness/raw-http.js';

/** Valid JSON just over the small limit. */
const OVER = JSON.stringify({ key: 'x', padding: 'p'.repeat(UNAUTHENTICATED_BODY_BYTES) });
const UNDER = JSON.stringify({ key: 'zz!!', padding: 'p'.repeat(UNAUTHENTICATED_BODY_BYTES - 100) });

const NO_TOKEN_ENDPOINTS: readonly [string, string][] = [
  ['PUT', 'sys/unseal'],
  ['PUT', 'sys/init'],
  ['PUT', 'sys/rekey/init'],
  ['PUT', 'sys/rekey/update'],
  ['PUT', 'sys/rekey/verify'],
  ['PUT', 'sys/generate-root/attempt'],
  ['PUT', 'sys/generate-root/update'],
  ['PUT', 'sys/shares/check'],
  ['PUT', 'sys/wrapping/lookup'],
  ['PUT', 'sys/wrapping/unwrap'],
];

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

  it('refuses a body over 64 KiB on every endpoint that needs no token, with or without a token', async () => {
    for (const [method, path] of NO_TOKEN_ENDPOINTS) {
      for (const withToken of [false, true]) {
        const r = await api(server, method, path, { rawBody: OVER, headers: { 'Content-Type': 'application/json' }, ...(withToken ? { token } : {}) });
        expect({ path, withToken, status: r.status, code: r.body['error_code'] }).toEqual({ path, withToken, status: 413, code: 'BODY_TOO_LARGE' });
      }
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
