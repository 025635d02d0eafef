/**
 * Appends every API request and its outcome to the core's hash-chained audit log. Entries name
 * the path, operation, status and the token's accessor; never a token, share or secret value.
 * Status polling (sys/health, sys/seal-status) is not recorded, as in Vault, where those
 * endpoints bypass the audit devices.
 */
import type { Core } from '../core/core.js';
import type { ApiReply } from './reply.js';
import type { ApiRequest } from './route.js';

const UNAUDITED = new Set(['sys/health', 'sys/seal-status']);

export interface RequestRecord {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly request: ApiRequest | null;
  readonly reply: ApiReply;
  readonly durationMs: number;
}

export function recordRequest(core: Core, record: RequestRecord): void {
  const path = record.request?.path ?? record.path;
  if (UNAUDITED.has(path)) return;
  const body = record.reply.body as { error_code?: unknown } | undefined;
  core.audit.append({
    type: 'request',
    request_id: record.request?.requestId ?? null,
    method: record.method,
    path: path.slice(0, 512),
    operation: record.request?.operation ?? null,
    status: record.reply.status,
    error_code: typeof body?.error_code === 'string' ? body.error_code : null,
    accessor: record.request?.tokenEntry?.accessor ?? null,
    custom_audit: record.query['custom_audit']?.slice(0, 1024) ?? null,
    duration_ms: record.durationMs,
  });
}
