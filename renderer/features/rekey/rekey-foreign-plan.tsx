/**
 * A rekey attempt this page did not start (DESIGN.md, "No plan is authorized unseen"). Any local
 * caller can start one, as in Vault, so before a single share field appears the whole plan is
 * shown for the operator to read aloud: how many shares and how many must meet, who receives
 * them and to which PGP keys, backup, verification, who joins and who leaves. The room confirms
 * it, or cancels it with its nonce.
 */
import { ConfirmButton } from '../../components/confirm-button.js';
import { ReadAloud } from '../../components/read-aloud.js';
import { groupFingerprint } from '../../lib/pgp-key-info.js';
import type { ForeignRekeyPlan } from '../../store/rekey-slice.js';
import { rosterChanges } from '../../store/roster-changes.js';
import { useApp } from '../../store/use-app.js';
import { ordinal } from './ordinal.js';

function verificationWords(plan: ForeignRekeyPlan, currentThreshold: number): string {
  if (!plan.verificationRequired) {
    return `No verification. The old shares stop working the moment the ${ordinal(currentThreshold)} current share is entered, `
      + 'and the new shares then appear once, on the screen that entered it: nobody proves them before they replace the old ones.';
  }
  return plan.verifyAll
    ? `Verification of every new share: all ${plan.n} new custodians must prove their share before it replaces the old ones.`
    : `Verification: ${plan.t} of the new shares must be proven before they replace the old ones.`;
}

export function RekeyForeignPlan() {
  const plan = useApp((s) => s.rekeyForeign);
  const current = useApp((s) => s.seal);
  const busy = useApp((s) => s.rekeyBusy);
  const confirm = useApp((s) => s.confirmForeignRekey);
  const cancel = useApp((s) => s.cancelForeignRekey);
  if (!plan) return null;
  const { joining, leaving, newKeys } = rosterChanges(current?.currentCustodians ?? [], plan.custodians, plan.fingerprints);
  return (
    <div className="plan foreign-plan">
      <p role="alert" className="warning">
        A rekey is already in progress that was not started on this page. Anyone on this computer can start one.
        Read its plan aloud; if anyone in the room does not recognise it, cancel it.
      </p>
      <ReadAloud actionLabel="Confirm this plan" onAction={confirm} busy={busy}>
        <p>
          The new share set: <strong>{plan.n}</strong> shares, any <strong>{plan.t}</strong> of which unseal
          (today: {current?.n ?? '?'} shares, {current?.t ?? '?'} needed{current?.generation ? `, generation ${current.generation}` : ''}).
        </p>
        <ol aria-label="New custodians" className="plan-custodians">
          {Array.from({ length: plan.n }, (_, i) => {
            const fingerprint = plan.fingerprints[i];
            return (
              <li key={i}>
                <strong>{plan.custodians[i] ?? `Custodian ${i + 1}`}</strong>
                {fingerprint ? <> — PGP key <span className="mono">{groupFingerprint(fingerprint)}</span></> : ' — no PGP key: the share is shown on screen'}
              </li>
            );
          })}
        </ol>
        <p>{plan.backup
          ? 'Backup: an encrypted copy of every new share is kept in the keyring, readable with a token, until someone deletes it.'
          : 'Backup: none.'}</p>
        <p>{verificationWords(plan, current?.t ?? 0)}</p>
        <p>Joining: {joining.length > 0 ? joining.join(', ') : 'nobody'}. Leaving: {leaving.length > 0 ? leaving.map((c) => c.name).join(', ') : 'nobody'}.</p>
        {newKeys.length > 0 ? (
          <p className="warning">
            Same name, another PGP key: {newKeys.map(({ custodian, fingerprint }) => (
              <span key={custodian.index}>
                <strong>{custodian.name}</strong> (share {custodian.index}) had {custodian.fingerprint ? <span className="mono">{groupFingerprint(custodian.fingerprint)}</span> : 'no PGP key'};
                this plan uses {fingerprint ? <span className="mono">{groupFingerprint(fingerprint)}</span> : 'no PGP key'}.{' '}
              </span>
            ))}
            Each of them must confirm the new key is theirs.
          </p>
        ) : null}
        {plan.progress > 0 ? <p>{plan.progress} current custodian{plan.progress === 1 ? ' has' : 's have'} already authorized this attempt.</p> : null}
        {plan.awaitingVerification ? <p>It was already authorized and waits for its new shares to be verified; those shares are not on this page.</p> : null}
      </ReadAloud>
      <div className="actions">
        <ConfirmButton label="Cancel this rekey" question="Cancel this rekey attempt? Nothing changes; the current shares stay valid."
          confirmLabel="Yes, cancel the attempt" cancelLabel="No, keep the attempt" onConfirm={() => void cancel()} disabled={busy} />
      </div>
    </div>
  );
}
