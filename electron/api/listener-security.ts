/**
 * The loopback listener's own defences (API.md, "Security of the listener"). A web page open in a
 * browser on the ceremony laptop can send requests to 127.0.0.1; these rules keep it out:
 * - Host must name the loopback address and our port (DNS rebinding gives a foreign Host) → 421;
 * - a browser always sends Origin on cross-origin writes: a foreign one → 403;
 * - a browser sends Fetch Metadata on every request, image loads and plain GETs included:
 *   `Sec-Fetch-Site: cross-site` or `same-site` (a page on another loopback port) → 403, before
 *   routing or audit, so a page can neither probe the API nor write into the transcript;
 * - no CORS headers are ever sent, so a page cannot read any answer.
 * A request with neither header comes from a local program (curl, a Vault client): its body is
 * JSON whatever type it declares, as Vault reads it (`curl -d` sends a form type).
 */
import type { FastifyInstance } from 'fastify';
import type { ApiReply } from './reply.js';
import { errorReply } from './reply.js';
import { sendReply } from './send-reply.js';

export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'] as const;

export function allowedHosts(port: number): Set<string> {
  return new Set(LOOPBACK_HOSTS.map((h) => `${h}:${port}`));
}

export function allowedOrigins(port: number): Set<string> {
  return new Set(LOOPBACK_HOSTS.map((h) => `http://${h}:${port}`));
}

export function isLoopbackAddress(host: string): boolean {
  return host === '127.0.0.1' || host === '::1';
}

/** Refuses, before anything is opened, an address other than loopback or a port out of range. */
export function checkListenAddress(host: string, port: number): void {
  if (!isLoopbackAddress(host)) throw new RangeError(`refusing to listen on ${String(host)}: Symbolon listens on loopback only`);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError('port must be an integer 0..65535');
}

/**
 * Puts these rules on the app: every answer is uncacheable and unsniffable, and a foreign
 * request is refused before routing. The port is known only after listen (port 0); until then
 * injected requests use the configured one, and `bind` sets the real one.
 */
export function guardListener(app: FastifyInstance, port: number): { bind(port: number): void } {
  let hosts = allowedHosts(port);
  let origins = allowedOrigins(port);
  // Callback style, not async: every request runs this hook, and an async one costs a promise
  // and a microtask turn (issue 17). A refusal answers and does not call `done`, as fastify asks.
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('Cache-Control', 'no-store');
    reply.header('X-Content-Type-Options', 'nosniff');
    const refusal = refuseForeign({ headers: req.headers, rawHeaders: req.raw.rawHeaders }, hosts, origins);
    if (refusal) {
      sendReply(reply, refusal);
      return;
    }
    done();
  });
  return {
    bind(bound: number) {
      hosts = allowedHosts(bound);
      origins = allowedOrigins(bound);
    },
  };
}

/** What the listener checks before a request is routed: the headers and where they may come from. */
export interface ListenerRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Headers as sent, in order: name, value, name, value… (Node's rawHeaders). */
  readonly rawHeaders: readonly string[];
}

/** Fetch Metadata values a browser sends for a request made by another site's page. */
const FOREIGN_FETCH_SITES = new Set(['cross-site', 'same-site']);

/** The refusal for a request that must not be routed, or null when it may go on. */
export function refuseForeign(req: ListenerRequest, hosts: ReadonlySet<string>, origins: ReadonlySet<string>): ApiReply | null {
  // Node keeps only the first of repeated Host lines; RFC 9112 §3.2 says refuse them (400).
  if (hostLines(req.rawHeaders) > 1) {
    return errorReply(400, 'DUPLICATE_HOST', 'more than one Host header');
  }
  const host = single(req.headers['host']);
  if (!hosts.has(host.toLowerCase())) {
    return errorReply(421, 'MISDIRECTED_REQUEST', 'Host header is not this loopback listener', { host: host.slice(0, 100) });
  }
  const origin = req.headers['origin'];
  if (origin !== undefined && !origins.has(single(origin))) {
    return errorReply(403, 'FOREIGN_ORIGIN', 'cross-origin requests are refused', { origin: single(origin).slice(0, 100) });
  }
  // Repeated or comma-joined values are judged by every part: a browser sends exactly one.
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined) {
    const values = (Array.isArray(site) ? site : [site]).flatMap((v) => v.split(',')).map((v) => v.trim().toLowerCase());
    if (values.some((v) => FOREIGN_FETCH_SITES.has(v) || !['same-origin', 'none'].includes(v))) {
      return errorReply(403, 'CROSS_SITE_REQUEST', 'requests from another site are refused', { sec_fetch_site: values.join(',').slice(0, 40) });
    }
  }
  return null;
}

/** How many Host lines were sent (a loop, not a filtered copy: every request is checked). */
function hostLines(rawHeaders: readonly string[]): number {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i];
    if (name !== undefined && name.length === 4 && name.toLowerCase() === 'host') count += 1;
  }
  return count;
}

function single(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? '';
}
