/**
 * Rekey planning: new custodians (starting from the current ones), threshold, PGP keys and
 * backup, then the read-aloud review, which says who stays, who joins and who leaves.
 */
import { useState } from 'react';
import { CustodianEditor } from '../../components/custodian-editor.js';
import { ReadAloud } from '../../components/read-aloud.js';
import { ThresholdField } from '../../components/threshold-field.js';
import { groupFingerprint } from '../../lib/pgp-key-info.js';
import { validateInitPlan } from '../../store/ceremony-plan.js';
import { rosterChanges } from '../../store/roster-changes.js';
import { useApp } from '../../store/use-app.js';
import { PlanSummary } from '../init/plan-summary.js';
import { RosterChangeWords } from './roster-change-words.js';

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
          <PlanSummary names={custodians.map((c) => c.name.trim())} threshold={threshold} pgp={withPgp && allPgp} keyringName={current?.keyringName ?? ''} />
          <RosterChangeWords changes={rosterChanges(current?.currentCustodians ?? [], custodians.map((c) => c.name))} />
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
      <CurrentCustodians />
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

/** Today's share set, which the plan below starts from: the names, and the keys by fingerprint. */
function CurrentCustodians() {
  const current = useApp((s) => s.seal?.currentCustodians ?? []);
  const generation = useApp((s) => s.seal?.generation ?? null);
  if (current.length === 0) return null;
  const pgp = current.some((c) => c.fingerprint !== '');
  return (
    <div className="current-custodians">
      <p>The list starts from today’s custodians{generation !== null ? ` (generation ${generation})` : ''}; remove those who leave and add those who join.</p>
      <ol aria-label="Current custodians">
        {current.map((c) => (
          <li key={c.index}>{c.name || 'unnamed'} (share {c.index}){c.fingerprint !== '' ? <> — PGP key <span className="mono">{groupFingerprint(c.fingerprint)}</span></> : null}</li>
        ))}
      </ol>
      {pgp ? <p className="muted">The keyring keeps each key’s fingerprint, not the key: paste the public key of every custodian again and compare its fingerprint with the one above.</p> : null}
    </div>
  );
}
