/**
 * Validation of the one IPC payload, `symbolon:request`, before it reaches the API pipeline.
 *
 * `parseSymbolonRequest` (shared/ipc-schema.ts) checks the shape; this file adds the main
 * process's stricter rules, because an IPC message skips the checks an HTTP listener gets for
 * free (Host, Origin, Content-Type, body limit):
 * - method from the schema's allow-list; `LIST` becomes `GET ?list=true`, as Vault's own client
 *   sends it (Node's HTTP parser, and so the shared pipeline, does not know the LIST verb);
 * - path at most 2048 characters with no `..`, no percent-encoded dot and no fragment anywhere,
 *   so URL normalisation can never walk it out of `/v1/`;
 * - only the headers the API reads from the UI: `X-Vault-Token` and `X-Vault-Wrap-TTL`;
 * - a body of plain JSON values (no functions, dates, maps, typed arrays, cycles), at most
 *   MAX_BRIDGE_DEPTH deep and DEFAULT_MAX_BODY_BYTES long once serialised: the HTTP limit.
 * Errors are TypeError/RangeError with a message naming the field; the bridge answers them 400.
 */
import { DEFAULT_MAX_BODY_BYTES } from '../../shared/constants.js';
import { parseSymbolonRequest } from '../../shared/ipc-schema.js';
import type { InjectRequest } from '../api/server.js';

export const BRIDGE_HEADERS: ReadonlySet<string> = new Set(['x-vault-token', 'x-vault-wrap-ttl']);
export const MAX_BRIDGE_DEPTH = 64;

export function validateBridgeRequest(payload: unknown, maxBodyBytes: number = DEFAULT_MAX_BODY_BYTES): InjectRequest {
  const request = parseSymbolonRequest(payload);
  const path = request.path;
  if (path.includes('..') || /%2e/i.test(path) || path.includes('#')) {
    throw new TypeError('request.path must not contain "..", an encoded dot or a fragment');
  }

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    const lower = name.toLowerCase();
    if (!BRIDGE_HEADERS.has(lower)) throw new TypeError(`request.headers: "${name}" is not allowed (only X-Vault-Token, X-Vault-Wrap-TTL)`);
    if (value.length > 4096) throw new RangeError(`request.headers.${name} is longer than 4096 characters`);
    headers[lower] = value;
  }

  let method: string = request.method;
  let target = path;
  if (method === 'LIST') {
    method = 'GET';
    target = path + (path.includes('?') ? '&' : '?') + 'list=true';
  }

  const result: { method: string; path: string; headers: Record<string, string>; body?: unknown } = { method, path: target, headers };
  if (request.body !== undefined) {
    checkJsonValue(request.body, 0);
    const bytes = Buffer.byteLength(JSON.stringify(request.body), 'utf8');
    if (bytes > maxBodyBytes) throw new RangeError(`request.body is ${bytes} bytes; the limit is ${maxBodyBytes}`);
    result.body = request.body;
  }
  return result;
}

/** Throws unless `value` is made only of JSON's own types (what the HTTP transport could send). */
function checkJsonValue(value: unknown, depth: number): void {
  if (depth > MAX_BRIDGE_DEPTH) throw new RangeError(`request.body is nested deeper than ${MAX_BRIDGE_DEPTH} levels`);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('request.body holds a number JSON cannot represent');
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) checkJsonValue(item, depth + 1);
    return;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const item of Object.values(value)) checkJsonValue(item, depth + 1);
    return;
  }
  throw new TypeError('request.body must hold only JSON values (objects, arrays, strings, numbers, booleans, null)');
}
