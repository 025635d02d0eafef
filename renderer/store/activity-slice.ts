/**
 * Inactivity wiping. A ceremony laptop may be left unattended: after `DRAFT_IDLE_MS` without a
 * key press or pointer event a half-typed share is cleared; after `HANDOUT_IDLE_MS` a share on
 * screen is hidden (copying 80 characters by pen takes a custodian minutes, and the hand-out
 * screen shows the countdown and a Hide button); after `SECRET_IDLE_MS` every secret
 * (shares to hand out, OTP, decoded root token, session token) is wiped. Time is injected
 * (`deps.now`, and the `at` argument) so the rules are tested without waiting.
 */
import type { AppState, Slice } from './types.js';

export const DRAFT_IDLE_MS = 60_000;
export const HANDOUT_IDLE_MS = 3 * 60_000;
export const SECRET_IDLE_MS = 5 * 60_000;
/** During a ceremony the wipe is announced this long before, with a countdown (issue 11). */
export const WIPE_WARNING_MS = 60_000;

export interface ActivitySlice {
  lastActivityAt: number;
  /** The share being typed on whichever entry screen is open (secret, memory only). */
  shareDraft: string;
  /** Set when something was wiped for inactivity, so the screen can say so. */
  idleNotice: string;
  /** When a ceremony's secrets will be wiped for inactivity (epoch ms), or 0: the countdown shows until then. */
  idleWipeAt: number;
  touch(): void;
  setShareDraft(text: string): void;
  clearShareDraft(): void;
  dismissIdleNotice(): void;
  /** Applies the inactivity rules at time `at`; returns true when anything was wiped. */
  expireIdle(at?: number): boolean;
  /** Wipes every secret held by any slice (ceremony secrets and the session token). */
  wipeAllSecrets(): void;
}

export const createActivitySlice: Slice<ActivitySlice> = ({ now }) => (set, get) => ({
  lastActivityAt: now(),
  shareDraft: '',
  idleNotice: '',
  idleWipeAt: 0,
  touch() {
    set({ lastActivityAt: now(), idleWipeAt: 0 });
  },
  setShareDraft(text) {
    set({ shareDraft: text, lastActivityAt: now(), idleWipeAt: 0 });
  },
  clearShareDraft() {
    set({ shareDraft: '' });
  },
  dismissIdleNotice() {
    set({ idleNotice: '' });
  },
  expireIdle(at = now()) {
    const idle = at - get().lastActivityAt;
    if (idle >= SECRET_IDLE_MS && hasSecrets(get())) {
      get().wipeAllSecrets();
      set({ idleWipeAt: 0, idleNotice: 'Secrets were wiped after 5 minutes without activity. Sign in again and restart the ceremony step.' });
      return true;
    }
    // A ceremony is never wiped without warning: the countdown runs for the last minute.
    const warn = idle >= SECRET_IDLE_MS - WIPE_WARNING_MS && holdsCeremonySecrets(get());
    const wipeAt = warn ? get().lastActivityAt + SECRET_IDLE_MS : 0;
    if (get().idleWipeAt !== wipeAt) set({ idleWipeAt: wipeAt });
    if (idle < DRAFT_IDLE_MS) return false;
    const s = get();
    // A share left on screen is hidden (not wiped: the custodian may still be copying it down).
    const hid = idle >= HANDOUT_IDLE_MS && (s.initHandout.visible || s.rekeyHandout.visible);
    if (hid) set({ initHandout: { ...s.initHandout, visible: false }, rekeyHandout: { ...s.rekeyHandout, visible: false } });
    if (s.shareDraft !== '') {
      set({ shareDraft: '', idleNotice: 'The partly entered share was cleared after a minute without activity.' });
      return true;
    }
    if (hid) set({ idleNotice: 'The share on screen was hidden after 3 minutes without activity.' });
    return hid;
  },
  wipeAllSecrets() {
    const s = get();
    s.wipeInit();
    s.wipeRekey();
    s.wipeGenerateRoot();
    s.wipeUnseal();
    s.signOut();
    set({ shareDraft: '' });
  },
});

/** Secrets a ceremony would lose (the session token alone is not a ceremony). */
export function holdsCeremonySecrets(s: AppState): boolean {
  return s.initResult !== null || s.rekeyShares.length > 0 || s.grOtp !== '' || s.grToken !== '' || s.shareDraft !== '';
}

function hasSecrets(s: AppState): boolean {
  return s.shareDraft !== '' || s.token !== null || s.initResult !== null || s.rekeyShares.length > 0 || s.grOtp !== '' || s.grToken !== '';
}
