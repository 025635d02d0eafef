/**
 * Feeds the activity slice: any key, pointer or wheel event counts as activity, and the idle
 * rules are applied every few seconds (DRAFT_IDLE_MS, SECRET_IDLE_MS in activity-slice.ts).
 * Leaving the page while a ceremony holds secrets asks first (`beforeunload`).
 */
import { useEffect } from 'react';
import { holdsCeremonySecrets } from './activity-slice.js';
import { appStore } from './use-app.js';

const CHECK_EVERY_MS = 5_000;
const EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'input'] as const;

export function useInactivityWipe(): void {
  useEffect(() => {
    let last = 0;
    const onActivity = () => {
      // pointermove fires constantly; one touch per second is plenty.
      const now = Date.now();
      if (now - last < 1000) return;
      last = now;
      appStore.getState().touch();
    };
    for (const e of EVENTS) window.addEventListener(e, onActivity, { passive: true, capture: true });
    const timer = window.setInterval(() => appStore.getState().expireIdle(), CHECK_EVERY_MS);
    // Leaving the page drops every secret at once rather than trusting the tab to be closed.
    const onHide = () => appStore.getState().wipeAllSecrets();
    window.addEventListener('pagehide', onHide);
    // Reload, Back or close in the middle of a ceremony asks first (Electron: leave-guard.ts).
    const onLeave = (event: BeforeUnloadEvent) => {
      if (!holdsCeremonySecrets(appStore.getState())) return;
      event.preventDefault();
      // Some engines ask only when returnValue is set to a non-empty string (its text is not shown).
      event.returnValue = 'A ceremony is in progress: shares on screen will be lost.';
    };
    window.addEventListener('beforeunload', onLeave);
    return () => {
      window.removeEventListener('beforeunload', onLeave);
      for (const e of EVENTS) window.removeEventListener(e, onActivity, { capture: true });
      window.clearInterval(timer);
      window.removeEventListener('pagehide', onHide);
    };
  }, []);
}
