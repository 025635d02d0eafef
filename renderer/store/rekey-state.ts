/**
 * The rekey slice's shape and its idle state (split from rekey-slice.ts to keep both short).
 */
import type { HandoutShare } from '../lib/api-types.js';
import type { CustodianDraft } from './ceremony-plan.js';
import { HANDOUT_START } from './types.js';
import type { HandoutCursor, UiError } from './types.js';

export type RekeyStep = 'configure' | 'review' | 'authorize' | 'handout' | 'verify' | 'done';
export const REKEY_STEPS: readonly RekeyStep[] = ['configure', 'review', 'authorize', 'handout', 'verify', 'done'];

export interface RekeySlice {
  rekeyStep: RekeyStep;
  rekeyCustodians: CustodianDraft[];
  rekeyThreshold: number;
  rekeyBackup: boolean;
  rekeyNonce: string;
  rekeyProgress: number;
  rekeyRequired: number;
  rekeyShares: HandoutShare[];
  rekeyGeneration: number | null;
  rekeyHandout: HandoutCursor;
  verifyNonce: string;
  verifyProgress: number;
  rekeyVerdict: string;
  rekeyError: UiError | null;
  rekeyBusy: boolean;
  setRekeyPlan(plan: { custodians?: CustodianDraft[]; threshold?: number; backup?: boolean }): void;
  goRekeyStep(step: RekeyStep): void;
  /** Picks up a rekey already running on the server (e.g. after the window was reloaded). */
  loadRekey(): Promise<void>;
  startRekey(): Promise<void>;
  submitRekeyShare(): Promise<void>;
  showRekeyShare(): void;
  nextRekeyCustodian(): void;
  submitVerifyShare(): Promise<void>;
  cancelRekey(): Promise<void>;
  wipeRekey(): void;
  /** After a finished or cancelled rekey: a fresh plan. */
  restartRekey(): void;
}

export const REKEY_START = {
  rekeyStep: 'configure' as RekeyStep,
  rekeyCustodians: [{ name: '', pgpKey: '' }, { name: '', pgpKey: '' }, { name: '', pgpKey: '' }],
  rekeyThreshold: 2,
  rekeyBackup: false,
  rekeyNonce: '',
  rekeyProgress: 0,
  rekeyRequired: 0,
  rekeyShares: [],
  rekeyGeneration: null,
  rekeyHandout: HANDOUT_START,
  verifyNonce: '',
  verifyProgress: 0,
  rekeyVerdict: '',
  rekeyError: null,
  rekeyBusy: false,
};

