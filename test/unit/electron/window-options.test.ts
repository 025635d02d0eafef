/** The window's security switches, checked on the exact options object Electron would receive. */
import { describe, expect, it } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';
import { newMainWindow } from '../../../electron/main/window-options.js';

/** Stands in for Electron's BrowserWindow: records what it was constructed with. */
class RecordingWindow {
  static last: BrowserWindowConstructorOptions | null = null;
  constructor(readonly options: BrowserWindowConstructorOptions) {
    RecordingWindow.last = options;
  }
}

const preloadPath = '/app/out/electron/preload/index.cjs';

describe('main window options', () => {
  it('turns on sandbox, context isolation and web security, and turns off every Node door', () => {
    const { options } = newMainWindow(RecordingWindow, { preloadPath, devTools: false });
    expect(options.webPreferences).toEqual({
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      plugins: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: false,
      disableBlinkFeatures: 'Auxclick',
    });
  });

  it('enables no experimental Blink feature and stays hidden until the first paint', () => {
    const { options } = newMainWindow(RecordingWindow, { preloadPath, devTools: true });
    expect(options.webPreferences).not.toHaveProperty('enableBlinkFeatures');
    expect(options.webPreferences?.devTools).toBe(true);
    expect(options.show).toBe(false);
    expect(options.title).toBe('Symbolon');
  });

  it('refuses a preload that is not the compiled CommonJS file', () => {
    expect(() => newMainWindow(RecordingWindow, { preloadPath: '/app/out/electron/preload/index.js', devTools: false })).toThrow(TypeError);
    expect(() => newMainWindow(RecordingWindow, { preloadPath: '', devTools: false })).toThrow(/preloadPath/);
    RecordingWindow.last = null;
    expect(() => newMainWindow(RecordingWindow, { preloadPath, devTools: 'yes' as unknown as boolean })).toThrow(/devTools/);
    expect(RecordingWindow.last).toBeNull();
  });
});
