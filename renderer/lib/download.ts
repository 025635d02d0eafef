/**
 * Offers text as a browser download (the browser or Electron asks where to save it). Callers
 * decide what may leave this way: only material that is safe wherever it lands (PGP messages,
 * the audit transcript) — a plain share is saved only through an explicit destination picker.
 */
export function offerDownload(name: string, text: string | Uint8Array<ArrayBuffer>, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The click has started the download; the Blob is not needed after this task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
