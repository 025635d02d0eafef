/**
 * Backup screen state: take a snapshot of the live keyring (offered as a download; Electron asks
 * where to save it), and run a restore drill on a backup file with the custodians' shares. The
 * shares are sent once and never kept: the slice holds only the outcome.
 */
import { bytesToBase64, readDrill, readSnapshot } from '../lib/backup-types.js';
import type { DrillOutcome } from '../lib/backup-types.js';
import { toUiError } from './types.js';
import type { Slice, UiError } from './types.js';

export interface TakenBackup {
  filename: string;
  size: number;
  sha256: string;
  generation: number | null;
}

export interface BackupSlice {
  backupBusy: boolean;
  backupError: UiError | null;
  backupTaken: TakenBackup | null;
  drillOutcome: DrillOutcome | null;
  drillError: UiError | null;
  /** Takes a snapshot and hands its bytes to `save` (a download); refreshes the last-backup facts. */
  takeBackup(save: (filename: string, bytes: Uint8Array<ArrayBuffer>) => void): Promise<void>;
  runDrill(backup: Uint8Array, keys: readonly string[]): Promise<void>;
  resetBackup(): void;
}

const RECORD_POLLS = 20;
const RECORD_POLL_MS = 100;

export const createBackupSlice: Slice<BackupSlice> = ({ api }) => (set, get) => ({
  backupBusy: false,
  backupError: null,
  backupTaken: null,
  drillOutcome: null,
  drillError: null,
  async takeBackup(save) {
    set({ backupBusy: true, backupError: null });
    try {
      const file = readSnapshot(await api.request('GET', 'sys/storage/snapshot?encoding=base64'));
      const before = get().seal?.lastBackupTime ?? '';
      save(file.filename, file.bytes);
      set({ backupBusy: false, backupTaken: { filename: file.filename, size: file.size, sha256: file.sha256, generation: file.generation } });
      // The server records the backup once its answer has left whole, a moment after we have it.
      for (let i = 0; i < RECORD_POLLS; i++) {
        await get().refreshStatus();
        if ((get().seal?.lastBackupTime ?? '') !== before) break;
        await new Promise((resolve) => setTimeout(resolve, RECORD_POLL_MS));
      }
    } catch (err) {
      set({ backupBusy: false, backupError: toUiError(err) });
    }
  },
  async runDrill(backup, keys) {
    set({ backupBusy: true, drillError: null, drillOutcome: null });
    try {
      const outcome = readDrill(await api.request('PUT', 'sys/storage/drill', { backup: bytesToBase64(backup), keys: keys.filter((k) => k.trim() !== '') }));
      set({ backupBusy: false, drillOutcome: outcome });
    } catch (err) {
      set({ backupBusy: false, drillError: toUiError(err) });
    }
  },
  resetBackup() {
    set({ backupError: null, backupTaken: null, drillOutcome: null, drillError: null });
  },
});
