/**
 * Transport selection (renderer/lib/api.ts): the Electron bridge when the preload provided one,
 * same-origin fetch to /v1/ otherwise; Vault-shaped errors unpacked for the screens.
 */
import { describe, expect, it } from 'vitest';
import { ApiError, createApi, selectTransport } from '../../../renderer/lib/api.js';
import type { FetchLike } from '../../../renderer/lib/api.js';
import type { SymbolonRequest } from '../../../shared/ipc-schema.js';

function recordingFetch(status: number, text: string) {
  const calls: { url: string; init: Parameters<FetchLike>[1] }[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init });
    return { status, text: async () => text };
  };
  return { calls, fetch };
}

describe('selectTransport', () => {
  it('uses window.symbolon.request when the Electron preload exposed it, even if fetch exists', async () => {
    const seen: SymbolonRequest[] = [];
    const http = recordingFetch(200, '{}');
    const t = selectTransport({ symbolon: { request: async (req: SymbolonRequest) => { seen.push(req); return { status: 200, body: { sealed: true } }; } }, fetch: http.fetch });
    expect(t.kind).toBe('ipc');
    const res = await t.send({ method: 'GET', path: 'sys/seal-status' });
    expect(res).toEqual({ status: 200, body: { sealed: true } });
    expect(seen).toEqual([{ method: 'GET', path: 'sys/seal-status' }]);
    expect(http.calls).toHaveLength(0);
  });

  it('falls back to same-origin fetch under /v1/ when there is no bridge', async () => {
    const http = recordingFetch(200, '{"initialized":false}');
    const t = selectTransport({ fetch: http.fetch });
    expect(t.kind).toBe('http');
    const res = await t.send({ method: 'PUT', path: 'sys/unseal', headers: { 'X-Vault-Token': 'hvs.x' }, body: { key: 'abc' } });
    expect(res).toEqual({ status: 200, body: { initialized: false } });
    expect(http.calls).toHaveLength(1);
    const call = http.calls[0];
    expect(call?.url).toBe('/v1/sys/unseal');
    expect(call?.init.method).toBe('PUT');
    expect(call?.init.body).toBe('{"key":"abc"}');
    expect(call?.init.headers).toMatchObject({ 'Content-Type': 'application/json', 'X-Vault-Token': 'hvs.x' });
    // No cookies, no caching of answers that may hold shares, no following redirects off-origin.
    expect(call?.init).toMatchObject({ credentials: 'omit', cache: 'no-store', redirect: 'error' });
  });

  it('ignores a window.symbolon without a request function', () => {
    const http = recordingFetch(200, '{}');
    expect(selectTransport({ symbolon: { request: 'nope' }, fetch: http.fetch }).kind).toBe('http');
  });

  it('sends no body and no content type on a GET, and reads a 204 as null', async () => {
    const http = recordingFetch(204, '');
    const res = await selectTransport({ fetch: http.fetch }).send({ method: 'GET', path: 'sys/health' });
    expect(res).toEqual({ status: 204, body: null });
    expect(http.calls[0]?.init.body).toBeUndefined();
    expect(http.calls[0]?.init.headers['Content-Type']).toBeUndefined();
  });

  it('throws a clear TypeError when neither transport exists', () => {
    expect(() => selectTransport({})).toThrow(/neither window\.symbolon nor fetch/);
  });
});

describe('createApi', () => {
  it('sends the session token in X-Vault-Token, read at call time', async () => {
    const http = recordingFetch(200, '{}');
    let token: string | null = null;
    const api = createApi(selectTransport({ fetch: http.fetch }), () => token);
    await api.request('GET', 'sys/seal-status');
    token = 'hvs.secret';
    await api.request('GET', 'sys/key-status');
    expect(http.calls[0]?.init.headers['X-Vault-Token']).toBeUndefined();
    expect(http.calls[1]?.init.headers['X-Vault-Token']).toBe('hvs.secret');
  });

  it('turns a Vault-shaped error into ApiError with message, code and context', async () => {
    const body = JSON.stringify({ errors: ['share 3 (Dana) has a typo in group 7'], error_code: 'SHARE_TYPO', message: 'share 3 (Dana) has a typo in group 7', context: { share_index: 3, custodian: 'Dana' } });
    const api = createApi(selectTransport({ fetch: recordingFetch(400, body).fetch }), () => null);
    const err = await api.request('PUT', 'sys/unseal', { key: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    expect(e.status).toBe(400);
    expect(e.message).toBe('share 3 (Dana) has a typo in group 7');
    expect(e.code).toBe('SHARE_TYPO');
    expect(e.context).toEqual({ share_index: 3, custodian: 'Dana' });
  });

  it('falls back to errors[0] for plain Vault errors and to the status for non-JSON bodies', async () => {
    const vault = createApi(selectTransport({ fetch: recordingFetch(503, '{"errors":["Vault is sealed"]}').fetch }), () => null);
    await expect(vault.request('GET', 'sys/key-status')).rejects.toMatchObject({ status: 503, message: 'Vault is sealed' });
    const html = createApi(selectTransport({ fetch: recordingFetch(502, '').fetch }), () => null);
    await expect(html.request('GET', 'sys/key-status')).rejects.toMatchObject({ status: 502, message: 'Request failed with status 502' });
  });

  it('reports a transport failure as status 0 without leaking the request body', async () => {
    const api = createApi({ kind: 'http', send: async () => { throw new Error('connection refused'); } }, () => null);
    const err = (await api.request('PUT', 'sys/unseal', { key: 'SECRET-SHARE' }).catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(0);
    expect(err.message).toContain('connection refused');
    expect(err.message).not.toContain('SECRET-SHARE');
  });
});
