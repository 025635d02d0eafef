/**
 * Appends every API request and its outcome to the core's hash-chained audit log, as one entry
 * built by audit-entry.ts (secret values HMAC'd, or omitted while sealed). Status polling
 * (sys/health, sys/seal-status, sys/leader) is not recorded, as in Vault, where those endpoints bypass the
 * audit devices.
 */
import type { Core } from '../core/core.js';
import { OMITTED } from '../core/core.js';
import { buildAuditEntry } from './audit-entry.js';
import type { RequestRecord } from './audit-entry.js';
import { tokenFrom } from './auth.js';

export type { RequestRecord } from './audit-entry.js';

const UNAUDITED = new Set(['sys/health', 'sys/seal-status', 'sys/leader']);

/** Resolves once the entry is committed; the caller answers only then. */
export async function recordRequest(core: Core, record: RequestRecord & { readonly headers?: Readonly<Record<string, string | undefined>> }): Promise<void> {
  const path = record.request?.path ?? record.path;
  if (UNAUDITED.has(path)) return;
  const hash = (input: string) => core.auditHmac.hash(input);
  const hashToken = (input: string) => core.auditHmac.hashToken(input);
  const entry = buildAuditEntry(record, hash, hashToken);
  // A request refused before routing or authentication still names the token it tried (HMAC'd).
  if (!record.request && record.headers) {
    const token = tokenFrom(record.headers);
    // Not remembered (hash, not hashToken): an unresolved token is a stranger's to choose.
    if (token) entry.auth = { client_token: hash(token) ?? OMITTED, accessor: null, display_name: null, policies: null };
  }
  await core.audit.appendRequest(entry);
}
