/**
 * Body limits decided before a byte of the body is read (API.md, "Conventions"). Only a request
 * that carries a token *and* goes to a token-guarded route may send the large limit (32 MiB by
 * default: KV values, policies). Everything a stranger can reach without a token — unseal,
 * rekey update/verify, generate-root update, shares/check, wrapping lookup/unwrap, unknown
 * paths — gets 64 KiB, far above any share, so a dozen parallel 31 MiB bodies cannot make the
 * process balloon. The three that start a ceremony carry custodians' PGP public keys (about
 * 3 KiB each for RSA-4096, up to 255 of them, each allowed up to 64 KiB of text): they get 2 MiB,
 * room for 255 ordinary keys, still a sixteenth of the large limit.
 * A declared length over the limit is refused at once and the connection closed, so the rest of
 * the body is never read; a chunked body is cut off where it crosses the limit.
 */
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { tokenFrom } from './auth.js';
import { carryLookup, lookupRoute } from './route-lookup.js';
import type { Route } from './route.js';
import type { Router } from './router.js';

export const UNAUTHENTICATED_BODY_BYTES = 64 * 1024;
export const CEREMONY_START_BODY_BYTES = 2 * 1024 * 1024;
/** Routes whose body may hold PGP public keys (pgp_keys, root_token_pgp_key, pgp_key). */
const CEREMONY_START_ROUTES = new Set(['sys/init', 'sys/rekey/init', 'sys/generate-root/attempt']);

/** The error fastify raises for its own limit, so the error mapping answers 413 the same way. */
function tooLarge(): Error {
  return Object.assign(new Error('request body is too large'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
}

export function bodyLimitFor(route: Route | null, headers: Readonly<Record<string, string | string[] | undefined>>, large: number): number {
  const single = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const token = tokenFrom({ 'x-vault-token': single('x-vault-token'), authorization: single('authorization') });
  if (route?.auth === 'token' && token) return large;
  if (route && CEREMONY_START_ROUTES.has(route.path)) return Math.min(CEREMONY_START_BODY_BYTES, large);
  return Math.min(UNAUTHENTICATED_BODY_BYTES, large);
}

/** The route a /v1/ URL goes to, looked up once and carried on the request to the pipeline. */
function routeOf(req: IncomingMessage, router: Router, url: string): Route | null {
  if (!url.startsWith('/v1/')) return null;
  const lookup = lookupRoute(router, url.slice('/v1/'.length).split('?', 1)[0] ?? '');
  carryLookup(req, lookup);
  return 'invalid' in lookup ? null : (lookup.match?.route ?? null);
}

/** Counts what arrives and fails the body where it crosses `limit` (chunked or lying lengths). */
class LimitedBody extends Transform {
  receivedEncodedLength = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.receivedEncodedLength += chunk.length;
    if (this.receivedEncodedLength > this.limit) return done(tooLarge());
    done(null, chunk);
  }
}

export function enforceBodyLimits(app: FastifyInstance, router: Router, large: number): void {
  // Callback style, not async: every request runs this hook, and an async one costs a promise
  // and a microtask turn (issue 17).
  app.addHook('preParsing', (req, _reply, payload, done) => {
    const chunked = req.headers['transfer-encoding'] !== undefined;
    const declared = Number(req.headers['content-length'] ?? 0);
    // Without either header Node's parser reads no body at all (most requests: GET, LIST).
    if (!chunked && !(declared > 0)) {
      done(null, payload);
      return;
    }
    let limit: number;
    try {
      limit = bodyLimitFor(routeOf(req.raw, router, req.url), req.headers, large);
    } catch (error) {
      done(error as Error);
      return;
    }
    if (declared > limit) {
      done(tooLarge());
      return;
    }
    // With a Content-Length, Node's parser stops the body there; only chunked bodies need counting.
    if (!chunked) {
      done(null, payload);
      return;
    }
    const limited = new LimitedBody(limit);
    payload.on('error', (error) => limited.destroy(error));
    done(null, payload.pipe(limited));
  });
  // A 413 closes its connection (send-reply.ts): the unread rest of the body is not worth reading.
}
