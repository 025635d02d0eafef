/** The app:// protocol handler against a real folder: files, headers, and every way out refused. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UI_CSP } from '../../../electron/api/ui-static.js';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler, resolveAppFile } from '../../../electron/main/protocol.js';

let base: string;
let root: string;
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'symbolon-protocol-'));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Symbolon</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(base, 'secret.txt'), 'outside the UI folder');
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => createAppProtocolHandler({ root })(new Request(url, { method }));

describe('app://symbolon/ protocol', () => {
  it('is registered as a standard, secure scheme', () => {
    // Exact: bypassCSP, corsEnabled, allowServiceWorkers or codeCache must not creep in.
    expect(APP_SCHEME_PRIVILEGES).toEqual({ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } });
  });

  it('serves index.html at the root with the same CSP as headless mode', async () => {
    const response = await get('app://symbolon/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(UI_CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-dns-prefetch-control')).toBe('off');
    expect(await response.text()).toContain('<title>Symbolon</title>');
  });

  it('serves assets with their type, and HEAD without a body', async () => {
    const response = await get('app://symbolon/assets/app.js');
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toBe('console.log(1)');
    const head = await get('app://symbolon/assets/app.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('falls back to the app shell for client-side routes, not for missing files', async () => {
    expect(await (await get('app://symbolon/unseal')).text()).toContain('Symbolon');
    expect((await get('app://symbolon/assets/missing.js')).status).toBe(404);
  });

  it.each([
    'app://symbolon/..%2fsecret.txt',
    'app://symbolon/assets/..%2f..%2fsecret.txt',
    'app://symbolon/%2e%2e/secret.txt',
    'app://symbolon/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://symbolon/%00index.html',
    'app://symbolon/%E0%A4%A',
    'app://other/index.html',
    'file:///etc/passwd',
  ])('never serves a file outside the UI folder: %s', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('outside the UI folder');
  });

  it('refuses writes', async () => {
    expect((await get('app://symbolon/index.html', 'POST')).status).toBe(405);
  });

  it('resolves only inside the root', () => {
    expect(resolveAppFile('app://symbolon/assets/app.js', root)).toBe(join(root, 'assets', 'app.js'));
    expect(resolveAppFile('app://symbolon/..%2f..%2fetc/passwd', root)).toBeNull();
    expect(resolveAppFile('https://symbolon/index.html', root)).toBeNull();
  });
});
