/**
 * Opens Symbolon's one window (options in window-options.ts) and loads the UI from
 * `app://symbolon/`. Everything security-relevant is decided in window-options.ts and
 * hardening.ts; this file only wires them to Electron.
 */
import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from './app-origin.js';
import { newMainWindow } from './window-options.js';

export async function createMainWindow(preloadPath: string, devTools: boolean): Promise<BrowserWindow> {
  const window = newMainWindow(BrowserWindow, { preloadPath, devTools });
  window.once('ready-to-show', () => window.show());
  await window.loadURL(APP_ENTRY_URL);
  return window;
}
