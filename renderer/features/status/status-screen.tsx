/**
 * Status: where the keyring stands (initialized, sealed, keyring id, generation, T-of-N,
 * custodians, key term, install time, encryption budget, auto-rotation) and the next step.
 */
import { useEffect } from 'react';
import { ConfirmButton } from '../../components/confirm-button.js';
import { ErrorBox } from '../../components/error-box.js';
import { StepList } from '../../components/step-list.js';
import { useApp } from '../../store/use-app.js';
import { KeyringFacts } from './keyring-facts.js';

const LIFECYCLE = [
  { id: 'init', label: 'Initialize' },
  { id: 'unseal', label: 'Unseal' },
  { id: 'open', label: 'Unsealed: in use' },
] as const;

export function StatusScreen() {
  const seal = useApp((s) => s.seal);
  const error = useApp((s) => s.statusError);
  const sealError = useApp((s) => s.sealError);
  const signedIn = useApp((s) => s.token !== null);
  const refresh = useApp((s) => s.refreshStatus);
  const sealKeyring = useApp((s) => s.sealKeyring);
  useEffect(() => { void refresh(); }, [refresh]);

  const current = !seal?.initialized ? 'init' : seal.sealed ? 'unseal' : 'open';
  return (
    <section aria-labelledby="status-title" className="screen">
      <h2 id="status-title">Keyring status</h2>
      <StepList steps={LIFECYCLE} current={current} />
      <ErrorBox error={error} title="Status unavailable" />
      {/* The next step (Seal now, Unseal, Initialize) above the facts, so it is never below the fold. */}
      <div className="actions">
        <button type="button" onClick={() => void refresh()}>Refresh</button>
        {!seal?.initialized ? <a className="button-link" href="#/init">Initialize</a> : null}
        {seal?.initialized && seal.sealed ? <a className="button-link" href="#/unseal">Unseal</a> : null}
        {seal?.initialized && !seal.sealed ? (
          signedIn ? (
            <ConfirmButton label="Seal now" question="Seal the keyring? Everything stops until custodians unseal it again; running rekey or root generation attempts are abandoned."
              confirmLabel="Yes, seal the keyring" cancelLabel="Don’t seal: keep it unsealed" onConfirm={() => void sealKeyring()} />
          ) : <a className="button-link" href="#/sign-in">Sign in to seal</a>
        ) : null}
      </div>
      <ErrorBox error={sealError} title="Not sealed" />
      {seal ? <KeyringFacts /> : <p>Reading the seal status…</p>}
    </section>
  );
}
