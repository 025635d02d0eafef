/**
 * The loopback listener's own defences (API.md, "Security of the listener"). A web page open in a
 * browser on the ceremony laptop can send requests to 127.0.0.1; these rules keep it out:
 * - Host must name the loopback address and our port (DNS rebinding gives a foreign Host) → 421;
 * - a browser always sends Origin on cross-origin and on write requests: a foreign one → 403;
 * - no CORS headers are ever sent, so a page cannot read any answer;
 * - writes must be JSON: the content types an HTML form or a no-preflight fetch can send → 415.
 */
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

/** Methods that carry a body Symbolon reads. */
export function isWrite(method: string): boolean {
  return method === 'PUT' || method === 'POST' || method === 'DELETE' || method === 'PATCH';
}

/**
 * JSON, or no declared type from a client that is not a browser (Vault's Go client omits it).
 * A body without a type from a browser always comes with an Origin, which is checked first.
 */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (contentType === undefined || contentType === '') return true;
  const media = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return media === 'application/json' || (media.startsWith('application/') && media.endsWith('+json'));
}
