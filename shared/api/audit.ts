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
