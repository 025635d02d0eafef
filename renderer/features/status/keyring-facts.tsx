/** The facts of the Status screen as a definition list (readable by screen readers and tests). */
import { formatInstant, formatShare } from '../../lib/format.js';
import { useApp } from '../../store/use-app.js';

export function KeyringFacts() {
  const seal = useApp((s) => s.seal);
  const ks = useApp((s) => s.keyStatus);
  const rc = useApp((s) => s.rotateConfig);
  const keyringError = useApp((s) => s.keyringError);
  if (!seal) return null;
  const state = !seal.initialized ? 'Not initialized' : seal.sealed ? 'Sealed' : 'Unsealed';
  return (
    <>
      <p className={`state-badge state-${state.toLowerCase().replace(' ', '-')}`} role="status">{state}</p>
      <dl className="facts" aria-label="Keyring">
        {seal.keyringName !== '' ? <div><dt>Keyring name</dt><dd>{seal.keyringName}</dd></div> : null}
        <div><dt>Initialized</dt><dd>{seal.initialized ? 'yes' : 'no'}</dd></div>
        {/* An uninitialized keyring has nothing to seal: the API's sealed:true is not a fact to show. */}
        {seal.initialized ? <div><dt>Sealed</dt><dd>{seal.sealed ? 'yes' : 'no'}</dd></div> : null}
        {seal.keyringId !== '' ? <div><dt>Keyring id</dt><dd className="mono">{seal.keyringId}</dd></div> : null}
        {seal.generation !== null ? <div><dt>Share generation</dt><dd>{seal.generation}</dd></div> : null}
        {seal.initialized ? <div><dt>Threshold</dt><dd>{seal.t} of {seal.n} custodians</dd></div> : null}
        {seal.custodians.length > 0 ? <div><dt>Custodians</dt><dd>{seal.custodians.join(', ')}</dd></div> : null}
        {seal.sealed && seal.initialized ? <div><dt>Unseal progress</dt><dd>{seal.progress} of {seal.t}</dd></div> : null}
        {ks ? <div><dt>Key term</dt><dd>{ks.term}</dd></div> : null}
        {ks ? <div><dt>Installed</dt><dd>{formatInstant(ks.installTime)}</dd></div> : null}
        {ks && ks.encryptions !== null ? (
          <div><dt>Encryptions</dt><dd>{ks.encryptions.toLocaleString('en-US')}{rc ? ` (${formatShare(ks.encryptions, rc.maxOperations)} of ${rc.maxOperations.toLocaleString('en-US')})` : ''}</dd></div>
        ) : null}
        {rc ? <div><dt>Auto-rotation</dt><dd>{rc.enabled ? `on: at ${rc.maxOperations.toLocaleString('en-US')} encryptions${rc.interval !== '0' && rc.interval !== '' ? ` or every ${rc.interval}` : ''}` : 'off'}</dd></div> : null}
        {seal.initialized ? (
          <div><dt>Last backup</dt><dd>{seal.lastBackupTime === '' ? 'never' : `${formatInstant(seal.lastBackupTime)} (generation ${seal.lastBackupGeneration})`}
            {seal.lastBackupOutdated ? ' — taken before the last rekey: it opens only with older shares' : ''}</dd></div>
        ) : null}
        {seal.version !== '' ? <div><dt>Version</dt><dd>{seal.version}</dd></div> : null}
      </dl>
      {seal.initialized && !seal.sealed && keyringError ? <p className="notice">{keyringError.message}</p> : null}
    </>
  );
}
