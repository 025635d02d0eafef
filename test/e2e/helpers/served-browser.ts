/**
 * The usual e2e setup in one call: a fresh `serve` and a Chromium page for the whole file,
 * started in `beforeAll` and stopped in `afterAll`. Further setup (keys, an initialized keyring)
 * goes in the file's own `beforeAll`, which runs after this one.
 */
import { afterAll, beforeAll } from 'vitest';
import { openBrowser } from './browser.js';
import type { UiBrowser } from './browser.js';
import { startServe } from './serve.js';
import type { Served } from './serve.js';

export interface ServedBrowserOptions {
  /** The page's size (default: openBrowser's); `LAPTOP` where what must be in view is judged. */
  readonly viewport?: { readonly width: number; readonly height: number };
  /** Also serve a second, independent keyring (the source of a share from another keyring). */
  readonly secondKeyring?: boolean;
}

export interface ServedBrowser {
  readonly served: Served;
  readonly ui: UiBrowser;
  /** The API root, as the shared HTTP test helpers take it. */
  readonly server: { base: string };
  /** The second keyring's API root; only with `secondKeyring`. */
  readonly secondServer: { base: string };
}

export function servedBrowser(options: ServedBrowserOptions = {}): ServedBrowser {
  let served: Served | null = null;
  let second: Served | null = null;
  let ui: UiBrowser | null = null;
  beforeAll(async () => {
    [served, second] = await Promise.all([startServe(), options.secondKeyring ? startServe() : null]);
    ui = await openBrowser(options.viewport && { width: options.viewport.width, height: options.viewport.height });
  }, 60_000);
  afterAll(async () => {
    await ui?.browser.close();
    await served?.stop();
    await second?.stop();
  });
  const need = <T>(value: T | null, what: string): T => {
    if (value === null) throw new Error(`${what} is not started (used outside a test, or not asked for?)`);
    return value;
  };
  return {
    get served() { return need(served, 'serve'); },
    get ui() { return need(ui, 'the browser'); },
    get server() { return { base: `${need(served, 'serve').url}/v1/` }; },
    get secondServer() { return { base: `${need(second, 'the second keyring').url}/v1/` }; },
  };
}
