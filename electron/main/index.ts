/**
 * Electron main process entry: starts the API (the same server `symbolon serve` runs, listening
 * on loopback so local scripts keep working), hardens the session, serves the UI from
 * `app://symbolon/`, wires the IPC bridge and opens the one window. Each concern lives in its own
 * file; this one only puts them in order (Mullvad's lesson: keep `main/index.ts` small).
 */
import { mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, ipcMain, protocol, session } from 'electron';
import type { BrowserWindow } from 'electron';
import { createServer } from '../api/server.js';
import type { SymbolonServer } from '../api/server.js';
import { apiPort, keyringPath } from './app-config.js';
import { APP_SCHEME } from './app-origin.js';
import { hardenContents, hardenSession } from './hardening.js';
import { registerRequestBridge } from './ipc-bridge.js';
import { createPermissionPolicy } from './permission-policy.js';
import { registerPrintToPdf } from './print.js';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './protocol.js';
import { createMainWindow } from './window.js';

const RENDERER_ROOT = fileURLToPath(new URL('../../renderer/', import.meta.url));
const PRELOAD_PATH = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));

let mainWindow: BrowserWindow | null = null;
let server: SymbolonServer | null = null;

// Both must happen before 'ready': the scheme's privileges, and the sandbox for every renderer.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.enableSandbox();

// Two instances would open one keyring file twice and race for the port.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow === null) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  start().catch((error: unknown) => {
    dialog.showErrorBox('Symbolon could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
}

async function start(): Promise<void> {
  await app.whenReady();
  const devTools = !app.isPackaged;
  const trustedWindow = () => (mainWindow !== null && !mainWindow.isDestroyed() ? mainWindow : null);

  const policy = createPermissionPolicy({ confirmCamera });
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, policy));
  hardenSession(session.defaultSession, { policy, allowDevTools: devTools });
  protocol.handle(APP_SCHEME, createAppProtocolHandler({ root: RENDERER_ROOT }));

  const userData = app.getPath('userData');
  mkdirSync(userData, { recursive: true, mode: 0o700 });
  server = await createServer({ dataPath: keyringPath(userData), port: apiPort(process.env), uiRoot: null, onInternalError: reportInternalError });
  try {
    await server.listen();
  } catch (error) {
    // The UI does not need the listener (it uses IPC); scripts do, so say so and carry on.
    dialog.showErrorBox('Symbolon: loopback API not started',
      `${error instanceof Error ? error.message : String(error)}\n\nThe app works; local scripts cannot reach it. Set SYMBOLON_PORT to use another port.`);
  }
  const running = server;
  registerRequestBridge(ipcMain, { inject: (req) => running.inject(req), trustedWindow });
  registerPrintToPdf(ipcMain, {
    trustedWindow,
    chooseSavePath: (name) => chooseSavePath(name),
    writeFile: (path, data) => writeFile(path, data, { mode: 0o600 }),
  });

  mainWindow = await createMainWindow(PRELOAD_PATH, devTools);
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  // Closing the window ends the session on every platform: the keyring must seal.
  app.on('window-all-closed', () => app.quit());
}

// Seal before exit: `server.close()` seals the keyring (persisting encryption counts) and
// closes the database. Quit is deferred once until that is done.
let sealed = false;
app.on('will-quit', (event) => {
  if (sealed || server === null) return;
  event.preventDefault();
  sealed = true;
  server.close().then(() => app.exit(0), () => app.exit(1));
});

async function confirmCamera(): Promise<boolean> {
  const options = {
    type: 'question' as const,
    buttons: ['Use camera', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    message: 'Scan a QR code with the camera?',
    detail: 'Symbolon may use the camera for the next two minutes, for this scan only. Nothing is recorded or stored.',
  };
  const { response } = mainWindow ? await dialog.showMessageBox(mainWindow, options) : await dialog.showMessageBox(options);
  return response === 0;
}

async function chooseSavePath(suggestedName: string): Promise<string | null> {
  const options = {
    title: 'Save handout as PDF',
    defaultPath: join(app.getPath('documents'), suggestedName),
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
    properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const],
  };
  const result = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}

function reportInternalError(error: unknown): void {
  // Names the error, never the request that caused it (it may hold a share or a token).
  process.stderr.write(`symbolon: internal error: ${error instanceof Error ? (error.stack ?? error.message) : 'unknown'}\n`);
}
