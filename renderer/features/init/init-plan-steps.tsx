/** The planning half of Initialize: custodians, threshold, and the read-aloud review. */
import { useState } from 'react';
import { CustodianEditor } from '../../components/custodian-editor.js';
import { ReadAloud } from '../../components/read-aloud.js';
import { ThresholdField } from '../../components/threshold-field.js';
import { validateInitPlan } from '../../store/ceremony-plan.js';
import { useApp } from '../../store/use-app.js';
import { PlanSummary } from './plan-summary.js';

export function InitPlanSteps() {
  const step = useApp((s) => s.initStep);
  const custodians = useApp((s) => s.initCustodians);
  const threshold = useApp((s) => s.initThreshold);
  const busy = useApp((s) => s.initBusy);
  const setCustodians = useApp((s) => s.setInitCustodians);
  const setThreshold = useApp((s) => s.setInitThreshold);
  const go = useApp((s) => s.goInitStep);
  const runInit = useApp((s) => s.runInit);
  const [withPgp, setWithPgp] = useState(custodians.some((c) => c.pgpKey !== ''));
  const [problem, setProblem] = useState('');
  const names = custodians.map((c) => c.name.trim());

  const toThreshold = () => {
    const p = validateInitPlan(custodians, custodians.length > 1 ? 2 : 1);
    const nameProblem = p.startsWith('The threshold') || p.startsWith('With more') ? '' : p;
    setProblem(nameProblem);
    if (nameProblem === '') {
      if (threshold > custodians.length || (custodians.length > 1 && threshold < 2)) setThreshold(Math.min(Math.max(2, Math.ceil(custodians.length / 2)), custodians.length));
      go('threshold');
    }
  };
  const toReview = () => {
    const p = validateInitPlan(custodians, threshold);
    setProblem(p);
    if (p === '') go('review');
  };

  return (
    <div className="plan">
      {step === 'custodians' ? (
        <>
          <h3>Who will hold a share?</h3>
          <label className="check">
            <input type="checkbox" checked={withPgp} onChange={(e) => setWithPgp(e.target.checked)} />
            Encrypt each share to its custodian’s PGP key
          </label>
          <CustodianEditor custodians={custodians} onChange={setCustodians} withPgp={withPgp} />
          <div className="actions"><button type="button" className="primary" onClick={toThreshold}>Next: threshold</button></div>
        </>
      ) : null}
      {step === 'threshold' ? (
        <>
          <h3>How many custodians must meet to unseal?</h3>
          <ThresholdField value={threshold} total={custodians.length} onChange={setThreshold} />
          <div className="actions">
            <button type="button" onClick={() => go('custodians')}>Back</button>
            <button type="button" className="primary" onClick={toReview}>Next: review</button>
          </div>
        </>
      ) : null}
      {step === 'review' ? (
        <>
          <ReadAloud actionLabel="Generate shares" onAction={() => void runInit()} busy={busy}>
            <PlanSummary names={names} threshold={threshold} pgp={custodians.some((c) => c.pgpKey.trim() !== '')} />
            <p>Symbolon will now create the keyring and split its unseal key into {names.length} shares. This cannot be undone.</p>
          </ReadAloud>
          <div className="actions"><button type="button" onClick={() => go('threshold')} disabled={busy}>Back</button></div>
        </>
      ) : null}
      {problem !== '' ? <p role="alert" className="error-box">{problem}</p> : null}
    </div>
  );
}
