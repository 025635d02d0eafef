/** Sign in: a token for privileged steps, kept in memory only (never stored, gone on reload). */
import { useId, useState } from 'react';
import { ErrorBox, Verdict } from '../../components/error-box.js';
import { RevokeToken } from '../../components/revoke-token.js';
import { StepList } from '../../components/step-list.js';
import { useApp } from '../../store/use-app.js';

const STEPS = [{ id: 'token', label: 'Enter token' }, { id: 'in', label: 'Signed in' }] as const;

export function SignInScreen() {
  const token = useApp((s) => s.token);
  const info = useApp((s) => s.tokenInfo);
  const error = useApp((s) => s.sessionError);
  const busy = useApp((s) => s.sessionBusy);
  const signIn = useApp((s) => s.signIn);
  const signOut = useApp((s) => s.signOut);
  const revokeNote = useApp((s) => s.revokeNote);
  const [text, setText] = useState('');
  const id = useId();

  return (
    <section aria-labelledby="sign-in-title" className="screen">
      <h2 id="sign-in-title">Sign in</h2>
      <StepList steps={STEPS} current={token ? 'in' : 'token'} />
      {token ? (
        <div className="result" role="status">
          <p className="big">Signed in{info?.displayName ? ` as ${info.displayName}` : ''}.</p>
          {info ? <p>Policies: {info.policies.join(', ') || 'none'}</p> : <p>The keyring is sealed, so the token will be checked when it is used.</p>}
          <p className="muted">The token is kept in memory only and forgotten on sign-out, reload, or after 5 minutes without activity.</p>
          <div className="actions"><button type="button" onClick={signOut}>Sign out</button></div>
        </div>
      ) : (
        <form onSubmit={(e) => { e.preventDefault(); void signIn(text).then((ok) => { if (ok) setText(''); }); }} autoComplete="off">
          <label htmlFor={id}>Token</label>
          <input id={id} type="password" value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" spellCheck={false} />
          <button type="submit" className="primary" disabled={busy}>Sign in</button>
        </form>
      )}
      {token ? <RevokeToken /> : <><Verdict text={revokeNote} /><ErrorBox error={error} title="Not signed in" /></>}
    </section>
  );
}
