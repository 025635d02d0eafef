/**
 * Status: seal-status (no token needed), key-status and rotation config (need a token and an
 * unsealed keyring). Each part fails on its own, so a missing token does not hide the seal state.
 */
import { keyStatus, rotateConfig, sealNow, sealStatus } from '../lib/endpoints.js';
import type { KeyStatus, RotateConfig, SealStatus } from '../lib/api-types.js';
import { toUiError } from './types.js';
import type { Slice, UiError } from './types.js';

export interface StatusSlice {
  seal: SealStatus | null;
  keyStatus: KeyStatus | null;
  rotateConfig: RotateConfig | null;
  statusError: UiError | null;
  /** Why key-status / rotate config could not be read (no token, sealed, no permission). */
  keyringError: UiError | null;
  statusLoadedAt: number | null;
  sealError: UiError | null;
  refreshStatus(): Promise<void>;
  /** Seals (update+sudo token). Sealing abandons running rekey/generate-root attempts. */
  sealKeyring(): Promise<boolean>;
}

export const createStatusSlice: Slice<StatusSlice> = ({ api, now }) => (set, get) => ({
  seal: null,
  keyStatus: null,
  rotateConfig: null,
  statusError: null,
  keyringError: null,
  statusLoadedAt: null,
  sealError: null,
  async sealKeyring() {
    set({ sealError: null });
    try {
      await sealNow(api);
    } catch (err) {
      set({ sealError: toUiError(err) });
      return false;
    }
    // The server dropped any rekey or root generation; drop their (now useless) secrets too.
    get().restartRekey();
    get().restartGenerateRoot();
    get().wipeUnseal();
    await get().refreshStatus();
    return true;
  },
  async refreshStatus() {
    let seal: SealStatus;
    try {
      seal = await sealStatus(api);
    } catch (err) {
      set({ statusError: toUiError(err) });
      return;
    }
    set({ seal, statusError: null, statusLoadedAt: now() });
    if (!seal.initialized || seal.sealed) {
      set({ keyStatus: null, rotateConfig: null, keyringError: null });
      return;
    }
    if (!get().token) {
      set({ keyStatus: null, rotateConfig: null, keyringError: { message: 'Sign in to see the key term and rotation settings.', status: 403, code: '', context: {} } });
      return;
    }
    try {
      const [ks, rc] = await Promise.all([keyStatus(api), rotateConfig(api)]);
      set({ keyStatus: ks, rotateConfig: rc, keyringError: null });
    } catch (err) {
      set({ keyStatus: null, rotateConfig: null, keyringError: toUiError(err) });
    }
  },
});
