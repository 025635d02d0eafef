/**
 * The `app://symbolon/` protocol: serves the built renderer (`out/renderer`) to the window, with
 * the same Content-Security-Policy the headless server sends (`UI_CSP`).
 *
 * Why a custom scheme: `file://` pages get extra privileges and see the whole disk, and an http
 * origin would be reachable by every other local program. A standard, secure scheme gives the UI
 * a stable origin of its own (`app://symbolon`) that only this process can answer.
 *
 * The handler is a plain `Request → Response` function with the file reader as a delegate, so
 * path-traversal and header rules are unit-tested against a real folder without Electron.
 */
import { readFile as fsReadFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { CustomScheme } from 'electron';
import { UI_CONTENT_TYPES, UI_CSP } from '../api/ui-static.js';
import { APP_SCHEME, isAppUrl } from './app-origin.js';

/** Registered before `ready`: standard (relative URLs, an origin), secure (like https). */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
};

export const APP_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': UI_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
  // Links in the UI must not make Chromium resolve names ahead of a click (there is no click
  // that leaves the app either; this keeps the resolver silent too).
  'X-DNS-Prefetch-Control': 'off',
};

/**
 * Maps an `app://symbolon/…` URL to a file inside `root`, or null when it names anything else:
 * another scheme or host, an undecodable or NUL-bearing path, or a path that resolves outside
 * `root` (`..`, encoded `%2e%2e`, backslashes on Windows).
 */
export function resolveAppFile(url: string, root: string): string | null {
  if (!isAppUrl(url)) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const base = resolve(root) + sep;
  const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
  const file = normalize(join(base, relative));
  return file.startsWith(base) ? file : null;
}

export interface AppProtocolDeps {
  /** Folder of the built renderer. */
  readonly root: string;
  readonly readFile?: (path: string) => Promise<Uint8Array>;
}

/** The function given to `protocol.handle('app', …)`. */
export function createAppProtocolHandler(deps: AppProtocolDeps): (request: Request) => Promise<Response> {
  const read = deps.readFile ?? fsReadFile;
  const answer = (status: number, body: string) =>
    new Response(body, { status, headers: { ...APP_RESPONSE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return answer(405, 'method not allowed');
    const file = resolveAppFile(request.url, deps.root);
    if (file === null) return answer(404, 'not found');
    let content: Uint8Array;
    let type = UI_CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    try {
      content = await read(file);
    } catch {
      // Client-side routes (no extension) fall back to the app shell, as in headless mode.
      if (extname(file) !== '') return answer(404, 'not found');
      try {
        content = await read(join(resolve(deps.root), 'index.html'));
      } catch {
        return answer(404, 'not found');
      }
      type = UI_CONTENT_TYPES['.html'] ?? 'text/html';
    }
    const body = request.method === 'HEAD' ? null : new Uint8Array(content);
    return new Response(body, { status: 200, headers: { ...APP_RESPONSE_HEADERS, 'Content-Type': type } });
  };
}
