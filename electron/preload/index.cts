/**
 * Preload of the sandboxed renderer (CommonJS: sandboxed preloads cannot be ES modules and may
 * only `require('electron')`). Exposes `window.symbolon` (shared/ipc-schema.ts SymbolonBridge):
 * `request`, the one door to the API, `printToPdf` for handouts, and the loopback listener's
 * status and setting for the header. Nothing else crosses.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS file under verbatimModuleSyntax must import this way.
import electron = require('electron');
import type { LOOPBACK_API_STATUS_CHANNEL as StatusChannel, PRINT_TO_PDF_CHANNEL as PrintChannel, REQUEST_CHANNEL as RequestChannel, SET_LOOPBACK_API_CHANNEL as SetChannel, SymbolonBridge } from '../../shared/ipc-schema.js' with { 'resolution-mode': 'import' };

// Literals, because the sandbox cannot load shared/; the types pin them to the schema's names.
const REQUEST: typeof RequestChannel = 'symbolon:request';
const PRINT: typeof PrintChannel = 'symbolon:print-to-pdf';
const STATUS: typeof StatusChannel = 'symbolon:loopback-api-status';
const SET: typeof SetChannel = 'symbolon:set-loopback-api';

const bridge: SymbolonBridge = {
  request: (req) => electron.ipcRenderer.invoke(REQUEST, req),
  printToPdf: (req) => electron.ipcRenderer.invoke(PRINT, req),
  loopbackApiStatus: () => electron.ipcRenderer.invoke(STATUS),
  setLoopbackApi: (req) => electron.ipcRenderer.invoke(SET, req),
};

electron.contextBridge.exposeInMainWorld('symbolon', bridge);
