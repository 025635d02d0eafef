/**
 * The application shell: header with the keyring state, navigation, the idle notice, and the
 * current screen. Focus moves to the screen on navigation so keyboard users land in it.
 */
import { useEffect, useRef } from 'react';
import type { ReactElement } from 'react';
import { AppNav } from './components/app-nav.js';
import { LoopbackApi } from './components/loopback-api.js';
import { AuditScreen } from './features/audit/audit-screen.js';
import { BackupScreen } from './features/backup/backup-screen.js';
import { GenerateRootScreen } from './features/generate-root/generate-root-screen.js';
import { InitScreen } from './features/init/init-screen.js';
import { RekeyScreen } from './features/rekey/rekey-screen.js';
import { RotateScreen } from './features/rotate/rotate-screen.js';
import { SignInScreen } from './features/sign-in/sign-in-screen.js';
import { StatusScreen } from './features/status/status-screen.js';
import { UnsealScreen } from './features/unseal/unseal-screen.js';
import { useRoute } from './lib/route.js';
import type { Route } from './lib/route.js';
import { useApp } from './store/use-app.js';
import { useInactivityWipe } from './store/use-inactivity.js';

const SCREENS: Record<Route, () => ReactElement> = {
  status: StatusScreen,
  'sign-in': SignInScreen,
  init: InitScreen,
  unseal: UnsealScreen,
  rekey: RekeyScreen,
  rotate: RotateScreen,
  'generate-root': GenerateRootScreen,
  audit: AuditScreen,
  backup: BackupScreen,
};

function StateBadge() {
  const seal = useApp((s) => s.seal);
  const signedIn = useApp((s) => s.token !== null);
  const state = !seal ? 'Connecting' : !seal.initialized ? 'Not initialized' : seal.sealed ? 'Sealed' : 'Unsealed';
  return (
    <p className="header-state" aria-label="Keyring state">
      {seal?.keyringName ? <span className="header-keyring-name">{seal.keyringName} · </span> : null}
      <span className={`state-badge state-${state.toLowerCase().replace(' ', '-')}`}>{state}</span>
      {seal?.initialized ? <span> · {seal.t} of {seal.n}</span> : null}
      <span> · {signedIn ? 'signed in' : 'not signed in'}</span>
    </p>
  );
}

function IdleNotice() {
  const notice = useApp((s) => s.idleNotice);
  const dismiss = useApp((s) => s.dismissIdleNotice);
  if (notice === '') return null;
  return (
    <div role="alert" className="idle-notice">
      <p>{notice}</p>
      <button type="button" onClick={dismiss}>Dismiss</button>
    </div>
  );
}

export function App() {
  const route = useRoute();
  const refresh = useApp((s) => s.refreshStatus);
  const mainRef = useRef<HTMLElement>(null);
  useInactivityWipe();
  useEffect(() => { void refresh(); }, [refresh]);
  // On navigation (not on first load, where Tab should start at the top) focus the new screen.
  const firstRoute = useRef(true);
  useEffect(() => {
    if (firstRoute.current) { firstRoute.current = false; return; }
    // Focus without the browser's scroll-to-focus, then back to the top: the header (keyring
    // state) stays in view on every screen change.
    mainRef.current?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [route]);
  const Screen = SCREENS[route];
  return (
    <>
      <a className="skip-link" href="#main" onClick={(e) => { e.preventDefault(); mainRef.current?.focus(); }}>Skip to content</a>
      <header className="app-header">
        <h1>Symbolon</h1>
        <StateBadge />
        <LoopbackApi />
      </header>
      <AppNav current={route} />
      <IdleNotice />
      <main id="main" ref={mainRef} tabIndex={-1}>
        <Screen />
      </main>
    </>
  );
}
