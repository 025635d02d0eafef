/**
 * The route of a request under /v1/, found once per request. The body limit needs it before a
 * byte of the body is read (body-limit.ts) and the pipeline needs it to run the request; the
 * lookup made for the limit is carried on the request to the pipeline instead of being made
 * again (issue 17: decoding and matching twice was a measurable share of a request).
 */
import type { IncomingMessage } from 'node:http';
import type { Match, Router } from './router.js';

/** A path after /v1/, decoded and matched (`match` null: no such route), or not decodable. */
export type RouteLookup = { readonly path: string; readonly match: Match | null } | { readonly invalid: true };

const INVALID: RouteLookup = { invalid: true };

/** Percent-decoded, trailing slashes dropped; null for bad escapes and dot segments. */
export function decodeApiPath(rawPath: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(rawPath).replace(/\/+$/, '');
  } catch {
    return null;
  }
  return path.split('/').some((s) => s === '..' || s === '.') ? null : path;
}

export function lookupRoute(router: Router, rawPath: string): RouteLookup {
  const path = decodeApiPath(rawPath);
  return path === null ? INVALID : { path, match: router.match(path) };
}

/** Lookups made before the handler ran (for the body limit), by request. */
const carried = new WeakMap<IncomingMessage, RouteLookup>();

export function carryLookup(req: IncomingMessage, lookup: RouteLookup): void {
  carried.set(req, lookup);
}

/** The lookup carried on this request, or a new one. */
export function routeOfRequest(req: IncomingMessage, router: Router, rawPath: string): RouteLookup {
  return carried.get(req) ?? lookupRoute(router, rawPath);
}
