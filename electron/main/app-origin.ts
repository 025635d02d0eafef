/**
 * Where the UI lives inside Electron, and which URLs the renderer may load.
 *
 * The UI is served from the privileged custom scheme `app://symbolon/` (DESIGN.md "Electron
 * hardening": never `file://`, never http). Everything else the renderer tries to fetch is
 * cancelled, so these predicates are the renderer's request policy; they are pure so the policy
 * is unit-tested without Electron. They are the whole network policy only together with
 * network-lockdown.ts (every host name unresolvable, no spellchecker download, no WebRTC UDP),
 * which closes the paths Chromium opens without a renderer request `webRequest` could see.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'symbolon';
/** The origin Chromium computes for a standard scheme: scheme + host. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

function parse(url: string): URL | null {
  if (typeof url !== 'string') return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True for `app://symbolon/…` and nothing else (no other host, no credentials, no port). */
export function isAppUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST &&
    parsed.username === '' && parsed.password === '';
}

/** True when a permission check names our origin (Electron passes it without a trailing slash). */
export function isAppOrigin(origin: string | undefined): boolean {
  return typeof origin === 'string' && (origin === APP_ORIGIN || origin === `${APP_ORIGIN}/`);
}

export interface RequestPolicyOptions {
  /** Developer builds may open DevTools, which loads its own `devtools://` pages. */
  readonly allowDevTools: boolean;
}

/**
 * The `session.webRequest.onBeforeRequest` rule: a request survives only if it is for our own
 * UI. `data:` and `blob:app://symbolon/…` are in-memory URLs (QR code images, the camera stream
 * preview) that never touch a network, so they are not exfiltration paths.
 */
export function isAllowedRequestUrl(url: string, options: RequestPolicyOptions): boolean {
  if (isAppUrl(url)) return true;
  if (typeof url !== 'string') return false;
  if (url.startsWith('data:')) return true;
  if (url.startsWith(`blob:${APP_ORIGIN}/`)) return true;
  if (options.allowDevTools && url.startsWith('devtools://')) return true;
  return false;
}
