/**
 * Root tokens still alive in the keyring, by accessor (the tokens themselves are never listed):
 * those left over from earlier inits and root generations can be revoked here. Needs sudo.
 */
import { useApp } from '../store/use-app.js';
import { ConfirmButton } from './confirm-button.js';

const grouped = (accessor: string): string => accessor.replace(/(.{4})(?=.)/g, '$1 ');

export function RootTokenList() {
  const tokens = useApp((s) => s.rootTokens);
  const mine = useApp((s) => s.sessionAccessor);
  const busy = useApp((s) => s.sessionBusy);
  const load = useApp((s) => s.loadRootTokens);
  const revoke = useApp((s) => s.revokeRootToken);
  return (
    <section aria-labelledby="root-tokens-heading">
      <h3 id="root-tokens-heading">Root tokens in this keyring</h3>
      <button type="button" onClick={() => void load()} disabled={busy}>{tokens === null ? 'List root tokens' : 'List again'}</button>
      {tokens !== null && tokens.length === 0 ? <p>No root token is alive.</p> : null}
      {tokens !== null && tokens.length > 0 ? (
        <table className="root-tokens" aria-label="Root tokens">
          <thead><tr><th scope="col">Accessor</th><th scope="col">Name</th><th scope="col">Created (UTC)</th><th scope="col">Action</th></tr></thead>
          <tbody>
            {tokens.map((t) => (
              <tr key={t.accessor}>
                <td className="mono">{grouped(t.accessor)}{t.accessor === mine ? ' (this session)' : ''}</td>
                <td>{t.displayName || '—'}</td>
                <td>{t.createdAt !== null ? new Date(t.createdAt * 1000).toISOString().slice(0, 19).replace('T', ' ') : 'unknown'}</td>
                <td>
                  <ConfirmButton label={`Revoke root token ${t.accessor.slice(0, 4)}`} disabled={busy}
                    question={`Revoke the root token with accessor ${grouped(t.accessor)}? It stops working everywhere, at once.${t.accessor === mine ? ' This session is signed in with it and signs out.' : ''}`}
                    confirmLabel="Yes, revoke it" cancelLabel="Don’t revoke: keep it" onConfirm={() => void revoke(t.accessor)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
