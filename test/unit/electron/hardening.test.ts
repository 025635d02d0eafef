/** Session and contents hardening, wired to recording fakes of Electron's objects. */
import { describe, expect, it } from 'vitest';
import { hardenContents, hardenSession } from '../../../electron/main/hardening.js';
import type { ContentsLike, SessionLike } from '../../../electron/main/hardening.js';
import { createPermissionPolicy } from '../../../electron/main/permission-policy.js';

function fakeSession() {
  const installed: Record<string, unknown> = {};
  const session: SessionLike = {
    webRequest: { onBeforeRequest: (listener) => void (installed['beforeRequest'] = listener) },
    setPermissionRequestHandler: (handler) => void (installed['request'] = handler),
    setPermissionCheckHandler: (handler) => void (installed['check'] = handler),
    setDevicePermissionHandler: (handler) => void (installed['device'] = handler),
    setSpellCheckerEnabled: (enabled) => void (installed['spellcheck'] = enabled),
  };
  return { session, installed };
}

type BeforeRequest = (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void;
type RequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void;

const policy = () => createPermissionPolicy({ confirmCamera: async () => true });

describe('hardenSession', () => {
  it('cancels every request that is not our UI', () => {
    const { session, installed } = fakeSession();
    hardenSession(session, { policy: policy(), allowDevTools: false });
    const verdict = (url: string) => {
      let cancel: boolean | undefined;
      (installed['beforeRequest'] as BeforeRequest)({ url }, (response) => (cancel = response.cancel));
      return cancel;
    };
    expect(verdict('app://symbolon/index.html')).toBe(false);
    expect(verdict('http://127.0.0.1:8200/v1/sys/health')).toBe(true);
    expect(verdict('https://example.com/')).toBe(true);
    expect(verdict('devtools://devtools/bundled/inspector.html')).toBe(true);
  });

  it('routes permissions through the policy, refuses devices and turns the spellchecker off', async () => {
    const { session, installed } = fakeSession();
    hardenSession(session, { policy: policy(), allowDevTools: false });
    const granted = await new Promise<boolean>((resolve) =>
      (installed['request'] as RequestHandler)({}, 'geolocation', resolve, { isMainFrame: true, requestingUrl: 'app://symbolon/' }));
    expect(granted).toBe(false);
    const camera = await new Promise<boolean>((resolve) =>
      (installed['request'] as RequestHandler)({}, 'media', resolve, { isMainFrame: true, requestingUrl: 'app://symbolon/', mediaTypes: ['video'] }));
    expect(camera).toBe(true);
    expect((installed['device'] as () => boolean)()).toBe(false);
    expect(installed['spellcheck']).toBe(false);
  });
});

describe('hardenContents', () => {
  it('prevents navigation, redirects and <webview>, denies new windows, and ends scans on reload', async () => {
    type Listener = (event: { preventDefault(): void }) => void;
    const listeners = new Map<string, Listener>();
    let openHandler: () => { action: string } = () => ({ action: 'allow' });
    let webrtc = 'default';
    const contents = {
      on: (event: string, listener: Listener) => listeners.set(event, listener),
      setWindowOpenHandler: (handler: () => { action: 'deny' }) => void (openHandler = handler),
      setWebRTCIPHandlingPolicy: (policy: string) => void (webrtc = policy),
    } as ContentsLike;
    const scanPolicy = policy();
    hardenContents(contents, scanPolicy);
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      let prevented = false;
      listeners.get(name)?.({ preventDefault: () => (prevented = true) });
      expect(prevented, name).toBe(true);
    }
    expect(openHandler()).toEqual({ action: 'deny' });
    // STUN/TURN over UDP would bypass webRequest: only proxied UDP, and there is no proxy.
    expect(webrtc).toBe('disable_non_proxied_udp');
    await scanPolicy.request('media', { isMainFrame: true, requestingUrl: 'app://symbolon/', mediaTypes: ['video'] });
    expect(scanPolicy.scanActive).toBe(true);
    listeners.get('did-navigate')?.({ preventDefault: () => undefined });
    expect(scanPolicy.scanActive).toBe(false);
  });
});
