/**
 * electron/main/index.ts wired against a recording fake of the `electron` module (Electron cannot
 * be installed here): the order of the hardening steps, the protocol, both IPC channels, the
 * window, and sealing on quit — with the real API server on a real SQLite file.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { SymbolonResponse } from '../../../shared/ipc-schema.js';

const fake = vi.hoisted(() => {
  const calls: string[] = [];
  const listeners = new Map<string, (...args: unknown[]) => void>();
  const ipc = new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>();
  const windows: Array<{ options: Record<string, unknown>; url: string; webContents: { mainFrame: { url: string; parent: null } } }> = [];
  let ready: () => void = () => undefined;
  const readyPromise = new Promise<void>((resolve) => (ready = resolve));
  const state = { userData: '', exitCode: null as number | null, errors: [] as string[], protocolHandlers: 0 };
  class BrowserWindow {
    readonly webContents = { mainFrame: { url: '', parent: null } };
    url = '';
    constructor(readonly options: Record<string, unknown>) {
      calls.push('new BrowserWindow');
      windows.push(this);
    }
    once() { return this; }
    on() { return this; }
    isDestroyed() { return false; }
    isMinimized() { return false; }
    async loadURL(url: string) {
      this.url = url;
      this.webContents.mainFrame.url = url;
      calls.push(`loadURL ${url}`);
    }
  }
  const electron = {
    app: {
      enableSandbox: () => calls.push('enableSandbox'),
      requestSingleInstanceLock: () => true,
      on: (event: string, fn: (...args: unknown[]) => void) => listeners.set(event, fn),
      whenReady: () => { calls.push('whenReady'); return readyPromise; },
      isPackaged: true,
      getPath: (name: string) => (name === 'userData' ? state.userData : join(state.userData, name)),
      quit: () => calls.push('quit'),
      exit: (code: number) => { state.exitCode = code; },
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: Array<{ scheme: string }>) => calls.push(`registerSchemesAsPrivileged ${schemes.map((s) => s.scheme).join()}`),
      handle: (scheme: string) => { calls.push(`protocol.handle ${scheme}`); state.protocolHandlers += 1; },
    },
    session: {
      defaultSession: {
        webRequest: { onBeforeRequest: () => calls.push('onBeforeRequest') },
        setPermissionRequestHandler: () => calls.push('setPermissionRequestHandler'),
        setPermissionCheckHandler: () => calls.push('setPermissionCheckHandler'),
        setDevicePermissionHandler: () => calls.push('setDevicePermissionHandler'),
        setSpellCheckerEnabled: () => undefined,
      },
    },
    ipcMain: { handle: (channel: string, fn: (event: unknown, payload: unknown) => Promise<unknown>) => { calls.push(`ipcMain.handle ${channel}`); ipc.set(channel, fn); } },
    dialog: {
      showErrorBox: (title: string, text: string) => state.errors.push(`${title}: ${text}`),
      showMessageBox: async () => ({ response: 1 }),
      showSaveDialog: async () => ({ canceled: true }),
    },
    BrowserWindow,
  };
  return { electron, calls, listeners, ipc, windows, ready, state };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

fake.state.userData = mkdtempSync(join(tmpdir(), 'symbolon-main-'));
process.env['SYMBOLON_PORT'] = '0';
afterAll(() => rmSync(fake.state.userData, { recursive: true, force: true }));

async function until(condition: () => boolean) {
  for (let i = 0; i < 200 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 25));
  expect(condition()).toBe(true);
}

describe('main process wiring', () => {
  it('registers the scheme and the sandbox before ready, hardens before opening the window', async () => {
    await import('../../../electron/main/index.js');
    expect(fake.calls.slice(0, 3)).toEqual(['registerSchemesAsPrivileged app', 'enableSandbox', 'whenReady']);
    fake.ready();
    await until(() => fake.windows[0]?.url !== undefined && fake.windows[0].url !== '');
    const order = (name: string) => fake.calls.indexOf(name);
    for (const step of ['onBeforeRequest', 'setPermissionRequestHandler', 'setPermissionCheckHandler', 'setDevicePermissionHandler',
      'protocol.handle app', 'ipcMain.handle symbolon:request', 'ipcMain.handle symbolon:print-to-pdf']) {
      expect(order(step), step).toBeGreaterThan(order('whenReady'));
      expect(order(step), step).toBeLessThan(order('new BrowserWindow'));
    }
    expect(fake.listeners.has('web-contents-created')).toBe(true);
    expect(fake.windows[0]?.url).toBe('app://symbolon/index.html');
    expect(fake.windows[0]?.options['webPreferences']).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, devTools: false });
    expect(fake.state.errors).toEqual([]);
  });

  it('answers the window over IPC from the keyring in the user data folder', async () => {
    const window = fake.windows[0];
    const handler = fake.ipc.get('symbolon:request');
    expect(window && handler).toBeTruthy();
    const event = { sender: window?.webContents, senderFrame: window?.webContents.mainFrame };
    const status = (await handler?.(event, { method: 'GET', path: 'sys/seal-status' })) as SymbolonResponse;
    expect(status).toMatchObject({ status: 200, body: { initialized: false, sealed: true } });
    expect(existsSync(join(fake.state.userData, 'keyring.db'))).toBe(true);
  });

  it('seals and closes the keyring before the app exits', async () => {
    let prevented = false;
    fake.listeners.get('will-quit')?.({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    await until(() => fake.state.exitCode !== null);
    expect(fake.state.exitCode).toBe(0);
  });
});
