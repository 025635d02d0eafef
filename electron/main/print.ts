/**
 * `symbolon:print-to-pdf`: saves the Symbolon window's own page as a PDF where the operator
 * chooses (handouts). The renderer only suggests a title; it never names a path, and nothing is
 * written unless the operator picks a file in the native save dialog (a handout carries a share:
 * it goes to disk only when asked). The PDF bytes are zeroed after writing, best effort.
 *
 * Delegates (dialog, file writer) keep it testable without Electron.
 */
import { PRINT_TO_PDF_CHANNEL, parsePrintToPdfRequest } from '../../shared/ipc-schema.js';
import type { PrintToPdfResponse } from '../../shared/ipc-schema.js';
import type { IpcMainLike } from './ipc-bridge.js';
import { UntrustedSenderError } from './ipc-bridge.js';
import { isTrustedSender } from './sender-check.js';
import type { SenderEventLike } from './sender-check.js';

/** The window whose page is printed; `printToPDF` is `WebContents.printToPDF`. */
export interface PrintableWindowLike {
  readonly webContents: {
    readonly mainFrame: unknown;
    printToPDF(options: { printBackground: boolean; preferCSSPageSize: boolean }): Promise<Uint8Array>;
  };
}

export interface PrintDeps {
  readonly trustedWindow: () => PrintableWindowLike | null;
  /** Shows the save dialog with a suggested file name; null when the operator cancels. */
  readonly chooseSavePath: (suggestedName: string) => Promise<string | null>;
  /** Writes owner-only (0600). */
  readonly writeFile: (path: string, data: Uint8Array) => Promise<void>;
}

/** A title becomes a harmless file name: letters, digits, space, dot, dash, underscore. */
export function pdfFileName(title: string): string {
  const cleaned = title.replace(/[^\p{L}\p{N} ._-]+/gu, ' ').replace(/\s+/g, ' ').replace(/^[ .]+|[ .]+$/g, '').slice(0, 100);
  return `${cleaned || 'Symbolon handout'}.pdf`;
}

export function createPrintHandler(deps: PrintDeps): (event: SenderEventLike, payload: unknown) => Promise<PrintToPdfResponse> {
  return async (event, payload) => {
    const window = deps.trustedWindow();
    if (!isTrustedSender(event, window) || window === null) throw new UntrustedSenderError();
    const { title } = parsePrintToPdfRequest(payload);
    const chosen = await deps.chooseSavePath(pdfFileName(title));
    if (chosen === null) return { saved: false };
    const path = /\.pdf$/i.test(chosen) ? chosen : `${chosen}.pdf`;
    const pdf = await window.webContents.printToPDF({ printBackground: true, preferCSSPageSize: true });
    try {
      await deps.writeFile(path, pdf);
    } finally {
      pdf.fill(0);
    }
    return { saved: true, path };
  };
}

export function registerPrintToPdf(ipcMain: IpcMainLike, deps: PrintDeps): void {
  const handler = createPrintHandler(deps);
  ipcMain.handle(PRINT_TO_PDF_CHANNEL, handler);
}
