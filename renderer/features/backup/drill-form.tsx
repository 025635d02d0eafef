/**
 * The restore drill: pick a backup file, enter a quorum of its generation's shares (masked), and
 * the server proves they open it, in memory. A share of another generation is refused by name.
 * Share fields are cleared as soon as the drill has been sent.
 */
import { useState } from 'react';
import { ErrorBox } from '../../components/error-box.js';
import { useApp } from '../../store/use-app.js';

export function DrillForm({ disabled }: { disabled: boolean }) {
  const threshold = useApp((s) => s.seal?.t ?? 1);
  const busy = useApp((s) => s.backupBusy);
  const outcome = useApp((s) => s.drillOutcome);
  const error = useApp((s) => s.drillError);
  const runDrill = useApp((s) => s.runDrill);
  const [file, setFile] = useState<File | null>(null);
  const [keys, setKeys] = useState<string[]>(() => Array.from({ length: Math.max(threshold, 1) }, () => ''));

  const submit = async () => {
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    const given = keys;
    setKeys(keys.map(() => ''));
    await runDrill(bytes, given);
  };

  return (
    <section aria-labelledby="drill-title">
      <h3 id="drill-title">Restore drill</h3>
      <p>Prove that a backup opens: choose the file, and let a quorum of custodians enter their shares for it.</p>
      <label>
        Backup file
        <input type="file" accept=".db,application/vnd.sqlite3" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </label>
      {keys.map((key, i) => (
        <label key={i}>
          Share {i + 1}
          <input type="password" autoComplete="off" spellCheck={false} value={key}
            onChange={(e) => setKeys(keys.map((k, j) => (j === i ? e.target.value : k)))} />
        </label>
      ))}
      <div className="actions">
        <button type="button" onClick={() => setKeys([...keys, ''])}>Add a share field</button>
        <button type="button" disabled={disabled || busy || !file || keys.every((k) => k.trim() === '')} onClick={() => void submit()}>Run drill</button>
      </div>
      {outcome?.opened ? (
        <p role="status" className="verdict ok">
          Drill passed: shares {outcome.shares.join(', ')} open this backup of keyring {outcome.keyringId} (generation {outcome.generation},
          active term {outcome.activeTerm}); {outcome.recordsOpened} records decrypted in memory. Nothing was written.
        </p>
      ) : null}
      <ErrorBox error={error} title="Drill" />
    </section>
  );
}
