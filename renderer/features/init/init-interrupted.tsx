/**
 * A pending init this page cannot finish (API.md, "Init with verification"): the shares of the
 * custodians not yet proven were on a page that is gone (reload, Back, a crash of the app) or
 * were wiped after inactivity. The keyring was never initialized and nothing is stored in it, so
 * the honest way on is to abandon it (with its nonce) and generate a new set.
 */
import { ConfirmButton } from '../../components/confirm-button.js';
import { useApp } from '../../store/use-app.js';

export function InitInterrupted() {
  const pending = useApp((s) => s.initInterruption);
  const busy = useApp((s) => s.initBusy);
  const abandon = useApp((s) => s.abandonPendingInit);
  if (!pending) return null;
  const lost = pending.n - pending.progress;
  const how = pending.cause === 'idle'
    ? 'The shares on this screen were wiped after 5 minutes without activity'
    : 'The page holding the shares was left, reloaded or closed';
  return (
    <div role="alert" className="warning init-interrupted">
      <h3>The initialization was interrupted</h3>
      <p className="big">
        {how}. {pending.progress} of {pending.n} shares were proven
        {pending.proven.length > 0 ? ` (${pending.proven.join(', ')})` : ''}; the other {lost} {lost === 1 ? 'was' : 'were'} lost with the page.
      </p>
      <p>
        The keyring was <strong>not</strong> initialized: it waits for every share to be proven, and nothing has been stored in it.
        Start again: this pending keyring is abandoned and a new set of shares is generated for everyone.
        The shares already handed out for it become useless; destroy them.
      </p>
      <p className="muted">Pending keyring {pending.keyringId}</p>
      <div className="actions">
        <ConfirmButton label="Abandon and start again" question="Abandon the pending keyring? Every share handed out for it becomes useless."
          confirmLabel="Yes, abandon it and start again" cancelLabel="No, keep the pending keyring" onConfirm={() => void abandon()} disabled={busy} />
      </div>
    </div>
  );
}
