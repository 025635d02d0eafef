/**
 * Generate-root ceremony, OTP mode: start an attempt (the server returns a one-time pad once) →
 * custodians enter shares → the encoded token is decoded here (lib/otp.ts) and shown once.
 * The OTP, the encoded token and the decoded token are secrets: memory only, wiped at the end.
 * An attempt whose pad this page does not hold (started elsewhere, or here before a reload, Back,
 * a crash or an idle wipe) can never deliver its token here: the screen says so and offers to
 * cancel it and start again, and shows no share field for it (issue 11).
 */
import { generateRootCancel, generateRootStart, generateRootStatus, generateRootUpdate } from '../lib/endpoints.js';
import { decodeOtpToken } from '../lib/otp.js';
import { toUiError } from './types.js';
import type { Slice, UiError } from './types.js';

export type GenerateRootStep = 'start' | 'shares' | 'token' | 'done' | 'interrupted';

/** An attempt on the server whose one-time pad is not on this page. */
export interface GenerateRootInterruption {
  nonce: string;
  progress: number;
  required: number;
  /** Set when the attempt delivers the token to a PGP key instead of under a pad. */
  pgpFingerprint: string;
  cause: 'idle' | 'page';
}

export interface GenerateRootSlice {
  grStep: GenerateRootStep;
  grInterruption: GenerateRootInterruption | null;
  grNonce: string;
  grProgress: number;
  grRequired: number;
  grOtp: string;
  grEncoded: string;
  grToken: string;
  /** True once the token has been revealed; it is never revealed a second time. */
  grRevealed: boolean;
  grVerdict: string;
  grError: UiError | null;
  grBusy: boolean;
  loadGenerateRoot(): Promise<void>;
  startGenerateRoot(): Promise<void>;
  submitGenerateRootShare(): Promise<void>;
  revealRootToken(): void;
  finishGenerateRoot(): void;
  cancelGenerateRoot(): Promise<void>;
  /** Cancels the attempt whose pad was lost and starts a new one (with a new pad, on this page). */
  restartInterruptedGenerateRoot(): Promise<void>;
  wipeGenerateRoot(): void;
  /** Leaves the result page for a fresh start (no server call). */
  restartGenerateRoot(): void;
}

const START = {
  grStep: 'start' as GenerateRootStep,
  grInterruption: null as GenerateRootInterruption | null,
  grNonce: '', grProgress: 0, grRequired: 0, grOtp: '', grEncoded: '', grToken: '', grRevealed: false,
  grVerdict: '', grError: null, grBusy: false,
};

export const createGenerateRootSlice: Slice<GenerateRootSlice> = ({ api }) => (set, get) => {
  const step = async (work: () => Promise<void>): Promise<void> => {
    set({ grBusy: true, grError: null, grVerdict: '' });
    try {
      await work();
      set({ grBusy: false });
    } catch (err) {
      set({ grBusy: false, grError: toUiError(err) });
    }
  };
  return {
    ...START,
    loadGenerateRoot: () => step(async () => {
      const s = await generateRootStatus(api);
      // The attempt this page lost the pad of has ended meanwhile (cancelled, or a seal ended it).
      if (!s.started && get().grStep === 'interrupted') set({ ...START });
      if (!s.started || (s.nonce === get().grNonce && get().grOtp !== '')) return;
      set({
        ...START,
        grStep: 'interrupted',
        grInterruption: { nonce: s.nonce, progress: s.progress, required: s.required, pgpFingerprint: s.pgpFingerprint, cause: get().grInterruption?.cause ?? 'page' },
      });
    }),
    startGenerateRoot: () => step(async () => {
      const s = await generateRootStart(api);
      if (s.otp === '') throw new Error('The server did not return a one-time pad; cancel this attempt and try again.');
      set({ grNonce: s.nonce, grOtp: s.otp, grProgress: s.progress, grRequired: s.required, grStep: 'shares' });
    }),
    submitGenerateRootShare: () => step(async () => {
      const key = get().shareDraft.trim();
      if (key === '') throw new Error('Enter a share first.');
      const r = await generateRootUpdate(api, key, get().grNonce);
      const who = `${r.custodian !== '' ? r.custodian : 'a custodian'}${r.shareIndex !== null ? ` (share ${r.shareIndex})` : ''}`;
      set({ shareDraft: '', grProgress: r.progress, grRequired: r.required || get().grRequired });
      if (r.complete) {
        set({ grEncoded: r.encodedToken, grStep: 'token', grVerdict: `Share accepted from ${who}. A new root token was generated.` });
      } else {
        set({ grVerdict: `Share accepted from ${who}. ${r.progress} of ${r.required || get().grRequired} entered.` });
      }
    }),
    revealRootToken() {
      const { grEncoded, grOtp, grRevealed } = get();
      if (grRevealed) return;
      try {
        // Decoded once; the pad and the encoded form are dropped as soon as they served.
        set({ grToken: decodeOtpToken(grEncoded, grOtp), grRevealed: true, grOtp: '', grEncoded: '' });
      } catch (err) {
        set({ grError: toUiError(err) });
      }
    },
    finishGenerateRoot() {
      set({ ...START, grStep: 'done' });
    },
    cancelGenerateRoot: () => step(async () => {
      await generateRootCancel(api);
      set({ ...START, shareDraft: '', grVerdict: 'Root generation cancelled.' });
    }),
    restartGenerateRoot() {
      set({ ...START });
    },
    wipeGenerateRoot() {
      const { grStep, grNonce, grProgress, grRequired, grRevealed } = get();
      // A revealed token was shown already; before that, the pad (or the token) is lost.
      const lost = grNonce !== '' && (grStep === 'shares' || (grStep === 'token' && !grRevealed));
      set({ grOtp: '', grEncoded: '', grToken: '' });
      if (lost) {
        set({ ...START, grStep: 'interrupted', grInterruption: { nonce: grNonce, progress: grProgress, required: grRequired, pgpFingerprint: '', cause: 'idle' } });
      }
    },
    restartInterruptedGenerateRoot: () => step(async () => {
      await generateRootCancel(api);
      set({ ...START });
      const s = await generateRootStart(api);
      if (s.otp === '') throw new Error('The server did not return a one-time pad; cancel this attempt and try again.');
      set({ grNonce: s.nonce, grOtp: s.otp, grProgress: s.progress, grRequired: s.required, grStep: 'shares', grVerdict: 'The old attempt was cancelled and a new one started, with its pad on this page.' });
    }),
  };
};
