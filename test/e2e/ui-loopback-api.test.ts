/**
 * The header's loopback API notice in the real renderer, in Chromium. The Electron preload is
 * stood in for by an init script that exposes `window.symbolon` as the preload does: `request`
 * goes to the real headless server over same-origin HTTP, and the listener calls answer what the
 * main process answers when another program holds port 8200.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UiBrowser } from './helpers/browser.js';
import { openBrowser } from './helpers/browser.js';
import type { Served } from './helpers/serve.js';
import { startServe } from './helpers/serve.js';

const fakePreload = (initial: object) => `
  window.__setCalls = [];
  window.__statusCalls = 0;
  let status = ${JSON.stringify(initial)};
  window.symbolon = {
    request: async (req) => {
      const headers = { ...(req.headers || {}) };
      if (req.body !== undefined) headers['Content-Type'] = 'application/json';
      const response = await fetch('/v1/' + req.path, { method: req.method, headers, body: req.body === undefined ? undefined : JSON.stringify(req.body) });
      const text = await response.text();
      return { status: response.status, body: text === '' ? null : JSON.parse(text) };
    },
    loopbackApiStatus: async () => { window.__statusCalls += 1; return status; },
    setLoopbackApi: async (req) => { window.__setCalls.push(req); status = { ...status, enabledAtNextStart: req.enabled }; return status; },
  };`;

let served: Served;
let ui: UiBrowser;
beforeAll(async () => {
  served = await startServe();
  ui = await openBrowser();
});
afterAll(async () => {
  await ui?.browser.close();
  await served?.stop();
});

describe('loopback API notice in the header', () => {
  it('alerts that scripts would reach another program when port 8200 is taken, and takes the operator\'s switch', async () => {
    const { page } = ui;
    await page.addInitScript({ content: fakePreload({ state: 'port-taken', port: 8200, enabledAtNextStart: true }) });
    await page.goto(`${served.url}/ui/#/status`);
    const alert = page.getByRole('alert').filter({ hasText: 'Port 8200 is taken by another program' });
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.textContent()).toMatch(/VAULT_ADDR=http:\/\/127\.0\.0\.1:8200 would reach that\s*program and hand it shares and tokens/);
    const notice = page.getByLabel('Loopback API');
    expect(await notice.textContent()).toContain('API for scripts: NOT listening (port 8200 taken)');
    // The keyring state still comes through the same bridge: the window works as usual.
    await page.getByText('Not initialized').first().waitFor({ timeout: 30_000 });
    await ui.shot('loopback-api-port-taken');

    await page.getByRole('button', { name: 'Turn off at next start' }).click();
    await page.getByRole('button', { name: 'Turn on at next start' }).waitFor({ timeout: 30_000 });
    expect(await page.evaluate('window.__setCalls')).toEqual([{ enabled: false }]);
    // Asked once per page, not on every render.
    expect(await page.evaluate('window.__statusCalls')).toBe(1);
    expect(await notice.textContent()).toContain('off from the next start');
    expect(ui.problems).toEqual([]);
  });

  it('shows where scripts reach Symbolon when it listens, with no alert', async () => {
    const page = await ui.browser.newPage();
    await page.addInitScript({ content: fakePreload({ state: 'listening', port: 8200, url: 'http://127.0.0.1:8200', enabledAtNextStart: true }) });
    await page.goto(`${served.url}/ui/#/status`);
    const notice = page.getByLabel('Loopback API');
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.textContent()).toContain('API for scripts: http://127.0.0.1:8200');
    await page.getByText('Not initialized').first().waitFor({ timeout: 30_000 });
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.close();
  });
});
