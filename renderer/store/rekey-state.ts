/**
 * The rekey slice's shape and its idle state (split from rekey-slice.ts to keep both short).
 */
import type { HandoutShare } from '../lib/api-types.js';
import type { CustodianDraft } from './ceremony-plan.js';
import type { CurrentCustodian } from './roster-changes.js';
import { HANDOUT_START } from './types.js';
import type { HandoutCursor, UiError } from './types.js';

export type RekeyStep = 'configure' | 'review' | 'confirm-plan' | 'authorize' | 'handout' | 'verify' | 'done';
export const REKEY_STEPS: readonly RekeyStep[] = ['configure', 'review', 'authorize', 'handout', 'verify', 'done'];

/**
 * A rekey attempt this page did not start, as the server describes it: shown whole, read aloud and
 * confirmed (or cancelled with its nonce) before any share field appears (DESIGN.md, "No plan is
 * authorized unseen").
 */
export interface ForeignRekeyPlan {
  nonce: string;
  n: number;
  t: number;
  custodians: string[];
  fingerprints: string[];
  backup: boolean;
  verificationRequired: boolean;
  verifyAll: boolean;
  /** Authorized already: it waits for its new shares to be verified (which are not on this page). */
  awaitingVerification: boolean;
  progress: number;
}

export interface RekeySlice {
  rekeyStep: RekeyStep;
  rekeyForeign: ForeignRekeyPlan | null;
  /** This attempt was met on the server and its plan confirmed here (not planned on this page). */
  rekeyAdopted: boolean;
  /** The attempt's real setting: without verification the commit comes with the last current share. */
  rekeyVerificationRequired: boolean;
  rekeyCustodians: CustodianDraft[];
  /** The operator has changed the plan (so it is no longer prefilled from the current custodians). */
  rekeyPlanEdited: boolean;
  rekeyThreshold: number;
  rekeyBackup: boolean;
  /** Every new share must be verified before commit (Symbolon's verify_all_shares). */
  rekeyVerifyAll: boolean;
  rekeyNonce: string;
  rekeyProgress: number;
  rekeyRequired: number;
  rekeyShares: HandoutShare[];
  rekeyGeneration: number | null;
  rekeyHandout: HandoutCursor;
  verifyNonce: string;
  verifyProgress: number;
  /** How many new shares must be verified, as the API's verify status says (0 until known). */
  verifyRequired: number;
  rekeyVerdict: string;
  /** Current custodians who get no new share (fixed when the plan is started or confirmed). */
  rekeyLeaving: CurrentCustodian[];
  rekeyError: UiError | null;
  rekeyBusy: boolean;
  /** The backup steps on the result page report apart from the commit verdict. */
  backupVerdict: string;
  backupError: UiError | null;
  backupBusy: boolean;
  setRekeyPlan(plan: { custodians?: CustodianDraft[]; threshold?: number; backup?: boolean; verifyAll?: boolean }): void;
  goRekeyStep(step: RekeyStep): void;
  /** A fresh plan starts from the current custodians (names, threshold) as seal-status lists them. */
  prefillRekeyPlan(): void;
  /** Picks up a rekey already running on the server (e.g. after the window was reloaded). */
  loadRekey(): Promise<void>;
  startRekey(): Promise<void>;
  /** The operator read the foreign plan aloud and everyone agrees: its share fields open. */
  confirmForeignRekey(): void;
  /** Cancels the foreign attempt with its nonce; the current shares stay valid. */
  cancelForeignRekey(): Promise<void>;
  submitRekeyShare(): Promise<void>;
  showRekeyShare(): void;
  nextRekeyCustodian(): void;
  submitVerifyShare(): Promise<void>;
  cancelRekey(): Promise<void>;
  /**
   * Reads the PGP-encrypted backup (needs a token) and returns the file to save: its name and
   * JSON text. Null when it could not be read; `backupError` then says why.
   */
  fetchRekeyBackup(): Promise<RekeyBackupFile | null>;
  /** Deletes the backup from the keyring (needs a token). */
  deleteRekeyBackup(): Promise<void>;
  wipeRekey(): void;
  /** After a finished or cancelled rekey: a fresh plan. */
  restartRekey(): void;
}

export interface RekeyBackupFile {
  name: string;
  /** JSON: nonce, keys and keys_base64 as the API gave them (PGP messages only). */
  text: string;
}

export const REKEY_START = {
  rekeyStep: 'configure' as RekeyStep,
  rekeyForeign: null as ForeignRekeyPlan | null,
  rekeyAdopted: false,
  rekeyVerificationRequired: true,
  rekeyCustodians: [{ name: '', pgpKey: '' }, { name: '', pgpKey: '' }, { name: '', pgpKey: '' }],
  rekeyPlanEdited: false,
  rekeyThreshold: 2,
  rekeyBackup: false,
  // Custodians asked for it: a share nobody proved could be unreadable when it is needed.
  rekeyVerifyAll: true,
  rekeyNonce: '',
  rekeyProgress: 0,
  rekeyRequired: 0,
  rekeyShares: [],
  rekeyGeneration: null,
  rekeyHandout: HANDOUT_START,
  verifyNonce: '',
  verifyProgress: 0,
  verifyRequired: 0,
  rekeyVerdict: '',
  rekeyLeaving: [] as CurrentCustodian[],
  rekeyError: null,
  rekeyBusy: false,
  backupVerdict: '',
  backupError: null,
  backupBusy: false,
};

