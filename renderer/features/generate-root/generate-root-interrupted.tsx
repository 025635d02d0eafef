/**
 * A root generation attempt whose one-time pad is not on this page (issue 11): the pad was shown
 * once, to the page that started the attempt, and went with it (reload, Back, a crash, an idle
 * wipe), or the attempt was started elsewhere. Its token could never be decoded here, so no share
 * field is offered for it: the attempt is cancelled and, if wanted, started again here.
 */
import { ConfirmButton } from '../../components/confirm-button.js';
import { groupFingerprint } from '../../lib/pgp-key-info.js';
import { useApp } from '../../store/use-app.js';

export function GenerateRootInterrupted() {
  const attempt = useApp((s) => s.grInterruption);
  const busy = useApp((s) => s.grBusy);
  const cancel = useApp((s) => s.cancelGenerateRoot);
  const restart = useApp((s) => s.restartInterruptedGenerateRoot);
  if (!attempt) return null;
  const pgp = attempt.pgpFingerprint !== '';
  return (
    <div role="alert" className="warning gr-interrupted">
      <h3>{pgp ? 'A root generation started elsewhere is in progress' : 'The one-time pad of this attempt was lost'}</h3>
      {pgp ? (
        <p className="big">It delivers the new root token encrypted to PGP key <span className="mono">{groupFingerprint(attempt.pgpFingerprint)}</span>, not to this screen.
          If nobody in the room started it for that key, cancel it.</p>
      ) : (
        <p className="big">
          {attempt.cause === 'idle' ? 'The pad was wiped from this screen after 5 minutes without activity' : 'The pad was shown once, to the page that started this attempt, and was lost with it (reload, Back, a closed window or another computer)'}.
          Without it the new token can never be decoded: cancel this attempt and start again.
        </p>
      )}
      <p>{attempt.progress} of {attempt.required || '?'} shares had been entered; they are discarded.</p>
      <div className="actions">
        {!pgp ? <button type="button" className="primary" onClick={() => void restart()} disabled={busy}>Cancel it and start again</button> : null}
        <ConfirmButton label="Cancel this attempt" question="Cancel this root generation attempt? Shares entered so far are discarded."
          confirmLabel="Yes, cancel it" cancelLabel="No, keep the attempt" onConfirm={() => void cancel()} disabled={busy} />
      </div>
    </div>
  );
}
