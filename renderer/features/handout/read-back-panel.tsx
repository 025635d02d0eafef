/**
 * Read-back after printing: the operator scans the printed QR (or types the groups) and Symbolon
 * confirms it is exactly the share issued. A rekey's new shares are not committed yet, so they are
 * compared with the issued text only. At init (always with verification) the read-back IS the
 * custodian's proof: after the local comparison it is sent to `sys/init/verify`, and only the
 * server's acceptance counts. A PGP custodian proves with the share their key decrypts.
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
  /** Init with verification: sends the read-back as the proof of this share. */
  prove?: (key: string) => Promise<{ ok: boolean; message: string }>;
  /** The server already counted this share as proven. */
  proven?: boolean;
}

type Outcome = { ok: boolean; message: string } | null;

export function ReadBackPanel({ issued, custodian, serverCheck, required, onConfirmed, prove, proven = false }: Props) {
  const [input, setInput] = useState('');
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const pgp = issued.text === '';

  const check = async (value: string) => {
    if (prove) {
      // A plain share is compared here first, so a misread group is named before anything is sent.
      const local = pgp ? null : compareReadBack(value, issued);
      if (local && !local.match) {
        setOutcome({ ok: false, message: local.message });
        return;
      }
      setBusy(true);
      try {
        const answer = await prove(value);
        setOutcome(answer);
        if (answer.ok) onConfirmed();
      } finally {
        setBusy(false);
      }
      return;
    }
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
      <h4>{prove ? `${custodian}: prove your share` : 'Read-back check'}</h4>
      {prove && proven ? <p role="status" className="verdict ok">The keyring has accepted {custodian}’s share as proven.</p> : null}
      <p>{prove
        ? (pgp
          ? `Decrypt your .asc file with your PGP key (gpg --decrypt) and enter the share it prints. The keyring checks it; the ceremony waits for every custodian.`
          : `Read your share back from the paper (or scan the printed QR). The keyring checks it; the ceremony waits for every custodian.`)
        : required && !outcome?.ok
        ? `Before continuing, read the printed handout back: scan its QR code or type ${pgp ? 'the message' : 'its groups'}.`
        : 'Scan the printed QR code or type the groups to confirm the paper matches the share.'}</p>
      <label htmlFor={inputId}>{prove && pgp ? 'Decrypted share' : 'Share as read from the printout'}</label>
      {pgp && !prove ? (
        <textarea id={inputId} className="read-back-input" rows={4} value={input} spellCheck={false} autoComplete="off"
          onChange={(e) => { setInput(e.target.value); setOutcome(null); }} />
      ) : (
        <input id={inputId} type="text" className="read-back-input" value={input} spellCheck={false} autoComplete="off" autoCapitalize="characters"
          onChange={(e) => { setInput(e.target.value); setOutcome(null); }} />
      )}
      <div className="actions">
        <button type="button" onClick={() => void check(input)} disabled={busy || input.trim() === '' || (prove !== undefined && proven)}>
          {busy ? 'Checking…' : prove ? 'Prove this share' : 'Check read-back'}
        </button>
        <ScanQrButton disabled={busy || (prove !== undefined && (proven || pgp))} acceptArmored={pgp}
          onRead={(text) => { setInput(text); setOutcome(null); void check(text); }} />
      </div>
      {outcome ? <p role={outcome.ok ? 'status' : 'alert'} className={outcome.ok ? 'verdict ok' : 'error-box'}>{outcome.message}</p> : null}
    </section>
  );
}
