/**
 * "Revoke this token": the ceremony screens tell the operator to revoke a root token when its
 * work is done; this is the action that does it (auth/token/revoke-self, then sign-out).
 */
import { useApp } from '../store/use-app.js';
import { ConfirmButton } from './confirm-button.js';
import { ErrorBox, Verdict } from './error-box.js';
import { RootTokenList } from './root-token-list.js';

export function RevokeToken() {
  const signedIn = useApp((s) => s.token !== null);
  const sealed = useApp((s) => s.seal?.sealed ?? true);
  const busy = useApp((s) => s.sessionBusy);
  const note = useApp((s) => s.revokeNote);
  const error = useApp((s) => s.sessionError);
  const revoke = useApp((s) => s.revokeSessionToken);
  return (
    <div className="revoke-token">
      {signedIn ? (
        sealed ? <p className="muted">Unseal the keyring to revoke this token: tokens are kept behind the seal.</p> : (
          <ConfirmButton label="Revoke this token" disabled={busy}
            question="Revoke the token this session is signed in with? It stops working everywhere, at once, and this session signs out."
            confirmLabel="Yes, revoke the token" cancelLabel="Don’t revoke: keep using it" onConfirm={() => void revoke()} />
        )
      ) : null}
      {signedIn && !sealed ? <RootTokenList /> : null}
      <Verdict text={note} />
      <ErrorBox error={error} title="Not revoked" />
    </div>
  );
}
