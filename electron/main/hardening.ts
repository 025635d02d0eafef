/**
 * Session- and contents-level hardening (DESIGN.md "Electron hardening"; Electron security
 * checklist items 4, 5, 13, 14, 16): every renderer network request that is not our own UI is
 * cancelled, permissions go through `PermissionPolicy`, navigation, redirects, new windows and
 * <webview> are refused, and WebRTC may not send UDP outside a proxy (there is none). The paths
 * `webRequest` never sees are closed in network-lockdown.ts.
 *
 * The functions take the session / webContents as structural parameters (no `electron` import at
 * run time), so the wiring itself is unit-tested with recording fakes.
 */
import { isAllowedRequestUrl } from './app-origin.js';
import { WEBRTC_IP_POLICY } from './network-lockdown.js';
import type { CheckDetailsLike, PermissionPolicy, RequestDetailsLike } from './permission-policy.js';

export interface SessionLike {
  readonly webRequest: {
    onBeforeRequest(listener: (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void): void;
  };
  setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void, details: RequestDetailsLike) => void): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string, requestingOrigin: string, details: CheckDetailsLike) => boolean): void;
  setDevicePermissionHandler(handler: () => boolean): void;
  setSpellCheckerEnabled(enabled: boolean): void;
}

export interface HardeningOptions {
  readonly policy: PermissionPolicy;
  readonly allowDevTools: boolean;
}

export function hardenSession(session: SessionLike, options: HardeningOptions): void {
  // The renderer has nothing to fetch but its own files: the API is reached over IPC.
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequestUrl(details.url, { allowDevTools: options.allowDevTools }) });
  });
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    options.policy.request(permission, details).then(callback, () => callback(false));
  });
  session.setPermissionCheckHandler((_contents, permission, origin, details) => options.policy.check(permission, origin, details));
  // WebHID / WebUSB / WebSerial: never.
  session.setDevicePermissionHandler(() => false);
  session.setSpellCheckerEnabled(false);
}

export interface ContentsLike {
  on(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  on(event: 'did-navigate' | 'render-process-gone' | 'destroyed', listener: () => void): unknown;
  setWindowOpenHandler(handler: () => { action: 'deny' }): void;
  setWebRTCIPHandlingPolicy(policy: typeof WEBRTC_IP_POLICY): void;
}

/** Applied to every webContents the app creates (`app.on('web-contents-created')`). */
export function hardenContents(contents: ContentsLike, policy: PermissionPolicy): void {
  // The UI is a single page: any navigation away from it is an attack or a bug.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  // STUN/TURN over UDP bypasses webRequest and needs no permission: no UDP unless proxied.
  contents.setWebRTCIPHandlingPolicy(WEBRTC_IP_POLICY);
  // A reload, crash or close ends any camera scan the operator approved.
  contents.on('did-navigate', () => policy.endScan());
  contents.on('render-process-gone', () => policy.endScan());
  contents.on('destroyed', () => policy.endScan());
}
