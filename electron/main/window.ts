/**
 * Opens Symbolon's one window (options in window-options.ts) and loads the UI from
 * `app://symbolon/`. Everything security-relevant is decided in window-options.ts and
 * hardening.ts; this file only wires them to Electron.
 *
 * Creating and loading are two steps so the caller can trust the window before its page runs:
 * the page's first IPC call arrives while `loadURL` is still pending, and the sender check
 * (which also requires the frame to show `app://symbolon/`) would refuse it if the window were
 * not known yet.
 */
import { BrowserWindow, dialog } from 'electron';
import { APP_ENTRY_URL } from './app-origin.js';
import { guardLeaving } from './leave-guard.js';
import { newMainWindow } from './window-options.js';

export function createMainWindow(preloadPath: string, devTools: boolean): BrowserWindow {
  const window = newMainWindow(BrowserWindow, { preloadPath, devTools });
  window.once('ready-to-show', () => window.show());
  guardLeaving(window, dialog);
  return window;
}

export async function loadUi(window: BrowserWindow): Promise<void> {
  await window.loadURL(APP_ENTRY_URL);
}
