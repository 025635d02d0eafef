/**
 * The desktop app's loopback API in the header: where scripts reach Symbolon, or that they do
 * not. A port held by another program gets an alert, because scripts using it would hand shares
 * and tokens to that program. The operator may turn the listener off (or on) from the next start.
 * Outside Electron there is nothing to show: the page itself came from the listener.
 */
import { useEffect, useState } from 'react';
import type { LoopbackApiStatus } from '../../shared/ipc-schema.js';
import { selectLoopbackApi } from '../lib/api.js';
import type { LoopbackApiControl } from '../lib/api.js';

function summary(status: LoopbackApiStatus): string {
  switch (status.state) {
    case 'listening': return `API for scripts: ${status.url ?? `http://127.0.0.1:${status.port}`}`;
    case 'off': return 'API for scripts: off';
    case 'port-taken': return `API for scripts: NOT listening (port ${status.port} taken)`;
    case 'failed': return 'API for scripts: NOT listening';
  }
}

function LoopbackApiNotice({ status, onToggle }: { status: LoopbackApiStatus; onToggle: () => void }) {
  const address = `http://127.0.0.1:${status.port}`;
  const change = status.enabledAtNextStart !== (status.state !== 'off');
  return (
    <>
      <p className="header-state" aria-label="Loopback API">
        <span>{summary(status)}</span>
        {change ? <span> · {status.enabledAtNextStart ? 'on' : 'off'} from the next start</span> : null}
        {' '}
        <button type="button" onClick={onToggle}>{status.enabledAtNextStart ? 'Turn off' : 'Turn on'} at next start</button>
      </p>
      {status.state === 'port-taken' ? (
        <div role="alert" className="listener-alert">
          <strong>Port {status.port} is taken by another program.</strong> Scripts using VAULT_ADDR={address} would reach that
          program and hand it shares and tokens: do not run them. This window works as usual.
        </div>
      ) : null}
      {status.state === 'failed' ? (
        <div role="alert" className="listener-alert">
          <strong>The API for scripts is not listening</strong> ({status.message ?? 'unknown error'}). Scripts using
          VAULT_ADDR={address} cannot reach Symbolon. This window works as usual.
        </div>
      ) : null}
    </>
  );
}

export function LoopbackApi() {
  // Looked up once: a new control object per render would re-run the effect and ask forever.
  const [control] = useState<LoopbackApiControl | null>(selectLoopbackApi);
  const [status, setStatus] = useState<LoopbackApiStatus | null>(null);
  useEffect(() => {
    let live = true;
    control?.status().then((s) => { if (live) setStatus(s); }, () => undefined);
    return () => { live = false; };
  }, [control]);
  if (control === null || status === null) return null;
  const toggle = () => { void control.setEnabled(!status.enabledAtNextStart).then(setStatus, () => undefined); };
  return <LoopbackApiNotice status={status} onToggle={toggle} />;
}
