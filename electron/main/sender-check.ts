/**
 * IPC sender validation (Electron security checklist, item 17: "Validate the sender of all IPC
 * messages").
 *
 * An IPC message is answered only if it comes from the main frame of our one window while that
 * frame shows our own UI at `app://symbolon/`. A subframe, another window, a page the renderer
 * was tricked into navigating to, or a frame that has already gone away (`senderFrame === null`)
 * gets nothing. Pure and typed structurally, so it is unit-tested with plain objects.
 */
import { isAppUrl } from './app-origin.js';

/** The parts of a `WebFrameMain` the check reads. */
export interface FrameLike {
  readonly url: string;
  readonly parent: unknown;
}

/** The parts of an `IpcMainInvokeEvent` the check reads. */
export interface SenderEventLike {
  readonly sender: unknown;
  readonly senderFrame: FrameLike | null;
}

/** The window we trust: its `webContents` and that contents' main frame. */
export interface TrustedWindowLike {
  readonly webContents: { readonly mainFrame: unknown };
}

export function isTrustedSender(event: SenderEventLike, window: TrustedWindowLike | null): boolean {
  if (window === null) return false;
  const frame = event.senderFrame;
  if (frame === null || frame === undefined) return false;
  if (event.sender !== window.webContents) return false;
  // Same object as the window's main frame, and no parent: not an iframe of any kind.
  if (frame !== window.webContents.mainFrame || frame.parent !== null) return false;
  return isAppUrl(frame.url);
}
