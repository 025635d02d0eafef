/** Reveals the decoded root token exactly once, then lets the operator finish (which wipes it). */
import { useState } from 'react';
import { TokenDisplay } from '../../components/token-display.js';
import { useApp } from '../../store/use-app.js';

export function NewRootToken() {
  const token = useApp((s) => s.grToken);
  const revealed = useApp((s) => s.grRevealed);
  const canDecode = useApp((s) => s.grEncoded !== '' && s.grOtp !== '');
  const reveal = useApp((s) => s.revealRootToken);
  const finish = useApp((s) => s.finishGenerateRoot);
  const signIn = useApp((s) => s.signIn);
  // Checked by default, as at init: both token screens behave the same.
  const [useForSession, setUseForSession] = useState(true);

  const done = async () => {
    if (useForSession && token !== '') await signIn(token);
    finish();
  };

  if (!revealed) {
    return (
      <div className="root-token">
        <p className="big">The new root token is ready. It is decoded on this computer with the one-time pad and shown once.</p>
        {canDecode ? <button type="button" className="primary" onClick={reveal}>Reveal the new root token</button>
          : <p role="alert" className="error-box">The one-time pad is no longer in memory; this token cannot be shown. Generate a new one.</p>}
      </div>
    );
  }
  return (
    <section aria-labelledby="new-token-heading" className="root-token">
      <h3 id="new-token-heading">New root token</h3>
      {token !== '' ? <TokenDisplay token={token} label="New root token, shown once" /> : <p role="alert" className="error-box">The token was wiped after inactivity.</p>}
      <label className="check">
        <input type="checkbox" checked={useForSession} onChange={(e) => setUseForSession(e.target.checked)} />
        Sign in with this token for this session (kept in memory only)
      </label>
      <div className="actions"><button type="button" className="primary" onClick={() => void done()}>I have recorded it: finish</button></div>
    </section>
  );
}
