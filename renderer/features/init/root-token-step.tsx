/** The initial root token, shown once; optionally kept in memory as this session's token. */
import { useState } from 'react';
import { TokenDisplay } from '../../components/token-display.js';
import { useApp } from '../../store/use-app.js';

export function RootTokenStep() {
  const token = useApp((s) => s.initResult?.rootToken ?? '');
  const finish = useApp((s) => s.finishInit);
  const signIn = useApp((s) => s.signIn);
  const [useForSession, setUseForSession] = useState(true);

  const done = async () => {
    if (useForSession && token !== '') await signIn(token);
    finish();
  };

  if (token === '') return <p role="alert" className="error-box">The root token is no longer in memory (wiped after inactivity).</p>;
  return (
    <section aria-labelledby="root-token-heading" className="root-token">
      <h3 id="root-token-heading">Initial root token</h3>
      <p>This token can do anything while the keyring is unsealed. It is shown only now. Record it or keep it for this session only, then revoke it when the ceremony is over (Sign in → “Revoke this token”).</p>
      <TokenDisplay token={token} label="Root token" />
      <label className="check">
        <input type="checkbox" checked={useForSession} onChange={(e) => setUseForSession(e.target.checked)} />
        Sign in with this token for this session (kept in memory only)
      </label>
      <div className="actions"><button type="button" className="primary" onClick={() => void done()}>Finish ceremony</button></div>
    </section>
  );
}
