/**
 * The rekey result page's backup panel (API.md "sys/rekey/backup"): download the PGP-encrypted
 * new shares as a JSON file, or delete them from the keyring after a confirmation. Both need a
 * token; the panel says so instead of failing silently.
 */
import { ConfirmButton } from '../../components/confirm-button.js';
import { ErrorBox, Verdict } from '../../components/error-box.js';
import { useApp } from '../../store/use-app.js';
import { downloadBackupJson } from './backup-file.js';

export function RekeyBackupPanel() {
  const signedIn = useApp((s) => s.token !== null);
  const busy = useApp((s) => s.backupBusy);
  const verdict = useApp((s) => s.backupVerdict);
  const error = useApp((s) => s.backupError);
  const fetchBackup = useApp((s) => s.fetchRekeyBackup);
  const deleteBackup = useApp((s) => s.deleteRekeyBackup);

  const download = async () => {
    const file = await fetchBackup();
    if (file) downloadBackupJson(file.name, file.text);
  };

  return (
    <section className="backup" aria-labelledby="rekey-backup-title">
      <h4 id="rekey-backup-title">Encrypted backup of the new shares</h4>
      <p>The keyring keeps a copy of each new share encrypted to its custodian’s PGP key, so a lost share file can be handed out again. The downloaded file holds only these PGP messages: only the custodians’ private keys can read it.</p>
      {!signedIn ? <p className="notice">Reading or deleting the backup needs a token. <a href="#/sign-in">Sign in</a> first.</p> : null}
      <div className="actions">
        <button type="button" onClick={() => void download()} disabled={busy}>Download encrypted backup</button>
        <ConfirmButton label="Delete backup from the keyring" disabled={busy}
          question="Delete the backup from the keyring? The new shares stay valid, but a lost share file can then no longer be recovered from the keyring."
          confirmLabel="Yes, delete the backup" cancelLabel="Don’t delete: keep the backup" onConfirm={() => void deleteBackup()} />
      </div>
      {verdict !== '' ? <Verdict text={verdict} /> : null}
      <ErrorBox error={error} title="Backup" />
    </section>
  );
}
