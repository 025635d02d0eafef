/**
 * Initialize ceremony: custodians → threshold → review → generate → hand-out (one custodian at a
 * time) → root token → done. The shares and the root token live only in `initResult` and are
 * wiped when the ceremony ends, on reset and after inactivity.
 */
import { initialize } from '../lib/endpoints.js';
import type { InitResult } from '../lib/api-types.js';
import { nextCustodian, showShare } from './handout-cursor.js';
import { HANDOUT_START, toUiError } from './types.js';
import type { HandoutCursor, Slice, UiError } from './types.js';

export type InitStep = 'custodians' | 'threshold' | 'review' | 'handout' | 'root-token' | 'done';
export const INIT_STEPS: readonly InitStep[] = ['custodians', 'threshold', 'review', 'handout', 'root-token', 'done'];

export interface CustodianDraft {
  name: string;
  /** ASCII-armored PGP public key, or '' for a plain share. Public data, not a secret. */
  pgpKey: string;
}

export interface InitSlice {
  initStep: InitStep;
  initCustodians: CustodianDraft[];
  initThreshold: number;
  initResult: InitResult | null;
  initHandout: HandoutCursor;
  initError: UiError | null;
  initBusy: boolean;
  setInitCustodians(custodians: CustodianDraft[]): void;
  setInitThreshold(threshold: number): void;
  goInitStep(step: InitStep): void;
  runInit(): Promise<void>;
  showInitShare(): void;
  nextInitCustodian(): void;
  /** Ends the ceremony: wipes shares and root token, keeps nothing secret. */
  finishInit(): void;
  wipeInit(): void;
}

const START = {
  initStep: 'custodians' as InitStep,
  initCustodians: [{ name: '', pgpKey: '' }, { name: '', pgpKey: '' }, { name: '', pgpKey: '' }],
  initThreshold: 2,
  initResult: null,
  initHandout: HANDOUT_START,
  initError: null,
  initBusy: false,
};

/** Checks the plan before anything is sent; returns the first problem, or '' when valid. */
export function validateInitPlan(custodians: readonly CustodianDraft[], threshold: number): string {
  const n = custodians.length;
  if (n < 1) return 'Add at least one custodian.';
  if (n > 255) return 'At most 255 custodians.';
  const names = custodians.map((c) => c.name.trim());
  if (names.some((name) => name === '')) return 'Every custodian needs a name.';
  if (new Set(names.map((x) => x.toLowerCase())).size !== n) return 'Custodian names must be different.';
  if (!Number.isInteger(threshold) || threshold < 1) return 'The threshold must be a whole number of at least 1.';
  if (threshold > n) return `The threshold cannot exceed the number of custodians (${n}).`;
  if (n > 1 && threshold < 2) return 'With more than one custodian the threshold must be at least 2.';
  return '';
}

export const createInitSlice: Slice<InitSlice> = ({ api }) => (set, get) => ({
  ...START,
  setInitCustodians(custodians) {
    set({ initCustodians: custodians, initError: null });
  },
  setInitThreshold(threshold) {
    set({ initThreshold: threshold, initError: null });
  },
  goInitStep(step) {
    // Once shares exist, the plan cannot be edited: going back would mean a second init.
    if (get().initResult !== null && (step === 'custodians' || step === 'threshold' || step === 'review')) return;
    set({ initStep: step, initError: null });
  },
  async runInit() {
    const { initCustodians: custodians, initThreshold: threshold } = get();
    const problem = validateInitPlan(custodians, threshold);
    if (problem !== '') {
      set({ initError: { message: problem, status: 0, code: '', context: {} } });
      return;
    }
    const keys = custodians.map((c) => c.pgpKey.trim());
    const withPgp = keys.some((k) => k !== '');
    if (withPgp && keys.some((k) => k === '')) {
      set({ initError: { message: 'Give every custodian a PGP key, or none of them (the API encrypts all shares or none).', status: 0, code: '', context: {} } });
      return;
    }
    set({ initBusy: true, initError: null });
    try {
      const result = await initialize(api, {
        secret_shares: custodians.length,
        secret_threshold: threshold,
        custodians: custodians.map((c) => c.name.trim()),
        ...(withPgp ? { pgp_keys: keys } : {}),
      });
      set({ initResult: result, initBusy: false, initStep: 'handout', initHandout: HANDOUT_START });
    } catch (err) {
      set({ initBusy: false, initError: toUiError(err) });
    }
    await get().refreshStatus();
  },
  showInitShare() {
    set({ initHandout: showShare(get().initHandout) });
  },
  nextInitCustodian() {
    set({ initHandout: nextCustodian(get().initHandout, get().initResult?.shares.length ?? 0) });
  },
  finishInit() {
    set({ ...START, initStep: 'done' });
  },
  wipeInit() {
    set({ ...START, initStep: get().initResult !== null ? 'done' : get().initStep });
  },
});
