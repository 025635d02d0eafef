/**
 * Rotate: sign in (update+sudo token) → rotate now (read aloud) → rewrap older records with a
 * progress bar → done; plus the auto-rotation settings form, showing the API's own messages.
 */
import { useEffect, useMemo, useState } from 'react';
import { ErrorBox, Verdict } from '../../components/error-box.js';
import { ReadAloud } from '../../components/read-aloud.js';
import { CeremonyRecordOffer } from '../audit/ceremony-record-offer.js';
import { StepList } from '../../components/step-list.js';
import { useApp } from '../../store/use-app.js';
import { KeyTermFacts } from './key-term-facts.js';
import { RewrapPanel } from './rewrap-panel.js';
import { RotateConfigForm } from './rotate-config-form.js';
import { humanRotateError } from './rotate-words.js';

const STEPS = [
  { id: 'sign-in', label: 'Sign in' },
  { id: 'rotate', label: 'Rotate' },
  { id: 'rewrap', label: 'Rewrap older records' },
  { id: 'done', label: 'Done' },
] as const;

export function RotateScreen() {
  const signedIn = useApp((s) => s.token !== null);
  const sealed = useApp((s) => s.seal?.sealed ?? true);
  const term = useApp((s) => s.keyStatus?.term ?? null);
  const message = useApp((s) => s.rotateMessage);
  const error = useApp((s) => s.rotateError);
  const busy = useApp((s) => s.rotateBusy);
  const rewrapDone = useApp((s) => s.rewrap?.complete ?? false);
  const rewrapMissing = useApp((s) => s.rewrapAvailability === 'missing');
  const refresh = useApp((s) => s.refreshStatus);
  const rotateNow = useApp((s) => s.rotateNow);
  // Memoized: a new object each render would scroll the refusal into view on every render.
  const refusal = useMemo(() => humanRotateError(error), [error]);
  const [rotated, setRotated] = useState(false);
  useEffect(() => { void refresh(); }, [refresh]);

  const current = !signedIn ? 'sign-in' : !rotated ? 'rotate' : rewrapDone || rewrapMissing ? 'done' : 'rewrap';
  const doRotate = async () => {
    if (await rotateNow()) setRotated(true);
  };

  return (
    <section aria-labelledby="rotate-title" className="screen">
      <h2 id="rotate-title">Rotate the encryption key</h2>
      <StepList steps={STEPS} current={current} />
      {sealed ? <p className="notice">The keyring is sealed. <a href="#/unseal">Unseal it</a> first.</p> : null}
      {!sealed && !signedIn ? <p className="notice">Rotation needs a token with sudo rights. <a href="#/sign-in">Sign in</a> first.</p> : null}
      {!sealed && signedIn ? (
        <>
          <KeyTermFacts />
          <section aria-labelledby="rotate-now-heading">
            <h3 id="rotate-now-heading">Rotate now</h3>
            {/* Once rotated, the result replaces the read-aloud box: a fresh "Rotate now" beside
                "Done" reads as a step still to do. Another rotation is asked for explicitly. */}
            {rotated ? (
              <>
                <CeremonyRecordOffer kind="rotate" />
                <div className="actions"><button type="button" onClick={() => setRotated(false)}>Rotate again…</button></div>
              </>
            ) : (
              <ReadAloud actionLabel="Rotate now" onAction={() => void doRotate()} busy={busy}>
                <p>A new key term {term !== null ? `(term ${term + 1}) ` : ''}will encrypt everything written from now on. Older terms stay readable; rewrap moves old records to the new term.</p>
              </ReadAloud>
            )}
            <Verdict text={message} />
            <ErrorBox error={refusal} />
          </section>
          <RewrapPanel />
          <RotateConfigForm />
        </>
      ) : null}
    </section>
  );
}
