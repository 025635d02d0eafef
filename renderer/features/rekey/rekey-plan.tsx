/** Rekey planning: new custodians, threshold, PGP keys and backup, then the read-aloud review. */
import { useState } from 'react';
import { CustodianEditor } from '../../components/custodian-editor.js';
import { ReadAloud } from '../../components/read-aloud.js';
import { ThresholdField } from '../../components/threshold-field.js';
import { validateInitPlan } from '../../store/ceremony-plan.js';
import { useApp } from '../../store/use-app.js';
import { PlanSummary } from '../init/plan-summary.js';

export function RekeyPlan() {
  const step = useApp((s) => s.rekeyStep);
  const custodians = useApp((s) => s.rekeyCustodians);
  const threshold = useApp((s) => s.rekeyThreshold);
  const backup = useApp((s) => s.rekeyBackup);
  const verifyAll = useApp((s) => s.rekeyVerifyAll);
  const busy = useApp((s) => s.rekeyBusy);
  const current = useApp((s) => s.seal);
  const setPlan = useApp((s) => s.setRekeyPlan);
  const go = useApp((s) => s.goRekeyStep);
  const start = useApp((s) => s.startRekey);
  const [withPgp, setWithPgp] = useState(custodians.some((c) => c.pgpKey !== ''));
  const [problem, setProblem] = useState('');
  const allPgp = custodians.every((c) => c.pgpKey.trim() !== '');

  const toReview = () => {
    const p = validateInitPlan(custodians, threshold);
    setProblem(p);
    if (p === '') go('review');
  };

  if (step === 'review') {
    return (
      <div className="plan">
        <ReadAloud actionLabel="Start rekey" onAction={() => void start()} busy={busy}>
          <p>
            Today the keyring has {current?.n ?? '?'} shares, {current?.t ?? '?'} needed to unseal
            {current?.generation !== null && current?.generation !== undefined ? ` (generation ${current.generation})` : ''}.
          </p>
          <PlanSummary names={custodians.map((c) => c.name.trim())} threshold={threshold} pgp={withPgp && allPgp} />
          <p>{current?.t ?? 'The required number of'} current custodians must authorize with their current shares. The new shares are then handed out and verified before they replace the old ones; until then the old shares stay valid.</p>
          <p>{verifyAll
            ? `Every new custodian (all ${custodians.length}) must prove their new share before the commit.`
            : `Any ${threshold} new custodians must prove their new shares before the commit.`}</p>
          {backup ? <p>An encrypted backup of the new shares will be kept until it is deleted.</p> : null}
        </ReadAloud>
        <div className="actions"><button type="button" onClick={() => go('configure')} disabled={busy}>Back</button></div>
      </div>
    );
  }
  return (
    <div className="plan">
      <h3>Who will hold the new shares?</h3>
      <label className="check">
        <input type="checkbox" checked={withPgp} onChange={(e) => setWithPgp(e.target.checked)} />
        Encrypt each new share to its custodian’s PGP key
      </label>
      <CustodianEditor custodians={custodians} onChange={(next) => setPlan({ custodians: next })} withPgp={withPgp} />
      <ThresholdField value={threshold} total={custodians.length} onChange={(t) => setPlan({ threshold: t })} />
      <label className="check">
        <input type="checkbox" checked={backup} disabled={!withPgp || !allPgp} onChange={(e) => setPlan({ backup: e.target.checked })} />
        Keep a PGP-encrypted backup of the new shares (needs a PGP key for every custodian)
      </label>
      <label className="check">
        <input type="checkbox" checked={verifyAll} aria-describedby="rekey-verify-all-why" onChange={(e) => setPlan({ verifyAll: e.target.checked })} />
        Verify every new share before it replaces the old ones
      </label>
      <p id="rekey-verify-all-why" className="muted">
        Recommended: a share nobody has proven may turn out unreadable when it is needed. Off, only {threshold} of the new shares are proven; verification itself is always required.
      </p>
      {problem !== '' ? <p role="alert" className="error-box">{problem}</p> : null}
      <div className="actions"><button type="button" className="primary" onClick={toReview}>Next: review</button></div>
    </div>
  );
}
