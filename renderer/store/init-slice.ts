/**
 * Initialize ceremony: custodians → threshold → review → generate → hand-out (one custodian at a
 * time) → root token → done. The shares and the root token live only in `initResult` and are
 * wiped when the ceremony ends, on reset and after inactivity.
 */
import { initialize } from '../lib/endpoints.js';
import type { InitResult } from '../lib/api-types.js';
import { nextCustodian, showShare } from './handout-cursor.js';
import { planFields } from './ceremony-plan.js';
import type { CustodianDraft } from './ceremony-plan.js';
import { HANDOUT_START, toUiError } from './types.js';
import type { HandoutCursor, Slice, UiError } from './types.js';

export { validateInitPlan } from './ceremony-plan.js';
export type { CustodianDraft } from './ceremony-plan.js';

export type InitStep = 'custodians' | 'threshold' | 'review' | 'handout' | 'root-token' | 'done';
export const INIT_STEPS: readonly InitStep[] = ['custodians', 'threshold', 'review', 'handout', 'root-token', 'done'];

export interface InitSlice {
  initStep: InitStep;
  initCustodians: CustodianDraft[];
  initThreshold: number;
  /** The keyring's human name, printed on every handout ('' for none). Not secret. */
  initKeyringName: string;
  initResult: InitResult | null;
  initHandout: HandoutCursor;
  initError: UiError | null;
  initBusy: boolean;
  setInitCustodians(custodians: CustodianDraft[]): void;
  setInitThreshold(threshold: number): void;
  setInitKeyringName(name: string): void;
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
  initKeyringName: '',
  initResult: null,
  initHandout: HANDOUT_START,
  initError: null,
  initBusy: false,
};

export const createInitSlice: Slice<InitSlice> = ({ api }) => (set, get) => ({
  ...START,
  setInitCustodians(custodians) {
    set({ initCustodians: custodians, initError: null });
  },
  setInitThreshold(threshold) {
    set({ initThreshold: threshold, initError: null });
  },
  setInitKeyringName(name) {
    set({ initKeyringName: name, initError: null });
  },
  goInitStep(step) {
    // Once shares exist, the plan cannot be edited: going back would mean a second init.
    if (get().initResult !== null && (step === 'custodians' || step === 'threshold' || step === 'review')) return;
    set({ initStep: step, initError: null });
  },
  async runInit() {
    const { initCustodians: custodians, initThreshold: threshold } = get();
    set({ initBusy: true, initError: null });
    try {
      const name = get().initKeyringName.trim();
      const result = await initialize(api, { ...planFields(custodians, threshold), ...(name !== '' ? { keyring_name: name } : {}) });
      set({ initResult: result, initBusy: false, initStep: 'handout', initHandout: HANDOUT_START });
    } catch (err) {
      set({ initBusy: false, initError: toUiError(err) });
      return;
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
