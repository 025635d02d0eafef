/**
 * Rekey ceremony, always with verification (DESIGN.md: the UI never takes Vault's default path,
 * whose commit-before-delivery is the data-loss hazard of vault#845):
 * configure → review → current custodians authorize (sys/rekey/update) → new shares handed out
 * one custodian at a time → new custodians prove them (sys/rekey/verify) → committed.
 * New shares live only in `rekeyShares` and are wiped when the ceremony ends or is cancelled.
 */
import { rekeyCancel, rekeyStart, rekeyStatus, rekeyUpdate, verifyStatus, verifyUpdate } from '../lib/endpoints.js';
import { planFields } from './ceremony-plan.js';
import { rosterChanges } from './roster-changes.js';
import { nextCustodian, showShare } from './handout-cursor.js';
import { rekeyBackupActions } from './rekey-backup-actions.js';
import { REKEY_START as START } from './rekey-state.js';
import type { RekeySlice } from './rekey-state.js';
import { HANDOUT_START, toUiError } from './types.js';
import type { Slice } from './types.js';

export { REKEY_STEPS } from './rekey-state.js';
export type { ForeignRekeyPlan, RekeyBackupFile, RekeySlice, RekeyStep } from './rekey-state.js';

export const createRekeySlice: Slice<RekeySlice> = ({ api }) => (set, get) => {
  /** Runs one API step with busy/error bookkeeping; the share draft is kept on failure. */
  const step = async (work: () => Promise<void>): Promise<void> => {
    set({ rekeyBusy: true, rekeyError: null, rekeyVerdict: '' });
    try {
      await work();
      set({ rekeyBusy: false });
    } catch (err) {
      set({ rekeyBusy: false, rekeyError: toUiError(err) });
    }
  };
  /** How many new shares verification needs: the API's figure, else what the plan implies. */
  const verifyNeeded = (): number => {
    const s = get();
    return s.verifyRequired || (s.rekeyVerifyAll ? s.rekeyShares.length || s.rekeyCustodians.length : s.rekeyThreshold);
  };
  /** `GET sys/rekey/verify` says how many new shares must be proven (n with verify_all_shares). */
  const loadVerifyStatus = async (): Promise<void> => {
    const v = await verifyStatus(api).catch(() => null);
    if (v) set({ verifyRequired: v.required, verifyProgress: v.progress, verifyNonce: v.nonce || get().verifyNonce });
  };
  const who = (custodian: string, index: number | null): string =>
    `${custodian !== '' ? custodian : 'a custodian'}${index !== null ? ` (share ${index})` : ''}`;

  return {
    ...START,
    setRekeyPlan(plan) {
      set({
        rekeyCustodians: plan.custodians ?? get().rekeyCustodians,
        rekeyThreshold: plan.threshold ?? get().rekeyThreshold,
        rekeyBackup: plan.backup ?? get().rekeyBackup,
        rekeyVerifyAll: plan.verifyAll ?? get().rekeyVerifyAll,
        rekeyPlanEdited: true,
        rekeyError: null,
      });
    },
    goRekeyStep(next) {
      // Before the server holds an attempt only the plan steps are free to visit.
      if (get().rekeyNonce !== '' && (next === 'configure' || next === 'review')) return;
      // Share steps need an attempt this page started or whose plan it confirmed.
      if (get().rekeyNonce === '' && (next === 'authorize' || next === 'handout' || next === 'verify')) return;
      set({ rekeyStep: next, rekeyError: null });
    },
    prefillRekeyPlan() {
      const s = get();
      const current = s.seal?.currentCustodians ?? [];
      // Only a plan nobody has touched: seal-status may answer after the operator started typing
      // (or removing rows), and what they did must never be overwritten.
      if (s.rekeyStep !== 'configure' || s.rekeyNonce !== '' || s.rekeyPlanEdited || current.length === 0) return;
      set({ rekeyCustodians: current.map((c) => ({ name: c.name, pgpKey: '' })), rekeyThreshold: s.seal?.t || s.rekeyThreshold });
    },
    loadRekey: () => step(async () => {
      const s = await rekeyStatus(api);
      if (!s.started || get().rekeyNonce === s.nonce) return;
      // An attempt this page did not start: anyone local may start one (Vault's model), so its
      // whole plan is shown first and nothing is authorized until the operator confirms it.
      set({
        ...START,
        rekeyStep: 'confirm-plan',
        rekeyForeign: {
          nonce: s.nonce, n: s.n, t: s.t, custodians: s.custodians, fingerprints: s.pgpFingerprints, backup: s.backup,
          verificationRequired: s.verificationRequired, verifyAll: s.verifyAll, awaitingVerification: s.verificationNonce !== '', progress: s.progress,
        },
      });
    }),
    confirmForeignRekey() {
      const plan = get().rekeyForeign;
      if (!plan) return;
      // A new attempt: no earlier rekey's hand-out facts may show at its end.
      get().beginHandoutRecord('rekey', []);
      set({
        rekeyForeign: null, rekeyAdopted: true, rekeyNonce: plan.nonce, rekeyProgress: plan.progress, rekeyThreshold: plan.t, rekeyBackup: plan.backup,
        rekeyVerifyAll: plan.verifyAll, rekeyVerificationRequired: plan.verificationRequired, rekeyStep: plan.awaitingVerification ? 'verify' : 'authorize',
        rekeyRequired: get().seal?.t ?? 0,
        rekeyLeaving: rosterChanges(get().seal?.currentCustodians ?? [], plan.custodians).leaving,
      });
      if (plan.awaitingVerification) void step(async () => {
        const v = await verifyStatus(api);
        set({ verifyRequired: v.required, verifyProgress: v.progress, verifyNonce: v.nonce });
      });
    },
    cancelForeignRekey: () => step(async () => {
      const plan = get().rekeyForeign;
      if (plan) await rekeyCancel(api, plan.nonce);
      set({ ...START, rekeyVerdict: 'The rekey attempt was cancelled. The current shares remain valid.' });
    }),
    startRekey: () => step(async () => {
      const { rekeyCustodians: custodians, rekeyThreshold: threshold, rekeyBackup: backup, rekeyVerifyAll: verifyAll } = get();
      const fields = planFields(custodians, threshold);
      if (backup && !fields.pgp_keys) throw new Error('A backup of the new shares needs PGP keys to encrypt them to.');
      const s = await rekeyStart(api, { ...fields, backup, require_verification: true, verify_all_shares: verifyAll });
      get().beginHandoutRecord('rekey', []);
      set({ rekeyNonce: s.nonce, rekeyProgress: s.progress, rekeyRequired: s.required, rekeyStep: 'authorize', rekeyVerificationRequired: true,
        rekeyLeaving: rosterChanges(get().seal?.currentCustodians ?? [], fields.custodians).leaving });
    }),
    submitRekeyShare: () => step(async () => {
      const key = get().shareDraft.trim();
      if (key === '') throw new Error('Enter a current share first.');
      const r = await rekeyUpdate(api, key, get().rekeyNonce);
      set({ shareDraft: '', rekeyProgress: r.progress, rekeyRequired: r.required || get().rekeyRequired });
      if (!r.complete) {
        set({ rekeyVerdict: `Share accepted from ${who(r.custodian, r.shareIndex)}. ${r.progress} of ${r.required || get().rekeyRequired} current custodians have authorized.` });
        return;
      }
      const committed = r.verificationNonce === '';
      get().beginHandoutRecord('rekey', r.shares);
      set({
        rekeyShares: r.shares,
        rekeyGeneration: r.generation,
        verifyNonce: r.verificationNonce,
        verifyProgress: 0,
        rekeyHandout: HANDOUT_START,
        rekeyStep: 'handout',
        rekeyVerdict: committed
          // An attempt without verification (started elsewhere): the commit already happened.
          ? 'Authorized and committed: the old shares no longer unseal. These new shares exist only on this screen: hand every one out now.'
          : 'Authorized. The new shares are ready to hand out; the old shares stay valid until verification succeeds.',
      });
      if (committed) await get().refreshStatus();
      else await loadVerifyStatus();
    }),
    showRekeyShare() {
      set({ rekeyHandout: showShare(get().rekeyHandout) });
    },
    nextRekeyCustodian() {
      set({ rekeyHandout: nextCustodian(get().rekeyHandout, get().rekeyShares.length) });
    },
    submitVerifyShare: () => step(async () => {
      const key = get().shareDraft.trim();
      if (key === '') throw new Error('Enter a new share first.');
      const r = await verifyUpdate(api, key, get().verifyNonce).catch(async (err: unknown) => {
        // A failed verification at threshold starts over under a new nonce: pick it up.
        const v = await verifyStatus(api).catch(() => null);
        // A new nonce means the server dropped every proof so far: the record must say so too.
        if (v && v.nonce !== get().verifyNonce) get().forgetProofs('rekey');
        if (v) set({ verifyNonce: v.nonce, verifyProgress: v.progress, verifyRequired: v.required || get().verifyRequired });
        throw err;
      });
      set({ shareDraft: '', verifyProgress: r.progress, verifyNonce: r.nonce || get().verifyNonce, verifyRequired: r.required || get().verifyRequired });
      // The server's word, not the UI's: this new share was proven at sys/rekey/verify.
      if (r.shareIndex !== null) get().noteHandout('rekey', r.shareIndex, 'proven');
      if (r.complete) {
        // Committed: the new shares are now the only valid ones, and no longer needed here.
        set({ rekeyShares: [], rekeyHandout: HANDOUT_START, rekeyStep: 'done', rekeyVerdict: 'Verified and committed. The new shares are now the valid ones; the old shares no longer unseal.' });
      } else {
        set({ rekeyVerdict: `New share verified for ${who(r.custodian, r.shareIndex)}. ${r.progress} of ${verifyNeeded()} verified.` });
      }
      await get().refreshStatus();
    }),
    cancelRekey: () => step(async () => {
      const nonce = get().rekeyNonce;
      if (nonce !== '') await rekeyCancel(api, nonce);
      set({ ...START, shareDraft: '', rekeyVerdict: 'Rekey cancelled. The current shares remain valid.' });
    }),
    restartRekey() {
      set({ ...START });
    },
    ...rekeyBackupActions(api, set, get),
    wipeRekey() {
      set({ rekeyShares: [], rekeyHandout: HANDOUT_START, shareDraft: '' });
    },
  };
};
