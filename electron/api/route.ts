/**
 * What a route is: a Vault path pattern, the operations it answers, whether it works while sealed,
 * and what authorization it needs. Route files (one per Vault path group) export arrays of these;
 * handlers stay thin and call the core.
 */
import type { Core, PlainKeys, TokenEntry } from '../core/core.js';
import type { ApiReply } from './reply.js';

/** Vault's operations: GET → read, LIST or ?list=true → list, PUT/POST → update (or create), DELETE → delete. */
export type Operation = 'read' | 'list' | 'create' | 'update' | 'delete';

export interface ApiRequest {
  readonly core: Core;
  readonly requestId: string;
  readonly method: string;
  readonly operation: Operation;
  /** Path after /v1/, without the query string. */
  readonly path: string;
  /** Values of `:name` segments and the `*` tail (as `params['*']`). */
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  /** Parsed JSON object body ({} when empty). */
  readonly body: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The caller's token string and its entry, when the route required or accepted one. */
  readonly token: string | null;
  readonly tokenEntry: TokenEntry | null;
}

export type Handler = (req: ApiRequest) => Promise<ApiReply> | ApiReply;

/** Whether this operation of the route is root-protected (declared once, not re-checked by handlers). */
export function needsSudo(route: Route, operation: Operation): boolean {
  const { sudo } = route;
  return Array.isArray(sudo) ? sudo.includes(operation) : sudo === true;
}

export interface Route {
  /** e.g. `sys/init`, `sys/policy/:name`, `secret/data/*`. */
  readonly path: string;
  readonly handlers: Partial<Record<Operation, Handler>>;
  /**
   * 'token': a valid token with the capability is required. 'none': share-authorized or public.
   * 'token-unless-sealed': a token must be given, but is checked only while unsealed (the token
   * store is behind the barrier), as sys/seal does.
   */
  readonly auth: 'token' | 'none' | 'token-unless-sealed';
  /** Also needs the sudo capability (Vault's root-protected paths): every operation, or these. */
  readonly sudo?: boolean | readonly Operation[];
  /** True when the route answers while sealed (seal endpoints); otherwise 503 when sealed. */
  readonly whileSealed?: boolean;
  /** For writes: whether the target exists, which decides between the create and update capability. */
  readonly exists?: (req: ApiRequest) => boolean;
  /** Route answers HEAD itself (sys/health); otherwise HEAD is 405. */
  readonly head?: boolean;
  /**
   * Fields of the response's `data`, per operation, that are not secret and are recorded in the
   * clear in the audit entry (a term, a time, a version number; core/audit/audit-redact.ts). Every
   * other value is HMAC'd. Ignored when the answer is wrapped (its data is then the wrapping's).
   */
  readonly auditPlain?: Partial<Record<Operation, PlainKeys>>;
}
