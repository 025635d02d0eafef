/**
 * The hand-out exports for the one custodian on screen (init and rekey hand-out steps): the
 * printable handout (print view under <body>, one page), the PGP `.asc` file, the plain-share file
 * (only to a destination the operator picks), and the read-back check that must pass after
 * printing before the ceremony moves on (the host step disables "next" while it is pending).
 */
import { useMemo, useState } from 'react';
import type { HandoutShare } from '../../lib/api-types.js';
import type { InitProof } from '../../store/init-slice.js';
import { errorMessage } from '../../lib/api.js';
import { useApp } from '../../store/use-app.js';
import { canChooseDestination, downloadArmored, savePlainShare } from './file-export.js';
import { shareFileName } from './handout-filename.js';
import { HandoutPrint, printHandout } from './handout-print.js';
import { HandoutSheet } from './handout-sheet.js';
import { ReadBackPanel } from './read-back-panel.js';
import { armoredQr, shareQr } from './share-qr.js';
import './handout.css';

export interface HandoutContext {
  /** The one custodian's share on screen (secret: never log it or store it elsewhere). */
  share: HandoutShare;
  keyringId: string;
  /** The keyring's human name ('' for none), printed on the handout and in file names. */
  keyringName: string;
  generation: number | null;
  threshold: number;
  total: number;
  ceremony: 'init' | 'rekey';
}

interface Props extends HandoutContext {
  /** This custodian's handout was printed and not yet read back (kept by the host across hide/show). */
  readBackPending?: boolean;
  /** Told true when a printed handout awaits its read-back, false once it matched. */
  onReadBackPending?: (pending: boolean) => void;
  /** Init with verification: the read-back is sent as this custodian's proof (always required). */
  prove?: (key: string) => Promise<InitProof>;
  /** The server has counted this custodian's share as proven. */
  proven?: boolean;
}

function ceremonyDate(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function HandoutActions(props: Props) {
  const { share, onReadBackPending } = props;
  const qr = useMemo(() => (share.text !== '' ? shareQr(share.text) : share.armored !== '' ? armoredQr(share.armored) : null), [share.text, share.armored]);
  const [createdOn] = useState(() => ceremonyDate(new Date()));
  const [printedHere, setPrintedHere] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const [note, setNote] = useState('');
  // The completion screen's record of what was done here (a fact about the click, never the share).
  const noteHandout = useApp((s) => s.noteHandout);
  const done = (fact: 'printed' | 'saved') => noteHandout(props.ceremony, share.index, fact);
  const pending = !confirmed && (printedHere || props.readBackPending === true) && qr !== null;
  const ascName = shareFileName(share.custodian, props.keyringId, props.generation, 'asc', props.keyringName);
  const txtName = shareFileName(share.custodian, props.keyringId, props.generation, 'txt', props.keyringName);

  const print = async () => {
    try {
      const outcome = await printHandout(`Handout - ${share.custodian} - share ${share.index}`);
      if (outcome === 'cancelled') {
        setNote('Nothing was printed or saved.');
        return;
      }
      setNote(outcome === 'saved'
        ? `The handout of ${share.custodian} was saved as a PDF where you chose.`
        : `The handout of ${share.custodian} went to the printer. Read it back from the paper.`);
      setPrintedHere(true);
      done('printed');
      setConfirmed(false);
      // Only a printout with a share on it (text or QR) can be read back.
      if (qr !== null) onReadBackPending?.(true);
    } catch (err) {
      setNote(`The handout was not printed: ${errorMessage(err)}`);
    }
  };
  const confirm = () => {
    setConfirmed(true);
    onReadBackPending?.(false);
  };
  const savePlain = async () => {
    try {
      const outcome = await savePlainShare(txtName, share.text);
      if (outcome === 'saved') done('saved');
      setNote(outcome === 'saved' ? `The plain share of ${share.custodian} was written to the file you chose.` : outcome === 'cancelled' ? 'Nothing was saved.' : 'This browser cannot ask where to save; nothing was saved.');
    } catch (err) {
      setNote(`Nothing was saved: ${errorMessage(err)}`);
    }
  };

  return (
    <section className="handout-actions" aria-label={`Hand-out options for ${share.custodian}`}>
      <h4>Handout for {share.custodian}</h4>
      <div className="actions">
        <button type="button" className="primary" onClick={() => void print()}>Print handout for {share.custodian}</button>
        {share.armored !== '' ? (
          <button type="button" onClick={() => { downloadArmored(ascName, share.armored); done('saved'); setNote(`Encrypted share offered as ${ascName}.`); }}>
            Save encrypted file ({ascName})
          </button>
        ) : null}
        {share.text !== '' ? (
          <button type="button" onClick={() => void savePlain()} disabled={!canChooseDestination()}>Save plain share to file…</button>
        ) : null}
      </div>
      {share.text !== '' ? (
        <p className="muted export-note">“Save plain share to file…” writes this share <strong>unencrypted</strong> to the file you choose in the next dialog; anyone who can read that file holds the share.
          {canChooseDestination() ? '' : ' This browser cannot ask for a destination, so it is not offered here.'}</p>
      ) : null}
      {share.pgpEncrypted && qr === null ? <p className="muted">The encrypted message is too large for a QR code; the handout tells {share.custodian} to use the .asc file.</p> : null}
      {note !== '' ? <p role="status">{note}</p> : null}
      {props.prove ? (
        <ReadBackPanel issued={{ text: share.text, armored: share.armored, index: share.index }} custodian={share.custodian}
          serverCheck={false} prove={props.prove} proven={props.proven === true} required={props.proven !== true} onConfirmed={confirm} />
      ) : qr !== null ? (
        <ReadBackPanel issued={{ text: share.text, armored: share.armored, index: share.index }} custodian={share.custodian}
          serverCheck={props.ceremony === 'init'} required={pending} onConfirmed={confirm} />
      ) : null}
      <HandoutPrint>
        <HandoutSheet {...props} qr={qr} createdOn={createdOn} />
      </HandoutPrint>
    </section>
  );
}
