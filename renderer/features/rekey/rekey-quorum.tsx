/**
 * Share entry for the two quorums of a rekey: current custodians authorizing (sys/rekey/update)
 * and new custodians proving their new shares (sys/rekey/verify).
 */
import { ProgressMeter } from '../../components/progress-meter.js';
import { ShareEntry } from '../../components/share-entry.js';
import { useApp } from '../../store/use-app.js';
import { ordinal } from './ordinal.js';

export function RekeyQuorum({ phase }: { phase: 'authorize' | 'verify' }) {
  const progress = useApp((s) => (phase === 'authorize' ? s.rekeyProgress : s.verifyProgress));
  // Verification needs what the API's verify status says: the new threshold, or every share.
  const needed = useApp((s) => (phase === 'authorize' ? s.rekeyRequired || s.seal?.t || 0 : s.verifyRequired || s.rekeyThreshold));
  const busy = useApp((s) => s.rekeyBusy);
  const submitAuthorize = useApp((s) => s.submitRekeyShare);
  const submitVerify = useApp((s) => s.submitVerifyShare);
  const refusal = useApp((s) => s.rekeyError);
  const verdict = useApp((s) => s.rekeyVerdict);
  const authorize = phase === 'authorize';
  const verification = useApp((s) => s.rekeyVerificationRequired);
  return (
    <div className="quorum">
      <h3>{authorize ? 'Current custodians: authorize the rekey' : 'New custodians: prove your new shares'}</h3>
      <p>
        {authorize
          ? (verification
            ? 'Each current custodian enters their current share. Nothing changes until the new shares are verified.'
            : `Each current custodian enters their current share. This attempt has no verification: when the ${ordinal(needed)} share is entered the new shares replace the old ones at once, and appear only on this screen.`)
          : 'Each new custodian enters the share just handed out. When the required number are proven, the new shares replace the old ones.'}
      </p>
      <ProgressMeter done={progress} needed={needed} label={authorize ? 'current shares entered' : 'new shares verified'} />
      <ShareEntry
        label={authorize ? `Current share ${progress + 1} of ${needed}` : `New share ${progress + 1} of ${needed}`}
        submitLabel={authorize ? 'Authorize with this share' : 'Verify this new share'}
        busy={busy}
        refusal={refusal}
        verdict={verdict}
        onSubmit={() => void (authorize ? submitAuthorize() : submitVerify())}
      />
    </div>
  );
}
