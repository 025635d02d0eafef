/**
 * Rekey with verification, always: configure → review → current custodians authorize → new
 * shares handed out one custodian at a time → new custodians verify → committed. Cancelling
 * (with the attempt's nonce) is possible until the commit and leaves the old shares valid.
 * When the rekey kept a backup, the result page offers to download or delete it.
 */
import { useEffect, useLayoutEffect } from 'react';
import { ConfirmButton } from '../../components/confirm-button.js';
import { ErrorBox, Verdict } from '../../components/error-box.js';
import { CeremonyRecordOffer } from '../audit/ceremony-record-offer.js';
import { StepList } from '../../components/step-list.js';
import type { StepDef } from '../../components/step-list.js';
import type { RekeyStep } from '../../store/rekey-slice.js';
import { appStore, useApp } from '../../store/use-app.js';
import { HandoutStep } from '../handout/handout-step.js';
import { HandoutSummary } from '../handout/handout-summary.js';
import { RekeyBackupPanel } from './rekey-backup.js';
import { RekeyForeignPlan } from './rekey-foreign-plan.js';
import { RewrapPanel } from '../rotate/rewrap-panel.js';
import { IdleCountdown } from '../../components/idle-countdown.js';
import { RekeyPlan } from './rekey-plan.js';
import { RekeyQuorum } from './rekey-quorum.js';

/** For an attempt met on the server: its plan is read first, nothing is "done" before that. */
const FOREIGN_STEPS: readonly StepDef<RekeyStep>[] = [
  { id: 'confirm-plan', label: 'Read the plan of this attempt' },
  { id: 'authorize', label: 'Current custodians authorize' },
  { id: 'handout', label: 'Hand out new shares' },
  { id: 'verify', label: 'Verify new shares' },
  { id: 'done', label: 'Done' },
];

const STEPS: readonly StepDef<RekeyStep>[] = [
  { id: 'configure', label: 'New custodians' },
  { id: 'review', label: 'Review' },
  { id: 'authorize', label: 'Current custodians authorize' },
  { id: 'handout', label: 'Hand out new shares' },
  { id: 'verify', label: 'Verify new shares' },
  { id: 'done', label: 'Done' },
];

export function RekeyScreen() {
  const step = useApp((s) => s.rekeyStep);
  const nonce = useApp((s) => s.rekeyNonce);
  const shares = useApp((s) => s.rekeyShares);
  const cursor = useApp((s) => s.rekeyHandout);
  const generation = useApp((s) => s.rekeyGeneration);
  const threshold = useApp((s) => s.rekeyThreshold);
  const keyringId = useApp((s) => s.seal?.keyringId ?? '');
  const sealed = useApp((s) => s.seal?.sealed ?? true);
  const verdict = useApp((s) => s.rekeyVerdict);
  const error = useApp((s) => s.rekeyError);
  const busy = useApp((s) => s.rekeyBusy);
  const backup = useApp((s) => s.rekeyBackup);
  const refresh = useApp((st) => st.refreshStatus);
  const loadRekey = useApp((st) => st.loadRekey);
  const prefill = useApp((st) => st.prefillRekeyPlan);
  const leaving = useApp((st) => st.rekeyLeaving);
  const showShare = useApp((st) => st.showRekeyShare);
  const nextCustodian = useApp((st) => st.nextRekeyCustodian);
  const go = useApp((st) => st.goRekeyStep);
  const cancel = useApp((st) => st.cancelRekey);
  const restart = useApp((st) => st.restartRekey);
  const adopted = useApp((st) => st.rekeyAdopted);
  const verification = useApp((st) => st.rekeyVerificationRequired);
  const quorum = step === 'authorize' || step === 'verify';
  useEffect(() => {
    // Pick up an attempt already on the server (only readable while unsealed).
    // A fresh seal-status may name the custodians only now (the screen was opened first).
    void refresh().then(async () => {
      prefill();
      if (appStore.getState().seal?.sealed === false) await loadRekey();
    });
  }, [refresh, loadRekey, prefill]);
  // A new plan starts from the current custodians already known, before the form is painted, so
  // nothing the operator does on it can be overwritten by the prefill arriving late.
  useLayoutEffect(() => { prefill(); }, [prefill]);

  return (
    <section aria-labelledby="rekey-title" className="screen">
      <h2 id="rekey-title">Rekey: new custodians and shares</h2>
      <StepList steps={adopted || step === 'confirm-plan' ? FOREIGN_STEPS : STEPS} current={step} />
      <IdleCountdown />
      {step === 'confirm-plan' ? <RekeyForeignPlan /> : null}
      {sealed && step !== 'done' ? <p className="notice">The keyring is sealed. <a href="#/unseal">Unseal it</a> before rekeying.</p> : null}
      {!sealed && (step === 'configure' || step === 'review') ? <RekeyPlan /> : null}
      {step === 'authorize' ? <RekeyQuorum phase="authorize" /> : null}
      {step === 'handout' ? (
        shares.length > 0 ? (
          <HandoutStep shares={shares} cursor={cursor} keyringId={keyringId} generation={generation} threshold={threshold}
            ceremony="rekey" onShow={showShare} onNext={nextCustodian} onFinish={() => go(verification ? 'verify' : 'done')}
            finishLabel={verification ? 'All new shares handed out: verify' : 'All new shares handed out'} />
        ) : <p role="alert" className="error-box">The new shares are not on this screen (wiped, or started elsewhere). Cancel this rekey and start again; the current shares stay valid.</p>
      ) : null}
      {step === 'verify' ? <RekeyQuorum phase="verify" /> : null}
      {step === 'done' ? (
        <div className="result" role="status">
          <h3>Rekey complete</h3>
          <p className="big">{verdict || 'The new shares are committed.'}</p>
          <p>Generation {generation ?? 'new'} is now the only valid share set. Old shares are refused.</p>
          <p>The commit also made a new root key and a new key term, so a copy of the file from before the rekey, opened with the old shares,
            reads nothing written after it. Records written before the rekey are still under the old terms, which such a copy can read:
            rewrap them now so they move to the new term too.</p>
          <p>Custodians who left{leaving.length > 0 ? ` (${leaving.map((c) => c.name).join(', ')})` : ''}: destroy your old handouts and share files. Everyone: backups and copies of the keyring file made before this rekey still open only with the old shares.</p>
          <HandoutSummary ceremony="rekey" />
          <CeremonyRecordOffer kind="rekey" />
          <button type="button" onClick={restart}>Start another rekey</button>
        </div>
      ) : quorum ? null : <Verdict text={verdict} />}
      {step === 'done' && !sealed ? <RewrapPanel /> : null}
      {step === 'done' && backup ? <RekeyBackupPanel /> : null}
      {/* While custodians enter shares, verdicts and refusals sit under the share field. */}
      {quorum ? null : <ErrorBox error={error} />}
      {nonce !== '' && step !== 'done' ? (
        <div className="actions">
          <ConfirmButton label="Cancel rekey" question="Cancel this rekey? Any new shares become useless; the current shares stay valid."
            confirmLabel="Yes, cancel the rekey" cancelLabel="Don’t cancel: continue the rekey" onConfirm={() => void cancel()} disabled={busy} />
        </div>
      ) : null}
    </section>
  );
}
