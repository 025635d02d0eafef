/**
 * Unseal ceremony: custodians enter shares one at a time. The server judges each share at entry
 * (API.md "Better than Vault") and names its custodian; this slice keeps the T-of-N progress, the
 * list of custodians accepted so far (names only, never shares) and the last verdict.
 */
import { resetUnseal, unseal } from '../lib/endpoints.js';
import { toUiError } from './types.js';
import type { Slice, UiError } from './types.js';

export interface AcceptedShare {
  shareIndex: number | null;
  custodian: string;
}

export interface UnsealSlice {
  unsealProgress: number;
  unsealThreshold: number;
  unsealAccepted: AcceptedShare[];
  /** Plain-language result of the last submission (accepted, duplicate, unsealed). */
  unsealVerdict: string;
  unsealError: UiError | null;
  unsealBusy: boolean;
  unsealDone: boolean;
  /** Submits the current share draft. */
  submitUnsealShare(): Promise<void>;
  resetUnsealAttempt(): Promise<void>;
  wipeUnseal(): void;
}

const IDLE = { unsealProgress: 0, unsealThreshold: 0, unsealAccepted: [], unsealVerdict: '', unsealError: null, unsealBusy: false, unsealDone: false };

export const createUnsealSlice: Slice<UnsealSlice> = ({ api }) => (set, get) => {
  /** A failed attempt at threshold clears the server's progress; forget the names with it. */
  const syncWithServer = (): void => {
    const seal = get().seal;
    if (!seal?.sealed) return;
    set({ unsealProgress: seal.progress, unsealThreshold: seal.t, unsealAccepted: get().unsealAccepted.slice(0, seal.progress) });
  };
  return {
  ...IDLE,
  async submitUnsealShare() {
    const key = get().shareDraft.trim();
    if (key === '') {
      set({ unsealError: { message: 'Enter a share first.', status: 0, code: '', context: {} } });
      return;
    }
    set({ unsealBusy: true, unsealError: null, unsealVerdict: '' });
    const before = get().seal?.progress ?? get().unsealProgress;
    try {
      const res = await unseal(api, key);
      const who = res.custodian !== '' ? res.custodian : 'A custodian';
      const which = res.shareIndex !== null ? ` (share ${res.shareIndex})` : '';
      let verdict: string;
      if (!res.sealed) verdict = `Share accepted${which} from ${who}. The keyring is unsealed.`;
      else if (res.duplicate || (res.progress === before && res.progress > 0)) verdict = 'This share was already entered in this attempt; progress is unchanged.';
      else verdict = `Share accepted${which} from ${who}. ${res.progress} of ${res.t} entered.`;
      const accepted = res.progress > before || !res.sealed ? [...get().unsealAccepted, { shareIndex: res.shareIndex, custodian: res.custodian }] : get().unsealAccepted;
      set({
        unsealBusy: false,
        unsealVerdict: verdict,
        unsealProgress: res.sealed ? res.progress : res.t,
        unsealThreshold: res.t,
        unsealAccepted: accepted,
        unsealDone: !res.sealed,
        shareDraft: '',
        seal: res,
      });
    } catch (err) {
      // Keep the draft: the custodian corrects the group the server (or the checksum) points to.
      set({ unsealBusy: false, unsealError: toUiError(err) });
    }
    await get().refreshStatus();
    syncWithServer();
  },
  async resetUnsealAttempt() {
    set({ unsealBusy: true, unsealError: null });
    try {
      const seal = await resetUnseal(api);
      set({ ...IDLE, seal, unsealThreshold: seal.t, shareDraft: '' });
    } catch (err) {
      set({ unsealBusy: false, unsealError: toUiError(err) });
    }
  },
  wipeUnseal() {
    set({ ...IDLE, shareDraft: '' });
  },
  };
};
