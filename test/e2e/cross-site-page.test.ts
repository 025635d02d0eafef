/**
 * A web page on another loopback port, in real Chromium, against a spawned `symbolon serve`
 * (API.md, "Security of the listener"): it cannot read the API, write to it, or add entries to
 * the audit transcript, by fetch (cors and no-cors), an HTML form, an <img>, or a beacon. The
 * same page sends the same requests to a recording server as a control, which proves Chromium
 * really sent each kind (and shows the Fetch Metadata it attached).
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, initAndUnseal, startServe, tempDir } from '../helpers/serve.js';
import type { ServeProcess } from '../helpers/serve.js';
import { openBrowser } from './helpers/browser.js';
import type { UiBrowser } from './helpers/browser.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/** The attack: every way a page can send a request without the target's consent, to `base`. */
function attackScript(base: string, tag: string): string {
  const json = JSON.stringify({ secret_shares: 1, secret_threshold: 1 });
  return `
    (async () => {
      const out = {};
      try { const r = await fetch('${base}/v1/sys/seal-status?custom_audit=${tag}-read'); out.read = await r.text(); } catch (e) { out.read = 'refused: ' + e.name; }
      try { await fetch('${base}/v1/sys/rekey/init?custom_audit=${tag}-fetch', { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: ${JSON.stringify(json)} }); out.fetch = 'sent'; } catch (e) { out.fetch = 'refused: ' + e.name; }
      try { await fetch('${base}/v1/sys/generate-root/attempt?custom_audit=${tag}-nocors-get', { mode: 'no-cors' }); out.get = 'sent'; } catch (e) { out.get = 'refused: ' + e.name; }
      out.beacon = navigator.sendBeacon('${base}/v1/sys/rekey/init?custom_audit=${tag}-beacon', new Blob([${JSON.stringify(json)}], { type: 'text/plain' }));
      const img = new Image();
      img.src = '${base}/v1/sys/init?custom_audit=${tag}-img';
      document.body.appendChild(img);
      const frame = document.createElement('iframe');
      frame.name = '${tag}-frame';
      document.body.appendChild(frame);
      const form = document.createElement('form');
      form.method = 'POST';
      form.enctype = 'text/plain';
      form.target = '${tag}-frame';
      form.action = '${base}/v1/sys/generate-root/attempt?custom_audit=${tag}-form';
      const input = document.createElement('input');
      input.name = '{"otp":"';
      input.value = '"}';
      form.appendChild(input);
      document.body.appendChild(form);
      form.submit();
      window['${tag}'] = out;
    })();`;
}

describe('a page on another loopback port', () => {
  const dir = tempDir('symbolon-cross-site-');
  let server: ServeProcess;
  let ui: UiBrowser;
  let attacker: Server;
  let control: Server;
  const controlSeen: Seen[] = [];
  let attackerPort = 0;
  let controlPort = 0;

  const listen = (s: Server) => new Promise<number>((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as { port: number }).port)));
  const auditEntries = (): Record<string, unknown>[] => {
    const db = new Database(server.dataPath, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT entry FROM audit_log ORDER BY seq').all() as { entry: string }[]).map((r) => JSON.parse(r.entry) as Record<string, unknown>);
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    server = await startServe({ dataPath: join(dir.dir, 'k.db') });
    await initAndUnseal(server, 3, 2);
    control = createServer((req, res) => {
      controlSeen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
      req.resume();
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
    controlPort = await listen(control);
    attacker = createServer((_req, res) => {
      const page = `<!doctype html><html><body><script>${attackScript(server.url, 'api')}${attackScript(`http://127.0.0.1:${controlPort}`, 'control')}</script></body></html>`;
      res.writeHead(200, { 'Content-Type': 'text/html' }).end(page);
    });
    attackerPort = await listen(attacker);
    ui = await openBrowser();
  }, 60_000);
  afterAll(async () => {
    await ui.browser.close();
    await new Promise((r) => attacker.close(r));
    await new Promise((r) => control.close(r));
    await server.stop();
    dir.remove();
  });

  it('can neither read, nor write, nor add to the audit transcript, by fetch, form, img or beacon', async () => {
    const before = auditEntries().length;
    const rekeyBefore = (await api(server, 'GET', 'sys/rekey/init')).body;
    const rootBefore = (await api(server, 'GET', 'sys/generate-root/attempt')).body;
    const afterChecks = auditEntries().length;

    await ui.page.goto(`http://127.0.0.1:${attackerPort}/`);
    // The control server is the witness that every kind of request left the browser.
    const kinds = ['read', 'fetch', 'nocors-get', 'beacon', 'img', 'form'];
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && !kinds.every((k) => controlSeen.some((s) => s.url.includes(`control-${k}`)))) await new Promise((r) => setTimeout(r, 100));
    expect(kinds.filter((k) => !controlSeen.some((s) => s.url.includes(`control-${k}`)))).toEqual([]);
    // Chromium marks each as another site's (another port of 127.0.0.1 is the same site).
    expect(new Set(controlSeen.map((s) => s.headers['sec-fetch-site']))).toEqual(new Set(['same-site']));
    await ui.page.waitForFunction(() => (globalThis as unknown as Record<string, unknown>)['api'] !== undefined, undefined, { timeout: 30_000 });
    // The requests to the API were sent at the same moment; give a loaded machine time to answer them.
    await new Promise((r) => setTimeout(r, 2_000));

    const results = (await ui.page.evaluate(() => (globalThis as unknown as Record<string, unknown>)['api'])) as Record<string, unknown>;
    expect(results['read']).toBe('refused: TypeError');
    expect(auditEntries().slice(afterChecks).filter((e) => String(e['custom_audit'] ?? '').startsWith('api-'))).toEqual([]);
    expect(auditEntries().length - before).toBe(afterChecks - before);
    expect((await api(server, 'GET', 'sys/rekey/init')).body).toEqual(rekeyBefore);
    expect((await api(server, 'GET', 'sys/generate-root/attempt')).body).toEqual(rootBefore);
    expect((rekeyBefore as { started: boolean }).started).toBe(false);
  }, 90_000);
});
