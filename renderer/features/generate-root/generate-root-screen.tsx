/**
 * Generate root (OTP mode): start an attempt (the server makes a one-time pad, returned once and
 * kept in memory here) → custodians enter shares → the new token is decoded locally and shown
 * once → done. Cancel with confirmation at any time before the end.
 */
import { useEffect } from 'react';
import { ConfirmButton } from '../../components/confirm-button.js';
import { ErrorBox, Verdict } from '../../components/error-box.js';
import { ProgressMeter } from '../../components/progress-meter.js';
import { ReadAloud } from '../../components/read-aloud.js';
import { RevokeToken } from '../../components/revoke-token.js';
import { ShareEntry } from '../../components/share-entry.js';
import { CeremonyRecordOffer } from '../audit/ceremony-record-offer.js';
import { StepList } from '../../components/step-list.js';
import type { StepDef } from '../../components/step-list.js';
import type { GenerateRootStep } from '../../store/generate-root-slice.js';
import { appStore, useApp } from '../../store/use-app.js';
import { NewRootToken } from './new-root-token.js';
import { GenerateRootInterrupted } from './generate-root-interrupted.js';
import { IdleCountdown } from '../../components/idle-countdown.js';

const STEPS: readonly StepDef<GenerateRootStep>[] = [
  { id: 'start', label: 'Start' },
  { id: 'shares', label: 'Custodians enter shares' },
  { id: 'token', label: 'Reveal the new token' },
  { id: 'done', label: 'Done' },
];

export function GenerateRootScreen() {
  const step = useApp((s) => s.grStep);
  const progress = useApp((s) => s.grProgress);
  const required = useApp((s) => s.grRequired || s.seal?.t || 0);
  const hasOtp = useApp((s) => s.grOtp !== '');
  const sealed = useApp((s) => s.seal?.sealed ?? true);
  const signedIn = useApp((s) => s.token !== null);
  const verdict = useApp((s) => s.grVerdict);
  const error = useApp((s) => s.grError);
  const busy = useApp((s) => s.grBusy);
  const refresh = useApp((s) => s.refreshStatus);
  const load = useApp((s) => s.loadGenerateRoot);
  const start = useApp((s) => s.startGenerateRoot);
  const submit = useApp((s) => s.submitGenerateRootShare);
  const cancel = useApp((s) => s.cancelGenerateRoot);
  const restart = useApp((s) => s.restartGenerateRoot);
  useEffect(() => {
    void refresh().then(() => { if (appStore.getState().seal?.sealed === false) void load(); });
  }, [refresh, load]);

  return (
    <section aria-labelledby="gr-title" className="screen">
      <h2 id="gr-title">Generate a new root token</h2>
      <StepList steps={STEPS} current={step === 'interrupted' ? 'shares' : step} />
      <IdleCountdown />
      {step === 'interrupted' ? <GenerateRootInterrupted /> : null}
      {sealed && step === 'start' ? <p className="notice">The keyring is sealed. <a href="#/unseal">Unseal it</a> first.</p> : null}
      {!sealed && step === 'start' ? (
        <ReadAloud actionLabel="Start root token generation" onAction={() => void start()} busy={busy}>
          <p>We are about to create a new root token, a credential that can do anything while the keyring is unsealed.</p>
          <p>{required || 'The required number of'} custodians must each enter their share. The token will be shown once, on this screen only.</p>
        </ReadAloud>
      ) : null}
      {step === 'shares' ? (
        <div className="quorum">
          {!hasOtp ? <p role="alert" className="warning">The one-time pad for this attempt is not on this screen, so its token could not be decoded here. Cancel and start again.</p> : null}
          <ProgressMeter done={progress} needed={required} label="shares entered" />
          <ShareEntry label={`Share ${progress + 1} of ${required}`} submitLabel="Submit share" busy={busy} disabled={!hasOtp} onSubmit={() => void submit()}
            refusal={error} verdict={verdict} />
        </div>
      ) : null}
      {step === 'token' ? <NewRootToken /> : null}
      {step === 'done' ? (
        <div className="result" role="status">
          <h3>Root token generation finished</h3>
          <p className="big">{signedIn
            ? 'The token has left this screen; this session is signed in with it (memory only). Revoke it as soon as its work is done.'
            : 'The token has left this screen and this computer. Revoke it as soon as its work is done.'}</p>
          <RevokeToken />
          <CeremonyRecordOffer kind="generate-root" />
          <button type="button" onClick={restart}>Back to start</button>
        </div>
      ) : step === 'shares' ? null : <Verdict text={verdict} />}
      {step === 'shares' ? null : <ErrorBox error={error} />}
      {step === 'shares' || (step === 'start' && !sealed && verdict !== '') ? (
        <div className="actions">
          <ConfirmButton label="Cancel root generation" question="Cancel this attempt? Shares entered so far are discarded."
            confirmLabel="Yes, cancel root generation" cancelLabel="Don’t cancel: keep collecting shares" onConfirm={() => void cancel()} disabled={busy} />
        </div>
      ) : null}
    </section>
  );
}
