/**
 * Replies in Vault's shapes: raw JSON for the seal endpoints, the logical envelope for the rest,
 * 204 for writes with nothing to return, and Vault-compatible error bodies with a stable code.
 */
import { randomUUID } from 'node:crypto';
import type { ErrorContext } from '../core/errors.js';
import type { ErrorResponse } from '../../shared/api/errors.js';
import type { WrapInfoResponse } from '../../shared/api/wrapping.js';

export interface ApiReply {
  readonly status: number;
  /** Undefined for 204 and HEAD. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** A file streamed as the body instead of JSON (a storage snapshot). */
  readonly file?: { readonly path: string; readonly size: number };
  /** Runs once the answer has left whole (true) or the connection closed before that (false). */
  readonly onSent?: (sent: boolean) => void;
}

export interface LogicalBody {
  request_id: string;
  lease_id: string;
  renewable: boolean;
  lease_duration: number;
  data: Record<string, unknown> | null;
  wrap_info: WrapInfoResponse | null;
  warnings: string[] | null;
  auth: Record<string, unknown> | null;
  [topLevel: string]: unknown;
}

export const raw = (body: unknown, status = 200): ApiReply => ({ status, body });

export const noContent = (): ApiReply => ({ status: 204 });

/** The logical envelope. `topLevel` copies data keys to the top level, as a few Vault endpoints do. */
export function logical(
  data: Record<string, unknown> | null,
  options: { auth?: Record<string, unknown> | null; warnings?: string[] | null; topLevel?: boolean; requestId?: string } = {},
): ApiReply {
  const body: LogicalBody = {
    request_id: options.requestId ?? randomUUID(),
    lease_id: '',
    renewable: false,
    lease_duration: 0,
    data,
    wrap_info: null,
    warnings: options.warnings ?? null,
    auth: options.auth ?? null,
  };
  if (options.topLevel && data) {
    for (const [key, value] of Object.entries(data)) if (!(key in body)) body[key] = value;
  }
  return { status: 200, body };
}

/** Every error answer's body (shared/api/errors.ts). */
export type ErrorBody = ErrorResponse;

export function errorReply(status: number, code: string, message: string, context: ErrorContext = {}): ApiReply {
  const body: ErrorBody = { errors: [message], error_code: code, message, context };
  return { status, body };
}

/** Exactly Vault's type, without a charset parameter (hvac reads `errors` only then). */
export const JSON_TYPE = 'application/json';

/** A reply body as bytes: sent as given, so the framework adds nothing to the type. */
export function jsonBytes(body: unknown): Buffer {
  return Buffer.from(JSON.stringify(body), 'utf8');
}
