/**
 * electron/main/index.ts wired against a recording fake of the `electron` module (Electron cannot
 * be installed here): the order of the hardening steps, the protocol, the IPC channels, the
 * window, what the installed handlers actually decide, and sealing on quit — with the real API
 * server on a real SQLite file.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DEAD_DICTIONARY_URL, HOST_RESOLVER_RULES, WEBRTC_IP_POLICY } from '../../../electron/main/network-lockdown.js';
import type { SymbolonResponse } from '../../../shared/ipc-schema.js';
import { createFakeElectron, forwardingElectronModule, until } from './fake-electron.js';
import type { FakeElectron } from './fake-electron.js';

const holder = vi.hoisted(() => ({ current: null as FakeElectron | null }));
vi.mock('electron', () => forwardingElectronModule(holder));

const fake = createFakeElectron();
holder.current = fake;
process.env['SYMBOLON_PORT'] = '0';
afterAll(() => fake.cleanup());

describe('main process wiring', () => {
  it('registers the scheme and the sandbox before ready, hardens before opening the window', async () => {
    await import('../../../electron/main/index.js');
    expect(fake.calls.slice(0, 3)).toEqual(['registerSchemesAsPrivileged app', 'enableSandbox', 'whenReady']);
    fake.ready();
    await until(() => fake.windows[0]?.url !== undefined && fake.windows[0].url !== '', 'the window to load');
    const order = (name: string) => fake.calls.indexOf(name);
    for (const step of ['onBeforeRequest', 'setPermissionRequestHandler', 'setPermissionCheckHandler', 'setDevicePermissionHandler',
      'protocol.handle app', 'ipcMain.handle symbolon:request', 'ipcMain.handle symbolon:print-to-pdf',
      'ipcMain.handle symbolon:loopback-api-status', 'ipcMain.handle symbolon:set-loopback-api']) {
      expect(order(step), step).toBeGreaterThan(order('whenReady'));
      expect(order(step), step).toBeLessThan(order('new BrowserWindow'));
    }
    expect(fake.listeners.has('web-contents-created')).toBe(true);
    expect(fake.windows[0]?.url).toBe('app://symbolon/index.html');
    expect(fake.windows[0]?.options['webPreferences']).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, devTools: false });
    expect(fake.errors).toEqual([]);
  });

  it('registers app:// with exactly standard, secure, fetch and stream: no CSP bypass, CORS or service workers', () => {
    expect(fake.privileges).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }]);
  });

  it('maps every host name to NOTFOUND and forces proxied-only WebRTC before ready', () => {
    expect(fake.switches).toEqual([['host-resolver-rules', HOST_RESOLVER_RULES], ['force-webrtc-ip-handling-policy', WEBRTC_IP_POLICY]]);
    expect(HOST_RESOLVER_RULES).toBe('MAP * ~NOTFOUND');
  });

  it('empties the spellchecker languages and kills its download URL on the first read of the session, before anything else', () => {
    const first = fake.calls.indexOf('read defaultSession');
    expect(first).toBe(fake.calls.indexOf('whenReady') + 1);
    expect(fake.calls.slice(first, first + 5)).toEqual([
      'read defaultSession',
      'setSpellCheckerLanguages []',
      `setSpellCheckerDictionaryDownloadURL ${DEAD_DICTIONARY_URL}`,
      'setSpellCheckerEnabled false',
      'session.on spellcheck-dictionary-download-begin',
    ]);
    expect(new URL(DEAD_DICTIONARY_URL).hostname.endsWith('.invalid')).toBe(true);
  });

  it('cancels a dictionary download that starts anyway, and says so without anything secret', () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (written.push(String(chunk)), true));
    try {
      const before = fake.calls.length;
      fake.sessionListeners.get('spellcheck-dictionary-download-begin')?.({}, 'en-US');
      expect(fake.calls.slice(before)).toEqual(['setSpellCheckerLanguages [] (later tick)']);
      expect(written.join('')).toMatch(/blocked a spellchecker dictionary download \(en-US\)/);
    } finally {
      spy.mockRestore();
    }
  });

  it('hardens every webContents the app creates: navigation, redirects, webview, windows, WebRTC', () => {
    type Prevent = (event: { preventDefault(): void }) => void;
    const on = new Map<string, Prevent>();
    let openHandler: (() => unknown) | null = null;
    let webrtc: string | null = null;
    const contents = {
      on: (event: string, listener: Prevent) => on.set(event, listener),
      setWindowOpenHandler: (handler: () => unknown) => void (openHandler = handler),
      setWebRTCIPHandlingPolicy: (policy: string) => void (webrtc = policy),
    };
    fake.listeners.get('web-contents-created')?.({}, contents);
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      let prevented = false;
      on.get(name)?.({ preventDefault: () => (prevented = true) });
      expect(prevented, name).toBe(true);
    }
    expect(openHandler).not.toBeNull();
    expect((openHandler as unknown as () => unknown)()).toEqual({ action: 'deny' });
    expect(webrtc).toBe('disable_non_proxied_udp');
  });

  it('installs permission handlers that refuse everything but an operator-approved camera', async () => {
    type RequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void;
    const request = fake.sessionHandlers.get('request') as RequestHandler | undefined;
    const check = fake.sessionHandlers.get('check') as ((c: unknown, p: string, o: string, d: unknown) => boolean) | undefined;
    expect(request && check).toBeTruthy();
    const ask = (permission: string, details: unknown) => new Promise<boolean>((resolve) => request?.({}, permission, resolve, details));
    const main = { isMainFrame: true, requestingUrl: 'app://symbolon/index.html' };
    for (const permission of ['geolocation', 'notifications', 'clipboard-read', 'display-capture']) {
      expect(await ask(permission, main), permission).toBe(false);
    }
    expect(await ask('media', { ...main, mediaTypes: ['audio'] })).toBe(false);
    expect(check?.({}, 'media', 'app://symbolon', { isMainFrame: true, mediaType: 'video' })).toBe(false);
    // The operator's dialog decides the camera: "Cancel" (1) refuses, "Use camera" (0) allows.
    fake.state.messageBoxResponse = 1;
    expect(await ask('media', { ...main, mediaTypes: ['video'] })).toBe(false);
    expect(fake.messageBoxes.at(-1)?.['message']).toBe('Scan a QR code with the camera?');
    fake.state.messageBoxResponse = 0;
    expect(await ask('media', { ...main, mediaTypes: ['video'] })).toBe(true);
    expect(check?.({}, 'media', 'app://symbolon', { isMainFrame: true, mediaType: 'video' })).toBe(true);
    expect(check?.({}, 'geolocation', 'app://symbolon', { isMainFrame: true })).toBe(false);
    expect((fake.sessionHandlers.get('device') as () => boolean)()).toBe(false);
  });

  it('answers the window over IPC from the keyring in the user data folder', async () => {
    const status = (await fake.invoke('symbolon:request', { method: 'GET', path: 'sys/seal-status' })) as SymbolonResponse;
    expect(status).toMatchObject({ status: 200, body: { initialized: false, sealed: true } });
    expect(existsSync(join(fake.userData, 'keyring.db'))).toBe(true);
  });

  it('seals and closes the keyring before the app exits', async () => {
    let prevented = false;
    fake.listeners.get('will-quit')?.({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    await until(() => fake.state.exitCode !== null, 'exit');
    expect(fake.state.exitCode).toBe(0);
  });
});
