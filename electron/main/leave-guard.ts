/**
 * Closing the window in the middle of a ceremony (issue 11). The renderer cancels `beforeunload`
 * while a ceremony holds secrets (renderer/store/use-inactivity.ts); a browser then asks the
 * user, but Electron silently keeps the window open and emits `will-prevent-unload`. Here the
 * operator is asked in words, and only an explicit "Leave" closes the window.
 */
import type { BrowserWindow, Dialog } from 'electron';

export const LEAVE_QUESTION = {
  type: 'warning' as const,
  buttons: ['Stay', 'Leave and lose the shares on screen'],
  defaultId: 0,
  cancelId: 0,
  title: 'A ceremony is in progress',
  message: 'A ceremony is in progress and shares are on screen.',
  detail: 'Leaving wipes them. Shares not yet proven are lost, and the ceremony must start again.',
};

export function guardLeaving(window: BrowserWindow, dialog: Pick<Dialog, 'showMessageBoxSync'>): void {
  window.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(window, LEAVE_QUESTION);
    // preventDefault here overrides the page's cancellation: the window closes.
    if (choice === 1) event.preventDefault();
  });
}
