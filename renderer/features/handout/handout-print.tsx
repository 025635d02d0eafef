/**
 * The print view: handout pages in a container directly under <body>, invisible on screen and
 * the only thing printed while it exists (handout.css). Printing, Chromium's print preview and
 * Electron's printToPDF all lay it out with CSS paged media: one custodian per page.
 * The title given to Electron's save dialog names the custodian and share index only.
 */
import { createPortal } from 'react-dom';
import type { ReactNode } from 'react';
import { selectPdfPrinter } from '../../lib/api.js';

export function HandoutPrint({ children }: { children: ReactNode }) {
  return createPortal(<div className="handout-print">{children}</div>, document.body);
}

export type PrintOutcome = 'printed' | 'saved' | 'cancelled';

/**
 * In Electron: `printToPDF` of this page through the shell's save dialog (shared/ipc-schema.ts
 * `print-to-pdf`). In a browser: the print dialog, which prints on paper or saves a PDF; whether
 * the operator went through with it cannot be known, so it counts as printed.
 */
export async function printHandout(title: string): Promise<PrintOutcome> {
  if (typeof title !== 'string' || title.trim() === '') throw new TypeError('title must be a non-empty string');
  const printer = selectPdfPrinter();
  if (printer) return (await printer({ title })).saved ? 'saved' : 'cancelled';
  window.print();
  return 'printed';
}
