/**
 * Saves the rekey backup as an ordinary download. Like the `.asc` hand-out files
 * (handout/file-export.ts) this is fine only because every share in it is a PGP message: only
 * the custodians' private keys can read it, wherever the browser puts the file.
 */
import { offerDownload } from '../../lib/download.js';

/** Offers `text` (the backup JSON) as a download named `name`. */
export function downloadBackupJson(name: string, text: string): void {
  if (typeof name !== 'string' || !name.endsWith('.json')) throw new TypeError('name must be a .json file name');
  if (typeof text !== 'string' || text === '') throw new TypeError('text must be a non-empty string');
  offerDownload(name, text, 'application/json');
}
