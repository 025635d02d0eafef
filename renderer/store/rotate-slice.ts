/**
 * Rotate screen state: rotate now (update+sudo token), the auto-rotation config form (showing the
 * API's own validation messages), and rewrap progress. Nothing here is secret.
 */
import { rotate, writeRotateConfig } from '../lib/endpoints.js';
import { readRewrapStatus } from '../lib/rewrap-types.js';
import type { RewrapStatus } from '../lib/rewrap-types.js';
import { toUiError } from './types.js';
import type { Slice, UiError } from './types.js';

export interface RotateConfigForm {
  maxOperations: string;
  interval: string;
  enabled: boolean;
}

export interface RotateSlice {
  rotateMessage: string;
  rotateError: UiError | null;
  rotateConfigMessage: string;
  rotateConfigError: UiError | null;
  rewrap: RewrapStatus | null;
  /** 'unknown' until asked; 'missing' when the server has no sys/rewrap (404/405). */
  rewrapAvailability: 'unknown' | 'available' | 'missing';
  rewrapError: UiError | null;
  rotateBusy: boolean;
  /** Resolves true when the API rotated. */
  rotateNow(): Promise<boolean>;
  saveRotateConfig(form: RotateConfigForm): Promise<boolean>;
  loadRewrap(): Promise<void>;
  startRewrap(): Promise<void>;
}

/** Only the fields the operator changed are sent (API.md: "only fields given change"). */
export function rotateConfigBody(form: RotateConfigForm): Record<string, unknown> {
  const body: Record<string, unknown> = { enabled: form.enabled };
  const max = form.maxOperations.trim();
  if (max !== '') body.max_operations = /^\d+$/.test(max) ? Number(max) : max;
  const interval = form.interval.trim();
  if (interval !== '') body.interval = /^\d+$/.test(interval) ? Number(interval) : interval;
  return body;
}

export const createRotateSlice: Slice<RotateSlice> = ({ api }) => (set, get) => ({
  rotateMessage: '',
  rotateError: null,
  rotateConfigMessage: '',
  rotateConfigError: null,
  rewrap: null,
  rewrapAvailability: 'unknown',
  rewrapError: null,
  rotateBusy: false,
  async rotateNow() {
    const before = get().keyStatus?.term ?? null;
    set({ rotateBusy: true, rotateError: null, rotateMessage: '' });
    try {
      await rotate(api);
      await get().refreshStatus();
      await get().loadRewrap();
      const after = get().keyStatus?.term ?? null;
      set({ rotateBusy: false, rotateMessage: after !== null ? `Rotated: new encryptions now use term ${after}${before !== null ? ` (was ${before})` : ''}. Older terms still decrypt.` : 'Rotated.' });
      return true;
    } catch (err) {
      set({ rotateBusy: false, rotateError: toUiError(err) });
      return false;
    }
  },
  async saveRotateConfig(form) {
    set({ rotateBusy: true, rotateConfigError: null, rotateConfigMessage: '' });
    try {
      await writeRotateConfig(api, rotateConfigBody(form));
      await get().refreshStatus();
      set({ rotateBusy: false, rotateConfigMessage: 'Rotation settings saved.' });
      return true;
    } catch (err) {
      set({ rotateBusy: false, rotateConfigError: toUiError(err) });
      return false;
    }
  },
  async loadRewrap() {
    try {
      const rewrap = readRewrapStatus(await api.request('GET', 'sys/rewrap'));
      set({ rewrap, rewrapAvailability: 'available', rewrapError: null });
    } catch (err) {
      const e = toUiError(err);
      if (e.status === 404 || e.status === 405) set({ rewrapAvailability: 'missing', rewrapError: null });
      else set({ rewrapError: e });
    }
  },
  async startRewrap() {
    set({ rotateBusy: true, rewrapError: null });
    try {
      const body = await api.request('POST', 'sys/rewrap', {});
      // 204 has no body: read the progress separately.
      if (body !== null && body !== undefined) set({ rewrap: readRewrapStatus(body), rewrapAvailability: 'available' });
      await get().loadRewrap();
      set({ rotateBusy: false });
    } catch (err) {
      set({ rotateBusy: false, rewrapError: toUiError(err) });
    }
  },
});
