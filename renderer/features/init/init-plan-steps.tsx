/** The planning half of Initialize: keyring name and custodians, threshold, and the read-aloud review. */
import { useId, useState } from 'react';
import { CustodianEditor } from '../../components/custodian-editor.js';
import { Problem } from '../../components/error-box.js';
import { ReadAloud } from '../../components/read-aloud.js';
import { majorityThreshold, ThresholdField } from '../../components/threshold-field.js';
import { validateInitPlan } from '../../store/ceremony-plan.js';
import type { CustodianDraft } from '../../store/ceremony-plan.js';
import { useApp } from '../../store/use-app.js';
import { PlanSummary } from './plan-summary.js';

const KEYRING_NAME_MAX = 80;

/** The first thing to fix before the threshold step, or ''. */
function custodianProblem(custodians: readonly CustodianDraft[], withPgp: boolean): string {
  const p = validateInitPlan(custodians, custodians.length > 1 ? 2 : 1);
  if (p !== '') return p;
  const missing = custodians.filter((c) => c.pgpKey.trim() === '').map((c) => c.name.trim());
  if (withPgp && missing.length > 0) return `Every custodian needs a PGP key when shares are encrypted; missing for ${missing.join(', ')}. Add their keys, or untick encryption.`;
  return '';
}

export function InitPlanSteps() {
  const step = useApp((s) => s.initStep);
  const custodians = useApp((s) => s.initCustodians);
  const threshold = useApp((s) => s.initThreshold);
  const keyringName = useApp((s) => s.initKeyringName);
  const busy = useApp((s) => s.initBusy);
  const setCustodians = useApp((s) => s.setInitCustodians);
  const setThreshold = useApp((s) => s.setInitThreshold);
  const setKeyringName = useApp((s) => s.setInitKeyringName);
  const go = useApp((s) => s.goInitStep);
  const runInit = useApp((s) => s.runInit);
  const [withPgp, setWithPgp] = useState(custodians.some((c) => c.pgpKey !== ''));
  // Until the operator picks a threshold, it follows the number of custodians (a majority).
  const [thresholdChosen, setThresholdChosen] = useState(false);
  const [problem, setProblem] = useState('');
  const nameId = useId();
  const names = custodians.map((c) => c.name.trim());

  const togglePgp = (on: boolean) => {
    setWithPgp(on);
    // Hidden keys must not be sent: unticking means plain shares for everyone.
    if (!on && custodians.some((c) => c.pgpKey !== '')) setCustodians(custodians.map((c) => ({ ...c, pgpKey: '' })));
  };
  const toThreshold = () => {
    const p = custodianProblem(custodians, withPgp);
    setProblem(p);
    if (p !== '') return;
    const n = custodians.length;
    if (!thresholdChosen || threshold > n || (n > 1 && threshold < 2)) setThreshold(majorityThreshold(n));
    go('threshold');
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
          <label htmlFor={nameId}>Keyring name (printed on every handout, optional)</label>
          <input id={nameId} type="text" value={keyringName} maxLength={KEYRING_NAME_MAX} autoComplete="off" placeholder="e.g. Payments root CA 2026"
            onChange={(e) => setKeyringName(e.target.value)} />
          <h3>Who will hold a share?</h3>
          <label className="check">
            <input type="checkbox" checked={withPgp} onChange={(e) => togglePgp(e.target.checked)} />
            Encrypt each share to its custodian’s PGP key
          </label>
          <CustodianEditor custodians={custodians} onChange={(next) => { setCustodians(next); setProblem(''); }} withPgp={withPgp} />
          <Problem text={problem} />
          <div className="actions"><button type="button" className="primary" onClick={toThreshold}>Next: threshold</button></div>
        </>
      ) : null}
      {step === 'threshold' ? (
        <>
          <h3>How many custodians must meet to unseal?</h3>
          <ThresholdField value={threshold} total={custodians.length} onChange={(t) => { setThresholdChosen(true); setThreshold(t); setProblem(''); }} />
          <Problem text={problem} />
          <div className="actions">
            <button type="button" onClick={() => go('custodians')}>Back</button>
            <button type="button" className="primary" onClick={toReview}>Next: review</button>
          </div>
        </>
      ) : null}
      {step === 'review' ? (
        <>
          <ReadAloud actionLabel="Generate shares" onAction={() => void runInit()} busy={busy}>
            <PlanSummary names={names} threshold={threshold} pgp={withPgp} keyringName={keyringName.trim()} />
            <p>Symbolon will now create the keyring and split its unseal key into {names.length} shares. This cannot be undone.</p>
          </ReadAloud>
          <div className="actions"><button type="button" onClick={() => go('threshold')} disabled={busy}>Back</button></div>
        </>
      ) : null}
    </div>
  );
}
