/**
 * `symbolon:print-to-pdf`: saves the Symbolon window's own page as a PDF where the operator
 * chooses (handouts). The renderer only suggests a title; it never names a path, and nothing is
 * written unless the operator picks a file in the native save dialog (a handout carries a share:
 * it goes to disk only when asked). The PDF bytes are zeroed after writing, best effort.
 *
 * The dialog's overwrite prompt only covers the name the operator typed. When `.pdf` has to be
 * appended, the resulting file was never confirmed, so it is created exclusively: if it already
 * exists the dialog is shown again on that exact name, where the prompt applies.
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
  /**
   * Shows the save dialog with a suggested file name, or a full path when asking again; null
   * when the operator cancels.
   */
  readonly chooseSavePath: (suggested: string) => Promise<string | null>;
  /**
   * Writes owner-only (0600). With `exclusive` it must fail with code EEXIST rather than replace
   * an existing file (`flag: 'wx'`).
   */
  readonly writeFile: (path: string, data: Uint8Array, options: { exclusive: boolean }) => Promise<void>;
}

/** How often the dialog is shown again for a name that already exists before giving up. */
export const MAX_SAVE_ATTEMPTS = 3;

/** Thrown when the operator keeps choosing names whose `.pdf` file already exists. */
export class SaveRefusedError extends Error {
  constructor() {
    super('not saved: each chosen name already exists as a .pdf file the dialog did not ask about');
    this.name = 'SaveRefusedError';
  }
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
    let chosen = await deps.chooseSavePath(pdfFileName(title));
    if (chosen === null) return { saved: false };
    const pdf = await window.webContents.printToPDF({ printBackground: true, preferCSSPageSize: true });
    try {
      for (let attempt = 1; ; attempt += 1) {
        const confirmed = /\.pdf$/i.test(chosen);
        const path = confirmed ? chosen : `${chosen}.pdf`;
        try {
          await deps.writeFile(path, pdf, { exclusive: !confirmed });
          return { saved: true, path };
        } catch (error) {
          if (confirmed || !isAlreadyExists(error)) throw error;
          if (attempt >= MAX_SAVE_ATTEMPTS) throw new SaveRefusedError();
          // Ask about the very file that would be replaced; the dialog's prompt then applies.
          chosen = await deps.chooseSavePath(path);
          if (chosen === null) return { saved: false };
        }
      }
    } finally {
      pdf.fill(0);
    }
  };
}

function isAlreadyExists(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EEXIST';
}

export function registerPrintToPdf(ipcMain: IpcMainLike, deps: PrintDeps): void {
  const handler = createPrintHandler(deps);
  ipcMain.handle(PRINT_TO_PDF_CHANNEL, handler);
}
