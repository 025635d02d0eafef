/**
 * Unseal: custodians come one at a time; each share is checked as it is typed (check characters)
 * and judged by the server on entry, which names the custodian. T-of-N progress, reset.
 */
import { useEffect } from 'react';
import { ConfirmButton } from '../../components/confirm-button.js';
import { ErrorBox } from '../../components/error-box.js';
import { ProgressMeter } from '../../components/progress-meter.js';
import { ShareEntry } from '../../components/share-entry.js';
import { CeremonyRecordOffer } from '../audit/ceremony-record-offer.js';
import { StepList } from '../../components/step-list.js';
import { useApp } from '../../store/use-app.js';
import { CheckOnlyButton, useShareCheck } from './check-only.js';

export function UnsealScreen() {
  const seal = useApp((s) => s.seal);
  const acceptedHere = useApp((s) => s.unsealAccepted);
  const acceptedOnServer = useApp((s) => s.seal?.progressCustodians);
  const verdict = useApp((s) => s.unsealVerdict);
  const error = useApp((s) => s.unsealError);
  const busy = useApp((s) => s.unsealBusy);
  const submit = useApp((s) => s.submitUnsealShare);
  const reset = useApp((s) => s.resetUnsealAttempt);
  const refresh = useApp((s) => s.refreshStatus);
  const statusError = useApp((s) => s.statusError);
  const checkOnly = useShareCheck();
  // Right after an init in this session, the first unseal is where its record can be read.
  const initJustDone = useApp((s) => s.initStep === 'done');
  useEffect(() => { void refresh(); }, [refresh]);

  if (!seal) return <section className="screen"><h2>Unseal</h2><p>Reading the seal status…</p><ErrorBox error={statusError} /></section>;
  // After a reload this screen has forgotten who came; the server has not (seal-status).
  const accepted = acceptedHere.length >= (acceptedOnServer?.length ?? 0) ? acceptedHere : (acceptedOnServer ?? []);
  const t = seal.t;
  const progress = seal.sealed ? seal.progress : t;
  const steps = [...Array.from({ length: t }, (_, i) => ({ id: `c${i}`, label: accepted[i]?.custodian ? `Custodian ${i + 1}: ${accepted[i]?.custodian}` : `Custodian ${i + 1}` })), { id: 'open', label: 'Unsealed' }];
  const current = seal.sealed ? `c${Math.min(progress, t - 1)}` : 'open';

  return (
    <section aria-labelledby="unseal-title" className="screen">
      <h2 id="unseal-title">Unseal</h2>
      {!seal.initialized ? <p className="notice">This keyring is not initialized yet. <a href="#/init">Initialize it</a> first.</p> : null}
      {seal.initialized ? <StepList steps={steps} current={current} /> : null}
      {seal.initialized && seal.sealed ? (
        <>
          <ProgressMeter done={progress} needed={t} label="shares entered" />
          {accepted.length > 0 ? (
            <p>Entered so far: {accepted.map((a) => `${a.custodian || 'unnamed'}${a.shareIndex !== null ? ` (share ${a.shareIndex})` : ''}`).join(', ')}.</p>
          ) : null}
          <h3>Custodian {progress + 1} of {t}, please enter your share</h3>
          <ShareEntry label={`Share of custodian ${progress + 1}`} submitLabel="Submit share" busy={busy} onSubmit={() => { checkOnly.clear(); void submit(); }}
            refusal={checkOnly.error ?? error} refusalTitle={checkOnly.error ? 'Share check' : 'Share not accepted'} verdict={checkOnly.verdict || verdict}>
            <CheckOnlyButton check={checkOnly} />
          </ShareEntry>
          <div className="actions">
            <ConfirmButton label="Reset unseal progress" question="Reset clears every share entered so far; each custodian must enter theirs again."
              confirmLabel="Yes, reset progress" cancelLabel="Don’t reset: keep the shares entered" onConfirm={() => void reset()} disabled={busy} />
          </div>
        </>
      ) : null}
      {seal.initialized && !seal.sealed ? (
        <div className="result" role="status">
          <h3>The keyring is unsealed</h3>
          {verdict !== '' ? <p className="big">{verdict}</p> : null}
          <p>Seal it again from <a href="#/status">Status</a> when the work is done.</p>
          <CeremonyRecordOffer kind="unseal" earlier={initJustDone ? 'init' : undefined} />
        </div>
      ) : null}
    </section>
  );
}
