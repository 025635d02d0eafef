/**
 * Builds the audit entry of one API request and its response, in the spirit of Vault's audit
 * format (`auth`, `request`, `response`), with every secret value replaced by its HMAC
 * (core/audit/audit-redact.ts): body values, the client token, token accessors, wrapping tokens.
 * Paths, operations, status, error codes and messages, policy names and query switches stay
 * readable, because that is what a witness checks. While the keyring is sealed there is no HMAC
 * key and values are omitted entirely, so a share or root token never reaches an entry.
 */
import type { Hasher, PlainKeys } from '../core/core.js';
import { OMITTED, redactValues } from '../core/core.js';
import type { AuditRequestAuth, AuditRequestEntry, AuditResponseView } from '../../shared/api/audit.js';
import type { ApiReply } from './reply.js';
import type { ApiRequest } from './route.js';

export interface RequestRecord {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly request: ApiRequest | null;
  readonly reply: ApiReply;
  readonly durationMs: number;
  /** Response `data` fields the route declares not secret (route.ts `auditPlain`), kept in the clear. */
  readonly auditPlain?: PlainKeys | null;
}

/** Query parameters that are switches, not data (everything else is HMAC'd). */
const PLAIN_QUERY = new Set(['list', 'version', 'from', 'limit', 'help', 'standbyok', 'perfstandbyok', 'activecode', 'standbycode', 'sealedcode', 'uninitcode']);
const MAX_TEXT = 1024;
/** Vault-style token strings (`hvs.`, `hvb.`, `hvr.` + base62): scrubbed from free text too. */
const TOKEN_PATTERN = /\bhv[sbr]\.[A-Za-z0-9_-]{16,}/g;

/** Free text (path, custom_audit, messages): any token-looking string replaced by its HMAC. */
function scrub(text: string, hash: Hasher, max = MAX_TEXT): string {
  return text.slice(0, max).replace(TOKEN_PATTERN, (token) => hash(token) ?? OMITTED);
}

const hashOrOmit = (value: unknown, hash: Hasher): string | null =>
  typeof value === 'string' && value !== '' ? (hash(value) ?? OMITTED) : null;

function authView(record: RequestRecord, hash: Hasher, hashToken: Hasher): AuditRequestAuth | null {
  const token = record.request?.token ?? null;
  const entry = record.request?.tokenEntry ?? null;
  if (!token && !entry) return null;
  return {
    // Only a token that resolved is remembered: a stranger's made-up tokens must not fill the memo.
    client_token: hashOrOmit(token, entry ? hashToken : hash),
    accessor: hashOrOmit(entry?.accessor, hashToken),
    display_name: entry?.displayName ?? null,
    policies: entry ? [...entry.policies] : null,
  };
}

function queryView(query: Readonly<Record<string, string>>, hash: Hasher): Record<string, unknown> | null {
  const fields = Object.entries(query)
    .filter(([key]) => key !== 'custom_audit')
    .map(([key, value]) => [key.slice(0, 64), PLAIN_QUERY.has(key) ? value.slice(0, 64) : (hash(value) ?? OMITTED)] as const);
  // fromEntries defines own properties, so a `?__proto__=` parameter stays a parameter.
  return fields.length > 0 ? Object.fromEntries(fields) : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `auth` of a response (token create, login): token and accessor HMAC'd, metadata redacted. */
function responseAuth(auth: unknown, hash: Hasher): unknown {
  if (!isObject(auth)) return redactValues(auth, hash);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(auth)) {
    if (key === 'client_token' || key === 'accessor') out[key] = hashOrOmit(value, hash);
    else if (key === 'metadata' || key === 'meta') out[key] = redactValues(value, hash);
    else out[key] = typeof value === 'string' ? value.slice(0, 256) : redactValues(value, hash);
  }
  return out;
}

/** `wrap_info`: the wrapping token and its accessor HMAC'd; ttl, times and path kept. */
function wrapInfo(info: unknown, hash: Hasher): unknown {
  if (!isObject(info)) return info === null ? null : redactValues(info, hash);
  return {
    token: hashOrOmit(info['token'], hash),
    accessor: hashOrOmit(info['accessor'], hash),
    ttl: typeof info['ttl'] === 'number' ? info['ttl'] : null,
    creation_time: typeof info['creation_time'] === 'string' ? info['creation_time'].slice(0, 64) : null,
    creation_path: typeof info['creation_path'] === 'string' ? scrub(info['creation_path'], hash) : null,
  };
}

function responseView(reply: ApiReply, hash: Hasher, plain: PlainKeys | undefined): AuditResponseView {
  const body = reply.body;
  if (body === undefined) return { status: reply.status };
  if (isObject(body) && 'request_id' in body && 'data' in body) {
    // The logical envelope: keys copied to the top level repeat `data` and are not recorded twice.
    return {
      status: reply.status,
      data: redactValues(body['data'] ?? null, hash, plain),
      auth: body['auth'] === null || body['auth'] === undefined ? null : responseAuth(body['auth'], hash),
      wrap_info: wrapInfo(body['wrap_info'] ?? null, hash),
      warnings: Array.isArray(body['warnings']) ? body['warnings'].map((w) => scrub(String(w), hash)) : null,
    };
  }
  if (isObject(body) && Array.isArray(body['errors']) && typeof body['error_code'] === 'string') {
    // Error bodies carry messages and non-secret context only (API.md, "Errors").
    return {
      status: reply.status,
      error_code: body['error_code'],
      message: scrub(String(body['message'] ?? ''), hash),
      context: redactContext(body['context'], hash),
    };
  }
  return { status: reply.status, body: redactValues(body, hash) };
}

/** Error context is non-secret by contract (share index, custodian, path); strings are still scrubbed of tokens. */
function redactContext(context: unknown, hash: Hasher): unknown {
  if (!isObject(context)) return null;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(context)) {
    if (typeof value === 'string') out[key] = scrub(value, hash, 256);
    else if (typeof value === 'number' || typeof value === 'boolean' || value === null) out[key] = value;
    else if (Array.isArray(value)) out[key] = value.slice(0, 64).map((v) => (typeof v === 'string' ? scrub(v, hash, 256) : typeof v === 'number' ? v : null));
    else out[key] = null;
  }
  return out;
}

/**
 * The entry appended for one request. `hashToken` HMACs the client token and accessor; it gives
 * the same result as `hash` and may remember it (AuditHmac.hashToken).
 */
export function buildAuditEntry(record: RequestRecord, hash: Hasher, hashToken: Hasher = hash): AuditRequestEntry {
  const req = record.request;
  const path = req?.path ?? record.path;
  const body = req?.body;
  const errorCode = isObject(record.reply.body) && typeof record.reply.body['error_code'] === 'string' ? record.reply.body['error_code'] : null;
  const wrapTtl = req?.headers['x-vault-wrap-ttl'];
  return {
    type: 'request',
    request_id: req?.requestId ?? null,
    method: record.method,
    path: scrub(path, hash, 512),
    operation: req?.operation ?? null,
    status: record.reply.status,
    error_code: errorCode,
    custom_audit: record.query['custom_audit'] === undefined ? null : scrub(record.query['custom_audit'], hash),
    duration_ms: record.durationMs,
    auth: authView(record, hash, hashToken),
    request: {
      query: queryView(record.query, hash),
      data: body && Object.keys(body).length > 0 ? redactValues(body, hash) : null,
      wrap_ttl: typeof wrapTtl === 'string' ? wrapTtl.slice(0, 32) : null,
    },
    response: responseView(record.reply, hash, record.auditPlain ?? undefined),
  };
}
