/**
 * The rekey backup on the result page (API.md "sys/rekey/backup", Vault's RekeyBackup): download
 * the PGP-encrypted new shares as a JSON file, or delete them from the keyring. Both need a
 * token. The backup is never kept in the store: it is handed to the screen to save and dropped.
 */
import type { Api } from '../lib/api.js';
import { deleteRekeyBackup, rekeyBackup } from '../lib/endpoints.js';
import type { RekeyBackupFile, RekeySlice } from './rekey-state.js';
import { toUiError } from './types.js';
import type { AppState, UiError } from './types.js';

type Set = (partial: Partial<AppState>) => void;
type Get = () => AppState;

const NOT_SIGNED_IN = 'The backup can only be read or deleted with a token. Sign in first (the root token can).';

/** The API's refusals, said in the room's words; the status and code are kept. */
function explain(err: unknown): UiError {
  const e = toUiError(err);
  if (e.status === 403) return { ...e, message: `The keyring refused this token for the backup (${e.message}). Sign in with a token that may read and delete sys/rekey/backup, such as the root token.` };
  if (e.status === 400 && (e.code === 'NO_BACKUP' || /no backed-up keys found/i.test(e.message))) {
    return { ...e, message: 'No backup is kept in the keyring: this rekey did not ask for one, or it was already deleted.' };
  }
  return e;
}

/** `symbolon-rekey-backup-<keyring id first 8>-gen<generation>.json` */
export function backupFileName(keyringId: string, generation: number | null): string {
  const id = keyringId.replaceAll('-', '').slice(0, 8) || 'keyring';
  return `symbolon-rekey-backup-${id}-gen${generation ?? 'unknown'}.json`;
}

export function rekeyBackupActions(api: Api, set: Set, get: Get): Pick<RekeySlice, 'fetchRekeyBackup' | 'deleteRekeyBackup'> {
  /** Runs one backup call with its own busy/error bookkeeping; null when it failed. */
  const run = async <T>(work: () => Promise<T>): Promise<T | null> => {
    set({ backupBusy: true, backupError: null, backupVerdict: '' });
    if (get().token === null) {
      set({ backupBusy: false, backupError: { message: NOT_SIGNED_IN, status: 403, code: 'NOT_SIGNED_IN', context: {} } });
      return null;
    }
    try {
      const out = await work();
      set({ backupBusy: false });
      return out;
    } catch (err) {
      set({ backupBusy: false, backupError: explain(err) });
      return null;
    }
  };

  return {
    fetchRekeyBackup: () => run(async (): Promise<RekeyBackupFile> => {
      const b = await rekeyBackup(api);
      const generation = b.generation ?? get().rekeyGeneration;
      const file = { nonce: b.nonce, keyring_id: get().seal?.keyringId ?? '', generation, keys: b.keys, keys_base64: b.keysBase64 };
      const count = Object.values(b.keys).reduce((n, list) => n + list.length, 0);
      set({ backupVerdict: `Backup read: ${count} encrypted share${count === 1 ? '' : 's'} for generation ${generation ?? 'unknown'}. Save the file; only the custodians’ PGP keys can open the shares in it.` });
      return { name: backupFileName(get().seal?.keyringId ?? '', generation), text: `${JSON.stringify(file, null, 2)}\n` };
    }),
    deleteRekeyBackup: async () => {
      const done = await run(async () => { await deleteRekeyBackup(api); return true; });
      if (done) set({ backupVerdict: 'Backup deleted from the keyring. The new shares stay valid; lost share files can no longer be recovered from the keyring.' });
    },
  };
}
