/**
 * A recording fake of the parts of the `electron` module that electron/main/index.ts uses
 * (Electron cannot be installed here). One fake per scenario: a test file keeps the current one
 * in a `vi.hoisted` holder and mocks 'electron' with `forwardingElectronModule(holder)`, so
 * `vi.resetModules()` + a fresh import of index.ts starts the app again against a new fake.
 *
 * Packaged by default, with a valid native-module manifest (out/native-hashes.json in a
 * temporary app folder whose node_modules links to the repository's), so the start-up integrity
 * check runs against the real better-sqlite3 binary.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const NATIVE_MODULE = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';

type Listener = (...args: unknown[]) => unknown;

export interface FakeFrame { url: string; parent: null }
export interface FakeWebContents {
  mainFrame: FakeFrame;
  /** webContents events the shell listens to (e.g. will-prevent-unload, leave-guard.ts). */
  readonly listeners: Map<string, Listener>;
  on(event: string, listener: Listener): FakeWebContents;
}

export interface FakeWindow {
  readonly options: Record<string, unknown>;
  readonly webContents: FakeWebContents;
  url: string;
  minimized: boolean;
  readonly events: string[];
}

export interface FakeOptions {
  readonly isPackaged?: boolean;
  /** Switches Chromium's command line already holds (`app.commandLine.hasSwitch`). */
  readonly chromiumSwitches?: readonly string[];
  readonly singleInstance?: boolean;
  /** Runs inside `loadURL`, after the frame shows the URL and before the load resolves. */
  readonly duringLoad?: (window: FakeWindow) => Promise<void>;
  /** Thrown by `new BrowserWindow` (a failure after the keyring was opened). */
  readonly windowError?: Error;
  /** Contents of the manifest; default: the real hash of the real module. */
  readonly manifest?: string;
}

export function createFakeElectron(options: FakeOptions = {}) {
  const calls: string[] = [];
  const switches: Array<[string, string | undefined]> = [];
  const listeners = new Map<string, Listener>();
  const sessionListeners = new Map<string, Listener>();
  const sessionHandlers = new Map<string, Listener>();
  const ipc = new Map<string, (event: unknown, payload?: unknown) => Promise<unknown>>();
  const windows: FakeWindow[] = [];
  const messageBoxes: Array<Record<string, unknown>> = [];
  const errors: string[] = [];
  const privileges: unknown[] = [];
  const state = { exitCode: null as number | null, messageBoxResponse: 1 };
  let ready: () => void = () => undefined;
  const readyPromise = new Promise<void>((resolve) => (ready = resolve));

  const base = mkdtempSync(join(tmpdir(), 'symbolon-main-'));
  const userData = join(base, 'user-data');
  const appPath = join(base, 'app');
  mkdirSync(join(appPath, 'out'), { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(appPath, 'node_modules'), 'dir');
  const realHash = createHash('sha256').update(readFileSync(join(REPO, NATIVE_MODULE))).digest('hex');
  writeFileSync(join(appPath, 'out', 'native-hashes.json'), options.manifest ?? JSON.stringify({ modules: [{ file: NATIVE_MODULE, sha256: realHash }] }));

  const windowError = options.windowError;
  class BrowserWindow implements FakeWindow {
    readonly webContents: FakeWebContents = {
      mainFrame: { url: '', parent: null },
      listeners: new Map(),
      on(event, listener) { this.listeners.set(event, listener); return this; },
    };
    url = '';
    minimized = false;
    readonly events: string[] = [];
    constructor(readonly options: Record<string, unknown>) {
      calls.push('new BrowserWindow');
      if (windowError !== undefined) throw windowError;
      windows.push(this);
    }
    once() { return this; }
    on() { return this; }
    isDestroyed() { return false; }
    isMinimized() { return this.minimized; }
    restore() { this.events.push('restore'); this.minimized = false; }
    focus() { this.events.push('focus'); }
    async loadURL(url: string) {
      this.url = url;
      this.webContents.mainFrame.url = url;
      calls.push(`loadURL ${url}`);
      await options.duringLoad?.(this);
      calls.push('loaded');
    }
  }

  const record = (name: string) => () => void calls.push(name);
  // Chromium starts the dictionary download on the first read of defaultSession: the spellchecker
  // calls are marked " (later tick)" when they come after that read's synchronous tick.
  let firstReadTick: 'none' | 'open' | 'closed' = 'none';
  const tick = () => (firstReadTick === 'open' ? '' : ' (later tick)');
  const defaultSession = {
    webRequest: { onBeforeRequest: (handler: Listener) => { calls.push('onBeforeRequest'); sessionHandlers.set('beforeRequest', handler); } },
    setPermissionRequestHandler: (handler: Listener) => { calls.push('setPermissionRequestHandler'); sessionHandlers.set('request', handler); },
    setPermissionCheckHandler: (handler: Listener) => { calls.push('setPermissionCheckHandler'); sessionHandlers.set('check', handler); },
    setDevicePermissionHandler: (handler: Listener) => { calls.push('setDevicePermissionHandler'); sessionHandlers.set('device', handler); },
    setSpellCheckerEnabled: (enabled: boolean) => void calls.push(`setSpellCheckerEnabled ${enabled}`),
    setSpellCheckerLanguages: (languages: string[]) => void calls.push(`setSpellCheckerLanguages [${languages.join()}]${tick()}`),
    setSpellCheckerDictionaryDownloadURL: (url: string) => void calls.push(`setSpellCheckerDictionaryDownloadURL ${url}${tick()}`),
    on: (event: string, listener: Listener) => { calls.push(`session.on ${event}`); sessionListeners.set(event, listener); },
  };

  const electron = {
    app: {
      isPackaged: options.isPackaged ?? true,
      commandLine: {
        appendSwitch: (name: string, value?: string) => void switches.push([name, value]),
        hasSwitch: (name: string) => (options.chromiumSwitches ?? []).includes(name) || switches.some(([added]) => added === name),
      },
      enableSandbox: record('enableSandbox'),
      requestSingleInstanceLock: () => options.singleInstance ?? true,
      on: (event: string, fn: Listener) => void listeners.set(event, fn),
      whenReady: () => { calls.push('whenReady'); return readyPromise; },
      getPath: (name: string) => (name === 'userData' ? userData : join(base, name)),
      getAppPath: () => appPath,
      quit: record('quit'),
      exit: (code: number) => { state.exitCode = code; },
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: Array<{ scheme: string }>) => {
        privileges.push(...schemes);
        calls.push(`registerSchemesAsPrivileged ${schemes.map((s) => s.scheme).join()}`);
      },
      handle: (scheme: string) => void calls.push(`protocol.handle ${scheme}`),
    },
    session: {
      get defaultSession() {
        calls.push('read defaultSession');
        if (firstReadTick === 'none') {
          firstReadTick = 'open';
          queueMicrotask(() => (firstReadTick = 'closed'));
        }
        return defaultSession;
      },
    },
    ipcMain: {
      handle: (channel: string, fn: (event: unknown, payload?: unknown) => Promise<unknown>) => {
        calls.push(`ipcMain.handle ${channel}`);
        ipc.set(channel, fn);
      },
    },
    dialog: {
      showErrorBox: (title: string, text: string) => void errors.push(`${title}: ${text}`),
      showMessageBox: async (...args: unknown[]) => {
        messageBoxes.push(args[args.length - 1] as Record<string, unknown>);
        return { response: state.messageBoxResponse };
      },
      showSaveDialog: async () => ({ canceled: true }),
    },
    BrowserWindow,
  };

  /** An IPC event as Electron sends it from the window's main frame. */
  const eventFrom = (window: FakeWindow) => ({ sender: window.webContents, senderFrame: window.webContents.mainFrame });
  /** Calls an IPC handler as the window's main frame. */
  const invoke = (channel: string, payload?: unknown, window = windows[0]) => {
    const handler = ipc.get(channel);
    if (handler === undefined || window === undefined) throw new Error(`no handler or window for ${channel}`);
    return handler(eventFrom(window), payload);
  };

  return {
    electron, calls, switches, listeners, sessionListeners, sessionHandlers, ipc, windows, messageBoxes, errors, privileges,
    state, ready, userData, appPath, invoke, eventFrom,
    cleanup: () => rmSync(base, { recursive: true, force: true }),
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;

/**
 * The mocked 'electron' module: every export forwards to the holder's current fake, so one
 * `vi.mock` serves every scenario of a file.
 */
export function forwardingElectronModule(holder: { current: FakeElectron | null }): Record<string, unknown> {
  const current = () => {
    if (holder.current === null) throw new Error('no fake electron installed');
    return holder.current.electron;
  };
  const forward = (key: 'app' | 'protocol' | 'session' | 'ipcMain' | 'dialog') =>
    new Proxy({}, { get: (_target, property) => Reflect.get(current()[key], property) as unknown });
  const BrowserWindow = new Proxy(function BrowserWindow() { /* replaced by the fake's class */ }, {
    construct: (_target, args: unknown[]) => new (current().BrowserWindow)(args[0] as Record<string, unknown>) as object,
  });
  const module = { app: forward('app'), protocol: forward('protocol'), session: forward('session'), ipcMain: forward('ipcMain'), dialog: forward('dialog'), BrowserWindow };
  return { ...module, default: module };
}

/** Polls until `condition` holds; generous, for a loaded 2-core CI box. */
export async function until(condition: () => boolean, what = 'condition'): Promise<void> {
  for (let i = 0; i < 1200 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 25));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}
