/**
 * The last step of every ceremony: its record for the witnesses, offered on the Done screen
 * itself. The record is read from the keyring's transcript (sys/audit/log, which needs the
 * keyring unsealed and a token with sudo) and printed through the same view and print path as
 * the Audit screen's (record-printer.tsx): the most recent ceremony of this kind, i.e. the one
 * just finished. One print view per screen: when a screen offers two records (the first unseal
 * after an init offers the init's too), both buttons share it, so a print holds one record only.
 */
import { useState } from 'react';
import { appStore, useApp } from '../../store/use-app.js';
import { ceremoniesOf, latestCeremony } from './ceremonies.js';
import { RecordPrintView, useRecordPrinter } from './record-printer.js';
import { TRANSCRIPT_TOO_LONG } from './transcript-too-long.js';

export type RecordKind = 'init' | 'unseal' | 'rekey' | 'rotate' | 'generate-root';

const NAMES: Record<RecordKind, string> = {
  init: 'initialize',
  unseal: 'unseal',
  rekey: 'rekey',
  rotate: 'rotate',
  'generate-root': 'generate root token',
};

interface Props {
  /** This screen's ceremony. */
  kind: RecordKind;
  /** An earlier ceremony of this session whose record this screen also offers. */
  earlier?: RecordKind | undefined;
}

export function CeremonyRecordOffer({ kind, earlier }: Props) {
  const sealed = useApp((s) => s.seal?.sealed ?? true);
  const signedIn = useApp((s) => s.token !== null);
  const loadAudit = useApp((s) => s.loadAudit);
  const printer = useRecordPrinter();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');
  const name = NAMES[kind];

  const offer = async (which: RecordKind) => {
    setBusy(true);
    setProblem('');
    try {
      // Read afresh: the ceremony just finished is the transcript's latest of its kind.
      await loadAudit();
      const { auditEntries, auditError, auditAvailability, auditComplete } = appStore.getState();
      if (auditError) setProblem(`The transcript could not be read: ${auditError.message}`);
      else if (auditAvailability === 'missing') setProblem('This server keeps no readable transcript (sys/audit/log not found).');
      else if (!auditComplete) setProblem(TRANSCRIPT_TOO_LONG);
      else {
        const ceremony = latestCeremony(ceremoniesOf(auditEntries), which);
        if (ceremony) printer.print(ceremony);
        else setProblem(`The transcript holds no ${NAMES[which]} ceremony yet.`);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="record-offer" aria-label={`Record of the ${name} ceremony`}>
      <p>For the witnesses: the record of this {name} ceremony (its steps with their times, the custodians, what changed, the transcript’s chain head as text and QR code, and signature lines), on one or two pages.</p>
      {sealed ? (
        <p className="notice">The record is read from the keyring’s transcript, which opens only when the keyring is unsealed.{kind === 'init' ? ' The Unseal screen offers this record once the keyring is unsealed.' : ''}</p>
      ) : !signedIn ? (
        <p className="notice">Reading the transcript needs a token with sudo rights: <a href="#/sign-in">sign in</a>, then print.</p>
      ) : null}
      <div className="actions">
        <button type="button" onClick={() => void offer(kind)} disabled={sealed || !signedIn || busy}>Print ceremony record</button>
        {earlier ? <button type="button" onClick={() => void offer(earlier)} disabled={sealed || !signedIn || busy}>Print the {NAMES[earlier]} ceremony record</button> : null}
      </div>
      {problem !== '' ? <p role="alert" className="error-box">{problem}</p> : null}
      {printer.note !== '' && problem === '' ? <p role="status">{printer.note}</p> : null}
      <RecordPrintView ceremony={printer.chosen} />
    </section>
  );
}
