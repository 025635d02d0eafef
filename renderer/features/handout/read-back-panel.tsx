/**
 * Read-back after printing: the operator scans the printed QR (or types the groups) and Symbolon
 * confirms it is exactly the share issued. At init the server also checks it against the stored
 * commitment (`sys/shares/check`); a rekey's new shares are not committed yet, so they are
 * compared with the issued text only.
 */
import { useId, useState } from 'react';
import { errorMessage } from '../../lib/api.js';
import { ScanQrButton } from '../scan/scan-qr-button.js';
import { compareReadBack } from './read-back.js';
import type { IssuedForReadBack } from './read-back.js';
import { checkShareOnServer } from './share-check-api.js';

interface Props {
  issued: IssuedForReadBack;
  custodian: string;
  /** Ask the server too (shares of the current, committed generation). */
  serverCheck: boolean;
  /** The ceremony waits for this check (the handout was printed). */
  required: boolean;
  onConfirmed: () => void;
}

type Outcome = { ok: boolean; message: string } | null;

export function ReadBackPanel({ issued, custodian, serverCheck, required, onConfirmed }: Props) {
  const [input, setInput] = useState('');
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const pgp = issued.text === '';

  const check = async (value: string) => {
    const local = compareReadBack(value, issued);
    if (!local.match || !serverCheck || pgp) {
      setOutcome({ ok: local.match, message: local.message });
      if (local.match) onConfirmed();
      return;
    }
    setBusy(true);
    try {
      const server = await checkShareOnServer(value);
      const ok = server.shareIndex === issued.index;
      setOutcome(ok
        ? { ok, message: `${local.message} The keyring confirms it: share ${issued.index} (${server.custodian || custodian}), generation ${server.generation ?? '?'}.` }
        : { ok, message: `The keyring knows this as share ${server.shareIndex ?? '?'}, not share ${issued.index}: reprint this handout.` });
      if (ok) onConfirmed();
    } catch (err) {
      setOutcome({ ok: false, message: `The keyring did not accept the read-back: ${errorMessage(err)}` });
    } finally {
      setBusy(false);
    }
  };

  const state = outcome?.ok ? 'read-back read-back-ok' : required ? 'read-back read-back-required' : 'read-back';
  return (
    <section className={state} aria-label={`Read-back check for ${custodian}`}>
      <h4>Read-back check</h4>
      <p>{required && !outcome?.ok
        ? `Before continuing, read the printed handout back: scan its QR code or type ${pgp ? 'the message' : 'its groups'}.`
        : 'Scan the printed QR code or type the groups to confirm the paper matches the share.'}</p>
      <label htmlFor={inputId}>Share as read from the printout</label>
      {pgp ? (
        <textarea id={inputId} className="read-back-input" rows={4} value={input} spellCheck={false} autoComplete="off"
          onChange={(e) => { setInput(e.target.value); setOutcome(null); }} />
      ) : (
        <input id={inputId} type="text" className="read-back-input" value={input} spellCheck={false} autoComplete="off" autoCapitalize="characters"
          onChange={(e) => { setInput(e.target.value); setOutcome(null); }} />
      )}
      <div className="actions">
        <button type="button" onClick={() => void check(input)} disabled={busy || input.trim() === ''}>{busy ? 'Checking…' : 'Check read-back'}</button>
        <ScanQrButton disabled={busy} acceptArmored={pgp}
          onRead={(text) => { setInput(text); setOutcome(null); void check(text); }} />
      </div>
      {outcome ? <p role={outcome.ok ? 'status' : 'alert'} className={outcome.ok ? 'verdict ok' : 'error-box'}>{outcome.message}</p> : null}
    </section>
  );
}
