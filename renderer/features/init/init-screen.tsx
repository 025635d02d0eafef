/**
 * Initialize, always with verification: custodians → threshold → review (read aloud) → generate
 * (a pending keyring) → hand-out, one custodian at a time, each proving their share by reading it
 * back → the last proof initializes → root token shown once → done. A pending init this page did
 * not start (or lost the shares of) is found on arrival and explained (init-interrupted.tsx).
 */
import { useEffect } from 'react';
import { ErrorBox } from '../../components/error-box.js';
import { StepList } from '../../components/step-list.js';
import type { StepDef } from '../../components/step-list.js';
import type { InitStep } from '../../store/init-slice.js';
import { appStore, useApp } from '../../store/use-app.js';
import { IdleCountdown } from '../../components/idle-countdown.js';
import { CeremonyRecordOffer } from '../audit/ceremony-record-offer.js';
import { HandoutStep } from '../handout/handout-step.js';
import { HandoutSummary } from '../handout/handout-summary.js';
import { InitInterrupted } from './init-interrupted.js';
import { InitPlanSteps } from './init-plan-steps.js';
import { RootTokenStep } from './root-token-step.js';

const STEPS: readonly StepDef<InitStep>[] = [
  { id: 'custodians', label: 'Custodians' },
  { id: 'threshold', label: 'Threshold' },
  { id: 'review', label: 'Review and generate' },
  { id: 'handout', label: 'Hand out shares' },
  { id: 'root-token', label: 'Root token' },
  { id: 'done', label: 'Done' },
];

export function InitScreen() {
  const step = useApp((s) => s.initStep);
  const result = useApp((s) => s.initResult);
  const handout = useApp((s) => s.initHandout);
  const threshold = useApp((s) => s.initThreshold);
  const error = useApp((s) => s.initError);
  const initialized = useApp((s) => s.seal?.initialized ?? false);
  const signedIn = useApp((s) => s.token !== null);
  const showShare = useApp((s) => s.showInitShare);
  const next = useApp((s) => s.nextInitCustodian);
  const go = useApp((s) => s.goInitStep);
  const proven = useApp((s) => s.initProven);
  const prove = useApp((s) => s.proveInitShare);
  const complete = useApp((s) => s.initComplete);
  const tokenWiped = useApp((s) => s.initTokenWiped);
  const refresh = useApp((s) => s.refreshStatus);
  const loadPending = useApp((s) => s.loadPendingInit);
  useEffect(() => {
    // A pending init on the server that this page does not hold the shares of is shown first.
    void refresh().then(() => { if (appStore.getState().seal?.initialized === false) void loadPending(); });
  }, [refresh, loadPending]);
  const planning = step === 'custodians' || step === 'threshold' || step === 'review';

  return (
    <section aria-labelledby="init-title" className="screen">
      <h2 id="init-title">Initialize a new keyring</h2>
      <StepList steps={STEPS} current={step === 'interrupted' ? 'handout' : step} />
      <IdleCountdown />
      {step === 'interrupted' ? <InitInterrupted /> : null}
      {planning && initialized ? (
        <div role="status" className="notice">
          <p>This keyring is already initialized. To change custodians or the threshold, use <a href="#/rekey">Rekey</a>.</p>
        </div>
      ) : null}
      {planning && !initialized ? <InitPlanSteps /> : null}
      {step === 'handout' && result ? (
        <HandoutStep shares={result.shares} cursor={handout} keyringId={result.keyringId} keyringName={result.keyringName} generation={result.generation}
          threshold={threshold} ceremony="init" onShow={showShare} onNext={next} onFinish={() => go('root-token')}
          finishLabel="All shares proven: show the root token" proof={{ proven, prove, complete }} />
      ) : null}
      {step === 'root-token' ? <RootTokenStep /> : null}
      {step === 'done' ? (
        <div className="result" role="status">
          <h3>Ceremony complete</h3>
          <p className="big">Every custodian proved their share and the keyring is initialized and <strong>sealed</strong>. The shares are no longer on this computer.</p>
          {tokenWiped ? <p className="warning">The initial root token was wiped after inactivity before it was shown. Use <a href="#/generate-root">Generate root</a> with a quorum of custodians to make a new one.</p> : null}
          {tokenWiped ? null : <p>{signedIn
            ? 'The root token is kept in this session’s memory only (signed in), until sign-out, reload or five idle minutes. Revoke it from Sign in when the ceremony is over.'
            : 'The root token is no longer on this computer.'}</p>}
          <HandoutSummary ceremony="init" />
          <CeremonyRecordOffer kind="init" />
          <p><a href="#/unseal" className="button-link">Continue to Unseal</a></p>
        </div>
      ) : null}
      <ErrorBox error={error} />
    </section>
  );
}
