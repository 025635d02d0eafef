/**
 * Initialize ceremony, always with verification (API.md, "Init with verification"):
 * custodians → threshold → review → generate (a *pending* keyring) → hand-out, one custodian at a
 * time, each custodian reading their share back from paper, which is the server-side proof →
 * the last proof initializes the keyring → root token → done. Never "done" before the server said
 * so: an interrupted hand-out (reload, Back, idle wipe, a crash of the app) leaves a pending init
 * the next visit finds, explains, and offers to abandon and start again.
 * The shares and the root token live only in `initResult` and are wiped when the ceremony ends,
 * on reset and after inactivity.
 */
import { initAbandon, initialize, initVerifyProve, initVerifyStatus } from '../lib/endpoints.js';
import type { InitResult } from '../lib/api-types.js';
import { errorMessage } from '../lib/api.js';
import { nextCustodian, showShare } from './handout-cursor.js';
import { planFields } from './ceremony-plan.js';
import type { CustodianDraft } from './ceremony-plan.js';
import { HANDOUT_START, toUiError } from './types.js';
import type { HandoutCursor, Slice, UiError } from './types.js';

export { validateInitPlan } from './ceremony-plan.js';
export type { CustodianDraft } from './ceremony-plan.js';

export type InitStep = 'custodians' | 'threshold' | 'review' | 'handout' | 'root-token' | 'done' | 'interrupted';

/** A pending init this page cannot finish: what the server says, and what happened here. */
export interface InitInterruption {
  nonce: string;
  keyringId: string;
  n: number;
  progress: number;
  proven: string[];
  /** Why this page no longer holds the shares. */
  cause: 'idle' | 'page';
}

export interface InitProof {
  ok: boolean;
  message: string;
}

export interface InitSlice {
  initStep: InitStep;
  initCustodians: CustodianDraft[];
  initThreshold: number;
  /** The keyring's human name, printed on every handout ('' for none). Not secret. */
  initKeyringName: string;
  initResult: InitResult | null;
  initHandout: HandoutCursor;
  /** Share indexes the server has counted as proven. */
  initProven: number[];
  /** The server said the last proof initialized the keyring. */
  initComplete: boolean;
  initInterruption: InitInterruption | null;
  /** The root token was wiped before it was shown (idle): generate-root gets a new one. */
  initTokenWiped: boolean;
  initError: UiError | null;
  initBusy: boolean;
  setInitCustodians(custodians: CustodianDraft[]): void;
  setInitThreshold(threshold: number): void;
  setInitKeyringName(name: string): void;
  goInitStep(step: InitStep): void;
  runInit(): Promise<void>;
  showInitShare(): void;
  nextInitCustodian(): void;
  /** A custodian's read-back, sent as the proof of their share (sys/init/verify). */
  proveInitShare(key: string): Promise<InitProof>;
  /** Finds a pending init this page did not start (or no longer holds the shares of). */
  loadPendingInit(): Promise<void>;
  /** Abandons the pending init (with its nonce) and goes back to the review of the same plan. */
  abandonPendingInit(): Promise<void>;
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
  initProven: [] as number[],
  initComplete: false,
  initInterruption: null,
  initTokenWiped: false,
  initError: null,
  initBusy: false,
};

/** The ceremony's secrets and progress, cleared; the plan (names, threshold, public keys) is kept. */
const NO_SECRETS = { initResult: null, initHandout: HANDOUT_START, initProven: [] as number[], initComplete: false };

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
    // The root token and "done" come only after the server initialized the keyring.
    if ((step === 'root-token' || step === 'done') && !get().initComplete) return;
    set({ initStep: step, initError: null });
  },
  async runInit() {
    const { initCustodians: custodians, initThreshold: threshold } = get();
    set({ initBusy: true, initError: null });
    try {
      const name = get().initKeyringName.trim();
      const result = await initialize(api, { ...planFields(custodians, threshold), require_verification: true, ...(name !== '' ? { keyring_name: name } : {}) });
      if (result.verificationNonce === '') throw new Error('The server did not hold the keyring pending verification; do not hand out these shares.');
      set({ ...NO_SECRETS, initResult: result, initBusy: false, initStep: 'handout', initInterruption: null, initTokenWiped: false });
      get().beginHandoutRecord('init', result.shares);
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
    const { initResult, initHandout, initProven } = get();
    const current = initResult?.shares[initHandout.position];
    // The next custodian steps up only once this one's share is proven on the server.
    if (!current || !initProven.includes(current.index)) return;
    set({ initHandout: nextCustodian(initHandout, initResult.shares.length) });
  },
  async proveInitShare(key) {
    const result = get().initResult;
    if (!result) return { ok: false, message: 'The shares are no longer on this screen.' };
    try {
      const r = await initVerifyProve(api, key.trim(), result.verificationNonce);
      const index = r.shareIndex;
      const proven = index !== null && !get().initProven.includes(index) ? [...get().initProven, index] : get().initProven;
      set({ initProven: proven });
      if (index !== null) get().noteHandout('init', index, 'proven');
      const who = `${r.custodian !== '' ? r.custodian : 'a custodian'}${index !== null ? ` (share ${index})` : ''}`;
      if (!r.complete) return { ok: true, message: `The keyring accepted the share of ${who}: ${proven.length} of ${result.shares.length} proven.` };
      set({ initComplete: true });
      await get().refreshStatus();
      return { ok: true, message: `The keyring accepted the share of ${who}. Every share is proven: the keyring is initialized.` };
    } catch (err) {
      return { ok: false, message: `Not proven: ${errorMessage(err)}` };
    }
  },
  async loadPendingInit() {
    const s = await initVerifyStatus(api).catch(() => null);
    if (!s) return;
    const mine = get().initResult;
    if (!s.started) {
      // The pending init this page knew of ended elsewhere (abandoned or finished): say so.
      if (get().initStep === 'interrupted') set({ initInterruption: null, initStep: 'custodians' });
      return;
    }
    if (mine && mine.verificationNonce === s.nonce) return;
    set({
      ...NO_SECRETS,
      initStep: 'interrupted',
      initInterruption: {
        nonce: s.nonce, keyringId: s.keyringId, n: s.n, progress: s.progress,
        proven: s.custodians.filter((c) => c.proven).map((c) => c.name),
        cause: get().initInterruption?.cause ?? 'page',
      },
    });
  },
  async abandonPendingInit() {
    const pending = get().initInterruption;
    if (!pending) return;
    set({ initBusy: true, initError: null });
    try {
      await initAbandon(api, pending.nonce);
      // The plan is still right (names and threshold were read aloud): review it and generate anew.
      set({ ...NO_SECRETS, initBusy: false, initInterruption: null, initStep: get().initCustodians.some((c) => c.name.trim() !== '') ? 'review' : 'custodians' });
    } catch (err) {
      set({ initBusy: false, initError: toUiError(err) });
    }
    await get().refreshStatus();
  },
  finishInit() {
    if (!get().initComplete) return;
    set({ ...START, initStep: 'done' });
  },
  wipeInit() {
    const { initResult, initComplete, initStep } = get();
    if (initResult === null) return;
    if (initComplete) {
      // Initialized: only the root token can still be lost (generate-root makes another).
      set({ ...START, initStep: 'done', initTokenWiped: initStep === 'root-token' || initStep === 'handout' });
      return;
    }
    // Pending: the shares not yet proven are gone with the page; the server tells how many were.
    set({ ...NO_SECRETS, initStep: 'interrupted', initInterruption: { nonce: initResult.verificationNonce, keyringId: initResult.keyringId, n: initResult.shares.length, progress: get().initProven.length, proven: [], cause: 'idle' } });
    void get().loadPendingInit();
  },
});
