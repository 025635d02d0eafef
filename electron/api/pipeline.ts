/**
 * The one request pipeline. HTTP and the Electron IPC bridge both end here (IPC through fastify's
 * in-process inject), so every caller gets identical routing, sealing rules, authorization and
 * audit. Order: route → method → sealed → token and capability (spending one use) → handler →
 * response wrapping when X-Vault-Wrap-TTL asks for it.
 */
import { randomUUID } from 'node:crypto';
import type { Core, PlainKeys } from '../core/core.js';
import { sealedError } from '../core/errors.js';
import { authenticate, authorize, spendUse, tokenFrom } from './auth.js';
import { HttpError, permissionDenied } from './errors.js';
import type { ApiReply } from './reply.js';
import { needsSudo } from './route.js';
import type { ApiRequest, Operation, Route } from './route.js';
import { lookupRoute } from './route-lookup.js';
import type { RouteLookup } from './route-lookup.js';
import type { Router } from './router.js';
import { requestedWrapTtl, wrapReply } from './wrap-hook.js';

export interface IncomingRequest {
  readonly method: string;
  /** Path after /v1/ (still percent-encoded) and the parsed query. */
  readonly rawPath: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: unknown;
  /** The route as already looked up for this request (route-lookup.ts), if it was. */
  readonly route?: RouteLookup;
}

function operationFor(method: string, query: Readonly<Record<string, string>>): Operation | 'head' | null {
  switch (method) {
    case 'GET':
      // Go's strconv.ParseBool, as Vault parses `list` (node-vault sends `?list=1`).
      return ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(query['list'] ?? '') ? 'list' : 'read';
    case 'LIST':
      return 'list';
    case 'HEAD':
      return 'head';
    case 'PUT':
    case 'POST':
      return 'update';
    case 'DELETE':
      return 'delete';
    default:
      return null;
  }
}

function bodyObject(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null || body === '') return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'INVALID_REQUEST', 'request body must be a JSON object');
  return body as Record<string, unknown>;
}

/**
 * Vault decodes the bodies of its raw endpoints (http/sys_init.go, sys_seal.go, sys_rekey.go,
 * sys_generate_root.go) into Go structs, and Go's JSON decoding matches field names without
 * regard to case; its Go client even relies on it (`"Backup"` in rekey init has no JSON tag).
 * Logical endpoints decode into a map and match exactly, so only these paths fold.
 */
const GO_STRUCT_BODIES = /^sys\/(init|unseal|seal|rekey\/(init|update|verify)|generate-root\/(attempt|update))(\/|$)/;

/**
 * Top-level field names in lower case, as Go's case-insensitive match sees them; when two
 * spellings of one name are given the later wins, as in Go. Values are left as they are.
 */
export function foldFieldNames(body: Readonly<Record<string, unknown>>): Record<string, unknown> {
  // fromEntries defines own properties, so a `__proto__` field stays a plain field.
  return Object.fromEntries(new Map(Object.entries(body).map(([name, value]) => [name.toLowerCase(), value])));
}

/** Whether the route's token is checked now; a route that always wants one refuses its absence. */
function checksToken(core: Core, route: Route, token: string | null): boolean {
  if (route.auth === 'token') return true;
  if (route.auth !== 'token-unless-sealed') return false;
  if (!token) throw permissionDenied({ reason: 'no token' });
  return !core.seal.sealed;
}

export interface Handled {
  readonly reply: ApiReply;
  readonly request: ApiRequest | null;
  /** The route's clear audit fields for this answer (null when wrapped or none declared). */
  readonly auditPlain: PlainKeys | null;
}

export async function handle(core: Core, router: Router, incoming: IncomingRequest): Promise<Handled> {
  const lookup = incoming.route ?? lookupRoute(router, incoming.rawPath);
  if ('invalid' in lookup) throw new HttpError(400, 'INVALID_PATH', 'invalid request path');
  const { path, match } = lookup;
  if (!match) throw new HttpError(404, 'UNSUPPORTED_PATH', 'unsupported path', { path });
  const { route, params } = match;
  const op = operationFor(incoming.method, incoming.query);
  const operation: Operation | null = op === 'head' ? (route.head ? 'read' : null) : op;
  const handler = operation ? route.handlers[operation] : undefined;
  if (!operation || !handler) throw new HttpError(405, 'METHOD_NOT_ALLOWED', `${incoming.method} is not supported on ${route.path}`);
  if (!route.whileSealed && core.seal.sealed) throw sealedError();

  // Read before anything runs: a malformed wrap TTL must not leave a half-done write behind.
  // Routes that answer while sealed (the raw seal endpoints) are never wrapped: the barrier that
  // would hold the wrapped response may be sealed, and Vault does not wrap them either.
  const wrapTtl = route.whileSealed ? null : requestedWrapTtl(incoming.headers);
  const token = tokenFrom(incoming.headers);
  let request: ApiRequest = {
    core,
    requestId: randomUUID(),
    method: incoming.method,
    operation,
    path,
    params,
    query: incoming.query,
    body: GO_STRUCT_BODIES.test(path) ? foldFieldNames(bodyObject(incoming.body)) : bodyObject(incoming.body),
    headers: incoming.headers,
    token,
    tokenEntry: checksToken(core, route, token) ? authenticate(core, token) : null,
  };
  if (request.tokenEntry) {
    const capability = operation === 'update' && route.exists && !route.exists(request) ? 'create' : operation;
    authorize(core, request.tokenEntry, path, capability, needsSudo(route, operation));
    request = { ...request, tokenEntry: spendUse(core, token as string, request.tokenEntry) };
  }
  const reply = await handler(request);
  if (wrapTtl !== null) return { reply: wrapReply(core, reply, wrapTtl, path), request, auditPlain: null };
  return { reply, request, auditPlain: route.auditPlain?.[operation] ?? null };
}
