/**
 * Response wrapping on the way out (Vault's X-Vault-Wrap-TTL): a request carrying the header has
 * its logical response stored under a single-use wrapping token, and the caller receives only
 * `wrap_info`. The header is read before the handler runs, so a malformed one changes nothing.
 * Raw endpoints (sys/init, sys/seal-status, …), 204s and errors are never wrapped, as in Vault.
 */
import type { Core } from '../core/core.js';
import { ttlSeconds } from '../core/core.js';
import type { ApiReply, LogicalBody } from './reply.js';
import { wrapInfoResponse } from './wrap-info.js';

export const WRAP_TTL_HEADER = 'x-vault-wrap-ttl';

/** Seconds asked for by the header; null when absent or zero (Vault: no wrapping). 400 when malformed. */
export function requestedWrapTtl(headers: Readonly<Record<string, string | undefined>>): number | null {
  const value = headers[WRAP_TTL_HEADER];
  if (value === undefined || value.trim() === '') return null;
  const seconds = ttlSeconds(value.trim(), 'X-Vault-Wrap-TTL');
  return seconds > 0 ? seconds : null;
}

function isLogicalBody(body: unknown): body is LogicalBody {
  return typeof body === 'object' && body !== null && 'wrap_info' in body && 'request_id' in body && 'data' in body;
}

/** The reply to send: wrapped when it is a successful logical response, unchanged otherwise. */
export function wrapReply(core: Core, reply: ApiReply, ttl: number, creationPath: string): ApiReply {
  if (reply.status !== 200 || !isLogicalBody(reply.body)) return reply;
  const original = reply.body;
  const accessor = typeof original.auth?.['accessor'] === 'string' ? original.auth['accessor'] : null;
  const wrapInfo = wrapInfoResponse(core.wrapping.wrap(original, ttl, creationPath, accessor));
  const body: LogicalBody = {
    request_id: original.request_id,
    lease_id: '',
    renewable: false,
    lease_duration: 0,
    data: null,
    wrap_info: wrapInfo,
    warnings: null,
    auth: null,
  };
  return { status: 200, body, ...(reply.headers ? { headers: reply.headers } : {}) };
}
