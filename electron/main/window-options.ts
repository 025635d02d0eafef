/**
 * Symbolon's one window, with every security switch written out in a single object literal so a
 * reviewer (and Electronegativity, which only sees literals passed to `new BrowserWindow`) reads
 * them in one place (Electron security checklist; Mullvad's `user-interface.ts`). Several are
 * Electron's defaults already; they are set anyway so an upgrade that changes a default, or a
 * careless edit, shows up in the unit test and in the scan.
 *
 * The BrowserWindow class is a parameter (a delegate), so the unit test passes a recording fake
 * and checks the exact options without Electron.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import { PRODUCT_NAME } from '../../shared/constants.js';

export interface WindowOptionsInput {
  /** Absolute path of the compiled preload (`out/electron/preload/index.cjs`). */
  readonly preloadPath: string;
  /** DevTools only in unpackaged developer runs. */
  readonly devTools: boolean;
}

export type WindowConstructor<W> = new (options: BrowserWindowConstructorOptions) => W;

// The parameter is deliberately named like Electron's class: Electronegativity matches
// `new BrowserWindow({...})` by name.
export function newMainWindow<W>(BrowserWindow: WindowConstructor<W>, input: WindowOptionsInput): W {
  if (typeof input.preloadPath !== 'string' || !input.preloadPath.endsWith('.cjs')) {
    throw new TypeError('preloadPath must name the compiled CommonJS preload (.cjs)');
  }
  if (typeof input.devTools !== 'boolean') throw new TypeError('devTools must be a boolean');
  return new BrowserWindow({
    title: PRODUCT_NAME,
    width: 1200,
    height: 860,
    minWidth: 800,
    minHeight: 600,
    // Shown on 'ready-to-show', so a custodian never sees a half-drawn screen.
    show: false,
    backgroundColor: '#101418',
    autoHideMenuBar: true,
    webPreferences: {
      preload: input.preloadPath,
      // The renderer is a plain Chromium page: OS sandbox, no Node, preload in its own world.
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      // Same-origin policy and mixed-content rules stay on.
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // No <webview>, no plugins, no navigation by dropping a file on the window.
      webviewTag: false,
      plugins: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // Shares are typed here: the spellchecker must not see (or upload) them.
      spellcheck: false,
      devTools: input.devTools,
      // Middle-click must not open links in a new window (Electronegativity AUXCLICK).
      disableBlinkFeatures: 'Auxclick',
    },
  });
}
