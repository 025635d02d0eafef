/**
 * Which web permissions the renderer gets: none, except the camera for one QR scan that the
 * operator approves (DESIGN.md "Electron hardening").
 *
 * How a scan is "started by the operator" without trusting the renderer: when the UI asks for
 * the camera (`getUserMedia({video: true})`, video only), the main process shows a native
 * dialog; only the operator's click on "Use camera" opens a short scan window (SCAN_WINDOW_MS).
 * Within it, repeated checks and requests for the same scan are allowed; afterwards, or once the
 * page navigates or reloads (`endScan`), the camera is refused again and the next scan asks
 * again. No IPC flag exists, so a compromised renderer cannot switch the camera on silently.
 * Microphone, screen capture, notifications, geolocation, clipboard, HID/USB/serial, … are all
 * refused, always.
 *
 * Pure: the dialog and the clock are delegates, so every rule is unit-tested without Electron.
 */
import { isAppOrigin, isAppUrl } from './app-origin.js';

export const SCAN_WINDOW_MS = 2 * 60 * 1000;

export interface PermissionPolicyDeps {
  /** Asks the operator; resolves true only on an explicit "allow". */
  readonly confirmCamera: () => Promise<boolean>;
  readonly now?: () => number;
}

/** What Electron passes with a permission request (subset of MediaAccessPermissionRequest). */
export interface RequestDetailsLike {
  readonly isMainFrame: boolean;
  readonly requestingUrl: string;
  readonly mediaTypes?: readonly string[];
}

/** What Electron passes with a permission check (subset of PermissionCheckHandlerHandlerDetails). */
export interface CheckDetailsLike {
  readonly isMainFrame: boolean;
  readonly mediaType?: string;
}

export interface PermissionPolicy {
  /** For `session.setPermissionRequestHandler`. */
  request(permission: string, details: RequestDetailsLike): Promise<boolean>;
  /** For `session.setPermissionCheckHandler`. */
  check(permission: string, requestingOrigin: string, details: CheckDetailsLike): boolean;
  /** Closes any open scan window (navigation, reload, window closed). */
  endScan(): void;
  /** True while an approved scan window is open. */
  readonly scanActive: boolean;
}

export function createPermissionPolicy(deps: PermissionPolicyDeps): PermissionPolicy {
  const now = deps.now ?? Date.now;
  let scanUntil = 0;
  // One dialog at a time: a second request while the first is pending waits for the same answer.
  let pending: Promise<boolean> | null = null;
  const active = () => now() < scanUntil;

  const isCameraOnly = (types: readonly string[] | undefined) =>
    Array.isArray(types) && types.length > 0 && types.every((type) => type === 'video');

  return {
    async request(permission, details) {
      if (permission !== 'media') return false;
      if (!details.isMainFrame || !isAppUrl(details.requestingUrl) || !isCameraOnly(details.mediaTypes)) return false;
      if (active()) return true;
      pending ??= deps.confirmCamera().then(
        (allowed) => {
          if (allowed === true) scanUntil = now() + SCAN_WINDOW_MS;
          return allowed === true;
        },
        () => false,
      ).finally(() => {
        pending = null;
      });
      return pending;
    },
    check(permission, requestingOrigin, details) {
      return permission === 'media' && details.isMainFrame && isAppOrigin(requestingOrigin) &&
        details.mediaType === 'video' && active();
    },
    endScan() {
      scanUntil = 0;
    },
    get scanActive() {
      return active();
    },
  };
}
