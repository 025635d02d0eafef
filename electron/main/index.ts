/**
 * Electron main process entry: refuses debugger switches, closes the network paths Chromium
 * opens on its own, hardens the session, serves the UI from `app://symbolon/`, wires the IPC
 * bridge, opens the one window, and only then starts the loopback listener (the same server
 * `symbolon serve` runs, so local scripts keep working). Each concern lives in its own file; this
 * one only puts them in order (Mullvad's lesson: keep `main/index.ts` small).
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { app, dialog, ipcMain, protocol, session } from 'electron';
import type { BrowserWindow } from 'electron';
import { createServer } from '../api/server.js';
import type { SymbolonServer } from '../api/server.js';
import { apiPort, keyringPath } from './app-config.js';
import { APP_SCHEME } from './app-origin.js';
import { refusedSwitchesIn } from './debug-switches.js';
import { chooseSavePath, confirmCamera, warn } from './dialogs.js';
import { hardenContents, hardenSession } from './hardening.js';
import { registerRequestBridge } from './ipc-bridge.js';
import { createLoopbackListener, listenerWarning, registerLoopbackApi } from './loopback-listener.js';
import { verifyNativeModules } from './native-integrity.js';
import { closeBrowserNetworkPaths, silenceSpellchecker } from './network-lockdown.js';
import { readOperatorSettings, writeOperatorSettings } from './operator-settings.js';
import { createPermissionPolicy } from './permission-policy.js';
import { registerPrintToPdf } from './print.js';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './protocol.js';
import { createMainWindow, loadUi } from './window.js';

const RENDERER_ROOT = fileURLToPath(new URL('../../renderer/', import.meta.url));
const PRELOAD_PATH = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));

let mainWindow: BrowserWindow | null = null;
let server: SymbolonServer | null = null;
const trustedWindow = () => (mainWindow !== null && !mainWindow.isDestroyed() ? mainWindow : null);

// First, before our own switches are added: a packaged build never runs under a remote debugger
// or without the sandbox (no fuse blocks these Chromium switches).
const refused = app.isPackaged ? refusedSwitchesIn(process.argv, app.commandLine) : [];
if (refused.length > 0) {
  process.stderr.write(`symbolon: refusing to start with --${refused.join(', --')}: it would hand the window to another program\n`);
  app.exit(1);
} else {
  // All before 'ready': resolver rules, the scheme's privileges, the sandbox for every renderer.
  closeBrowserNetworkPaths(app.commandLine);
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  app.enableSandbox();
  // Two instances would open one keyring file twice and race for the port.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
  } else {
    app.on('second-instance', () => {
      const window = trustedWindow();
      if (window === null) return;
      if (window.isMinimized()) window.restore();
      window.focus();
    });
    start().catch((error: unknown) => {
      dialog.showErrorBox('Symbolon could not start', error instanceof Error ? error.message : String(error));
      // app.exit skips 'will-quit': seal and close a keyring that was already opened first.
      void closeServer().catch(() => undefined).then(() => app.exit(1));
    });
  }
}

async function start(): Promise<void> {
  await app.whenReady();
  // Same tick as the first read of defaultSession: its dictionary download starts on that read.
  const ses = session.defaultSession;
  silenceSpellchecker(ses, (line) => process.stderr.write(line));
  const devTools = !app.isPackaged;
  if (app.isPackaged) verifyNativeModules(app.getAppPath());

  const policy = createPermissionPolicy({ confirmCamera: () => confirmCamera(trustedWindow) });
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, policy));
  hardenSession(ses, { policy, allowDevTools: devTools });
  protocol.handle(APP_SCHEME, createAppProtocolHandler({ root: RENDERER_ROOT }));

  const userData = app.getPath('userData');
  // mode is cut by the umask and ignored for a folder that already exists: chmod says it outright
  // (DESIGN.md "Files": the data folder is 0700 whatever the umask or an existing folder's mode).
  mkdirSync(userData, { recursive: true, mode: 0o700 });
  chmodSync(userData, 0o700);
  const port = apiPort(process.env);
  server = await createServer({ dataPath: keyringPath(userData), port, uiRoot: null, onInternalError: reportInternalError });
  const running = server;
  const listener = createLoopbackListener({
    port,
    enabled: readOperatorSettings(userData).loopbackApi,
    listen: () => running.listen(),
    saveEnabled: (enabled) => writeOperatorSettings(userData, { loopbackApi: enabled }),
  });
  registerRequestBridge(ipcMain, { inject: (req) => running.inject(req), trustedWindow });
  registerPrintToPdf(ipcMain, {
    trustedWindow,
    chooseSavePath: (suggested) => chooseSavePath(trustedWindow, suggested),
    writeFile: (path, data, options) => writeFile(path, data, { mode: 0o600, flag: options.exclusive ? 'wx' : 'w' }),
  });
  registerLoopbackApi(ipcMain, { trustedWindow, listener });

  // Trusted before its page runs: the page asks for the seal status while still loading.
  mainWindow = createMainWindow(PRELOAD_PATH, devTools);
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  // Closing the window ends the session on every platform: the keyring must seal.
  app.on('window-all-closed', () => app.quit());
  await loadUi(mainWindow);

  // After the window, so a port held by another program is said where the operator looks.
  const warning = listenerWarning(await listener.start());
  // The header shows the same alert, so a dialog that cannot be shown must not end the app.
  if (warning !== null) await warn(trustedWindow, warning).catch(() => undefined);
}

/** Seals the keyring (persisting encryption counts) and closes the database; once. */
let closing: Promise<void> | null = null;
function closeServer(): Promise<void> {
  closing ??= server === null ? Promise.resolve() : server.close();
  return closing;
}

// Seal before exit. Quit is deferred once until that is done.
app.on('will-quit', (event) => {
  if (closing !== null || server === null) return;
  event.preventDefault();
  closeServer().then(() => app.exit(0), () => app.exit(1));
});

function reportInternalError(error: unknown): void {
  // Names the error, never the request that caused it (it may hold a share or a token).
  process.stderr.write(`symbolon: internal error: ${error instanceof Error ? (error.stack ?? error.message) : 'unknown'}\n`);
}
