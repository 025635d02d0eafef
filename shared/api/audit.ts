/** Symbolon's sys/audit/log and sys/audit/verify (API.md, "sys/audit"). */

/**
 * One stored entry: the entry's own fields (which depend on its `type`: a request, a ceremony
 * step, a rotation…), then the chain fields, and the entry text exactly as hashed.
 */
export interface AuditEntryResponse {
  [field: string]: unknown;
  seq: number;
  time: string;
  prev_hash: string;
  hash: string;
  entry: string;
}

/** The `auth` of a request entry: the token and accessor as HMACs, never themselves. */
export type AuditRequestAuth = {
  client_token: string | null;
  accessor: string | null;
  display_name: string | null;
  policies: string[] | null;
};

/**
 * What a response became in its entry: a logical answer's data, auth, wrap_info and warnings; an
 * error's code, message and context; or any other body, values redacted.
 */
export type AuditResponseView = {
  status: number;
  data?: unknown;
  auth?: unknown;
  wrap_info?: unknown;
  warnings?: string[] | null;
  error_code?: unknown;
  message?: string;
  context?: unknown;
  body?: unknown;
};

/**
 * The entry of one API request (`type: "request"`), as electron/api/audit-entry.ts builds it and
 * the transcript screen reads it. Secret values are `hmac-sha256:<hex>` (omitted while sealed);
 * response fields a route declares not secret (its `auditPlain`) are as they were. Type aliases,
 * not interfaces, so an entry is a plain JSON record where the core stores it.
 */
export type AuditRequestEntry = {
  type: 'request';
  request_id: string | null;
  method: string;
  path: string;
  operation: string | null;
  status: number;
  error_code: string | null;
  custom_audit: string | null;
  duration_ms: number;
  auth: AuditRequestAuth | null;
  request: { query: Record<string, unknown> | null; data: unknown; wrap_ttl: string | null };
  response: AuditResponseView;
};

/** `GET sys/audit/log?from=&limit=` (logical envelope): one page of entries. */
export interface AuditLogData {
  entries: AuditEntryResponse[];
  total: number;
  /** Where the next page starts, or null on the last page. */
  next_from: number | null;
}

/** `GET sys/audit/verify` (logical envelope): every link and hash checked. */
export interface AuditVerifyData {
  ok: boolean;
  /** The same as `ok`, under the name scripts read. */
  valid: boolean;
  entries: number;
  first_broken: number | null;
  reason: string | null;
  head: { seq: number; hash: string } | null;
}
