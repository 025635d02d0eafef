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

export interface ServedBrowser {
  readonly served: Served;
  readonly ui: UiBrowser;
  /** The API root, as the shared HTTP test helpers take it. */
  readonly server: { base: string };
}

/** `viewport`: the page size (LAPTOP for tests judging what is in view); openBrowser's default otherwise. */
export function servedBrowser(viewport?: { width: number; height: number }): ServedBrowser {
  let served: Served | null = null;
  let ui: UiBrowser | null = null;
  beforeAll(async () => {
    served = await startServe();
    ui = await openBrowser(viewport);
  }, 60_000);
  afterAll(async () => {
    await ui?.browser.close();
    await served?.stop();
  });
  const need = <T>(value: T | null, what: string): T => {
    if (value === null) throw new Error(`${what} is not started (used outside a test?)`);
    return value;
  };
  return {
    get served() { return need(served, 'serve'); },
    get ui() { return need(ui, 'the browser'); },
    get server() { return { base: `${need(served, 'serve').url}/v1/` }; },
  };
}
