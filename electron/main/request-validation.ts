/**
 * A `symbolon:request` payload turned into a request for the API pipeline. Every check of the
 * payload is `parseSymbolonRequest` (shared/ipc-schema.ts), the one place they live; this file
 * only changes its form:
 * - header names lower-cased, as Node gives them to the pipeline;
 * - `LIST` becomes `GET ?list=true`, as Vault's own client sends it (Node's HTTP parser, and so
 *   the shared pipeline, does not know the LIST verb).
 * Errors are TypeError/RangeError with a message naming the field; the bridge answers them 400.
 */
import { DEFAULT_MAX_BODY_BYTES } from '../../shared/constants.js';
import { MAX_IPC_BODY_DEPTH, parseSymbolonRequest } from '../../shared/ipc-schema.js';
import type { InjectRequest } from '../api/server.js';

export const MAX_BRIDGE_DEPTH = MAX_IPC_BODY_DEPTH;

export function validateBridgeRequest(payload: unknown, maxBodyBytes: number = DEFAULT_MAX_BODY_BYTES): InjectRequest {
  const request = parseSymbolonRequest(payload, maxBodyBytes);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;

  let method: string = request.method;
  let target = request.path;
  if (method === 'LIST') {
    method = 'GET';
    target += (target.includes('?') ? '&' : '?') + 'list=true';
  }
  return request.body === undefined ? { method, path: target, headers } : { method, path: target, headers, body: request.body };
}
