/**
 * Backup: save a consistent copy of the keyring (Electron asks where; a browser downloads it),
 * see when the last one was taken and whether a rekey has outdated it, and run a restore drill:
 * prove that the custodians' shares open a backup file, in memory on the server, changing nothing.
 */
import { useEffect, useState } from 'react';
import { ErrorBox } from '../../components/error-box.js';
import { offerDownload } from '../../lib/download.js';
import { formatInstant } from '../../lib/format.js';
import { useApp } from '../../store/use-app.js';
import { DrillForm } from './drill-form.js';

function LastBackup() {
  const seal = useApp((s) => s.seal);
  if (!seal?.initialized) return null;
  if (seal.lastBackupTime === '') return <p className="notice" role="status">No backup of this keyring has been taken yet.</p>;
  return (
    <dl className="facts" aria-label="Last backup">
      <div><dt>Last backup</dt><dd>{formatInstant(seal.lastBackupTime)}</dd></div>
      <div><dt>Opens with</dt><dd>the shares of generation {seal.lastBackupGeneration}</dd></div>
      {seal.lastBackupOutdated ? (
        <div><dt>Warning</dt><dd role="alert">This backup predates generation {seal.generation}: it opens only with the older shares. Take a new backup.</dd></div>
      ) : null}
    </dl>
  );
}

export function BackupScreen() {
  const seal = useApp((s) => s.seal);
  const signedIn = useApp((s) => s.token !== null);
  const busy = useApp((s) => s.backupBusy);
  const error = useApp((s) => s.backupError);
  const taken = useApp((s) => s.backupTaken);
  const takeBackup = useApp((s) => s.takeBackup);
  const reset = useApp((s) => s.resetBackup);
  const [started, setStarted] = useState(false);
  useEffect(() => () => reset(), [reset]);
  const ready = signedIn && seal?.initialized === true && !seal.sealed;
  return (
    <section aria-labelledby="backup-title" className="screen">
      <h2 id="backup-title">Backup</h2>
      <p>
        A backup is a consistent copy of the keyring file, exactly as encrypted as the keyring: it opens only with a quorum of
        the shares of the generation it was taken at. It does not protect against losing those shares, and it holds nothing
        written after it was taken. Keep it on two sticks in two places, apart from the shares.
      </p>
      <LastBackup />
      {!signedIn ? <p className="notice">Backups need a token with sudo rights. <a href="#/sign-in">Sign in</a> first.</p> : null}
      {signedIn && seal?.sealed ? <p className="notice">The keyring is sealed. <a href="#/unseal">Unseal it</a> first.</p> : null}
      <div className="actions">
        <button type="button" disabled={!ready || busy} onClick={() => { setStarted(true); void takeBackup((name, bytes) => offerDownload(name, bytes, 'application/vnd.sqlite3')); }}>
          {busy && started ? 'Taking backup…' : 'Download backup'}
        </button>
      </div>
      {taken ? (
        <p role="status" className="verdict ok">
          Backup saved as {taken.filename}: {taken.size.toLocaleString('en-US')} bytes, SHA-256 <span className="mono">{taken.sha256}</span>.
          It opens with the shares of generation {taken.generation}. Note the SHA-256 beside the copy.
        </p>
      ) : null}
      <ErrorBox error={error} title="Backup" />
      <DrillForm disabled={!ready} />
    </section>
  );
}
