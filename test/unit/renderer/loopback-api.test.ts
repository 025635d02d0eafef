/**
 * The header's loopback API notice (renderer/components/loopback-api.tsx), rendered by React to
 * markup, and the bridge lookup behind it (renderer/lib/api.ts).
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { LoopbackApiNotice } from '../../../renderer/components/loopback-api.js';
import { selectLoopbackApi } from '../../../renderer/lib/api.js';
import type { LoopbackApiStatus, SetLoopbackApiRequest } from '../../../shared/ipc-schema.js';

const render = (status: LoopbackApiStatus) => renderToStaticMarkup(createElement(LoopbackApiNotice, { status, onToggle: () => undefined }));
const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&#x27;/g, '\'');

describe('loopback API notice', () => {
  it('shows where scripts reach Symbolon, with no alert', () => {
    const html = render({ state: 'listening', port: 8200, url: 'http://127.0.0.1:8200', enabledAtNextStart: true });
    expect(text(html)).toContain('API for scripts: http://127.0.0.1:8200');
    expect(text(html)).toContain('Turn off at next start');
    expect(html).not.toContain('role="alert"');
  });

  it('raises an alert naming VAULT_ADDR when another program holds the port', () => {
    const html = render({ state: 'port-taken', port: 8200, enabledAtNextStart: true });
    expect(html).toContain('role="alert"');
    expect(text(html)).toContain('NOT listening (port 8200 taken)');
    expect(text(html)).toMatch(/Port 8200 is taken by another program\..*VAULT_ADDR=http:\/\/127\.0\.0\.1:8200 would reach that\s+program/s);
  });

  it('says off, and that a change waits for the next start', () => {
    expect(text(render({ state: 'off', port: 8200, enabledAtNextStart: false }))).toMatch(/API for scripts: off.*Turn on at next start/);
    expect(text(render({ state: 'listening', port: 8200, url: 'http://127.0.0.1:8200', enabledAtNextStart: false }))).toContain('off from the next start');
  });
});

describe('selectLoopbackApi', () => {
  it('is null outside Electron and with an older preload', () => {
    expect(selectLoopbackApi({ fetch: () => undefined })).toBeNull();
    expect(selectLoopbackApi({ symbolon: { request: async () => ({ status: 200, body: null }) } })).toBeNull();
  });

  it('calls the bridge with the operator\'s choice', async () => {
    const sent: SetLoopbackApiRequest[] = [];
    const status: LoopbackApiStatus = { state: 'off', port: 8200, enabledAtNextStart: false };
    const control = selectLoopbackApi({ symbolon: {
      request: async () => ({ status: 200, body: null }),
      loopbackApiStatus: async () => status,
      setLoopbackApi: async (req: SetLoopbackApiRequest) => (sent.push(req), { ...status, enabledAtNextStart: req.enabled }),
    } });
    expect(await control?.status()).toEqual(status);
    expect(await control?.setEnabled(true)).toEqual({ ...status, enabledAtNextStart: true });
    expect(sent).toEqual([{ enabled: true }]);
  });
});
