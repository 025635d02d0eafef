/**
 * Requests as HashiCorp Vault's Go client (`github.com/hashicorp/vault/api`) puts them on the
 * wire, for replaying the Vault CLI where its binary cannot be installed:
 * - api/request.go `SetJSONBody`: a json.Encoder, so compact JSON plus "\n"; struct fields in
 *   declaration order under their tags (or the Go field name when untagged, e.g. `Backup`), maps
 *   with sorted keys; no Content-Type header at all.
 * - api/client.go `NewClient`: `X-Vault-Request: true` (its SSRF protection header) on every
 *   request; `ToHTTP`: `X-Vault-Token` when the client has a token, `X-Vault-Wrap-TTL` when
 *   wrapping; api/logical.go `ListWithContext`: `LIST` is sent as `GET ?list=true`.
 * - Go's net/http transport: `User-Agent: Go-http-client/1.1`, `Accept-Encoding: gzip`.
 * And the checks the CLI's decoding makes: `DecodeJSON` into a struct needs each field it reads
 * to have the Go type (a string where a string is read, …); `ParseSecret` needs the logical
 * envelope with `data`.
 */
import { request } from 'node:http';
import { expect } from 'vitest';

export interface GoAnswer {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: Record<string, unknown>;
}

export interface GoRequest {
  readonly query?: Readonly<Record<string, string>>;
  readonly token?: string;
  /** Already in the Go client's field order and spelling. */
  readonly body?: unknown;
  readonly wrapTtl?: string;
}

/** Go's json.Encoder output: compact, trailing newline, `<>&` escaped as Go does. */
export function goJson(value: unknown): string {
  return `${JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')}\n`;
}

/** A Go map[string]interface{} encoded: keys sorted. */
export function goMap(value: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function goRequest(port: number, method: string, path: string, options: GoRequest = {}): Promise<GoAnswer> {
  const { query, token, body, wrapTtl } = options;
  let verb = method;
  const params = new URLSearchParams(query ?? {});
  if (verb === 'LIST') {
    verb = 'GET';
    params.set('list', 'true');
  }
  const search = params.toString();
  const payload = body === undefined ? null : Buffer.from(goJson(body), 'utf8');
  const headers: Record<string, string> = { 'User-Agent': 'Go-http-client/1.1' };
  if (payload) headers['Content-Length'] = String(payload.length);
  headers['X-Vault-Request'] = 'true';
  if (token) headers['X-Vault-Token'] = token;
  if (wrapTtl) headers['X-Vault-Wrap-TTL'] = wrapTtl;
  headers['Accept-Encoding'] = 'gzip';
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: verb, path: `/v1/${path}${search ? `?${search}` : ''}`, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }));
    });
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

export type GoType = 'string' | 'bool' | 'int' | 'string[]' | 'map' | 'time' | 'string[]|null' | 'map[string][]string';

/** What Go's DecodeJSON would accept for each field the CLI reads (absent = zero value, allowed unless `required`). */
export function expectGoFields(body: Record<string, unknown>, fields: Readonly<Record<string, GoType>>, what: string): void {
  for (const [name, type] of Object.entries(fields)) {
    const value = body[name];
    const label = `${what}: ${name} (${type}) = ${JSON.stringify(value)?.slice(0, 80)}`;
    expect(value, label).not.toBeUndefined();
    switch (type) {
      case 'string':
        expect(typeof value, label).toBe('string');
        break;
      case 'bool':
        expect(typeof value, label).toBe('boolean');
        break;
      case 'int':
        expect(Number.isInteger(value), label).toBe(true);
        break;
      case 'time':
        expect(typeof value === 'string' && !Number.isNaN(Date.parse(value)), label).toBe(true);
        break;
      case 'string[]':
        expect(Array.isArray(value) && value.every((v) => typeof v === 'string'), label).toBe(true);
        break;
      case 'string[]|null':
        expect(value === null || (Array.isArray(value) && value.every((v) => typeof v === 'string')), label).toBe(true);
        break;
      case 'map':
        expect(typeof value === 'object' && value !== null && !Array.isArray(value), label).toBe(true);
        break;
      case 'map[string][]string':
        expect(typeof value === 'object' && value !== null && Object.values(value).every((v) => Array.isArray(v) && v.every((s) => typeof s === 'string')), label).toBe(true);
        break;
    }
  }
}

/** `ParseSecret` then reading `secret.Data`: the logical envelope with a data object. */
export function secretData(answer: GoAnswer, what: string): Record<string, unknown> {
  expect(answer.status, `${what}: ${JSON.stringify(answer.body).slice(0, 300)}`).toBe(200);
  expectGoFields(answer.body, { request_id: 'string', lease_id: 'string', renewable: 'bool', lease_duration: 'int', data: 'map' }, what);
  return answer.body['data'] as Record<string, unknown>;
}

/** An error the CLI prints: status and Vault's `errors` (api/response.go `Error`). */
export function expectGoError(answer: GoAnswer, status: number, what: string): string {
  expect(answer.status, what).toBe(status);
  expect(answer.contentType, what).toBe('application/json');
  expectGoFields(answer.body, { errors: 'string[]' }, what);
  return (answer.body['errors'] as string[])[0] ?? '';
}
