/**
 * Writing a custodian's share to a file, the two ways DESIGN.md allows ("Share export"):
 * - the PGP-encrypted `.asc` as an ordinary download (only the custodian's key can read it; in
 *   Electron the download goes through the save dialog);
 * - the plain share only to a file the operator picks in a save dialog (File System Access API,
 *   Chromium and Electron). Without a dialog there is no plain-share file: a browser download
 *   could land in a default folder nobody chose.
 */
import { offerDownload } from '../../lib/download.js';

interface SaveFilePickerOptions {
  suggestedName: string;
  types: { description: string; accept: Record<string, string[]> }[];
}
interface WritableFile {
  write(data: string): Promise<void>;
  close(): Promise<void>;
}
type ShowSaveFilePicker = (options: SaveFilePickerOptions) => Promise<{ createWritable(): Promise<WritableFile> }>;

/** Offers `content` as a download named `name` (ASCII-armored PGP messages only). */
export function downloadArmored(name: string, armored: string): void {
  if (typeof name !== 'string' || name === '') throw new TypeError('name must be a non-empty string');
  if (typeof armored !== 'string' || !armored.includes('-----BEGIN PGP MESSAGE-----')) {
    throw new TypeError('only an ASCII-armored PGP message is offered as a download');
  }
  offerDownload(name, armored, 'application/pgp-encrypted');
}

function savePicker(): ShowSaveFilePicker | null {
  const picker = (window as unknown as { showSaveFilePicker?: unknown }).showSaveFilePicker;
  return typeof picker === 'function' ? (picker.bind(window) as ShowSaveFilePicker) : null;
}

/** Whether this browser can ask the operator for a destination. */
export function canChooseDestination(): boolean {
  return savePicker() !== null;
}

export type PlainSaveOutcome = 'saved' | 'cancelled' | 'unsupported';

/** Writes the plain share text to a file the operator picks; nothing is written otherwise. */
export async function savePlainShare(name: string, text: string): Promise<PlainSaveOutcome> {
  if (typeof name !== 'string' || name === '') throw new TypeError('name must be a non-empty string');
  if (typeof text !== 'string' || text === '') throw new TypeError('text must be a non-empty string');
  const picker = savePicker();
  if (!picker) return 'unsupported';
  let handle: Awaited<ReturnType<ShowSaveFilePicker>>;
  try {
    handle = await picker({ suggestedName: name, types: [{ description: 'Plain share text', accept: { 'text/plain': ['.txt'] } }] });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') return 'cancelled';
    throw err;
  }
  const file = await handle.createWritable();
  await file.write(`${text}\n`);
  await file.close();
  return 'saved';
}
