/**
 * One way to print a ceremony's record, used by the Audit screen's ceremony list and by every
 * ceremony's Done screen: the chosen record is put in the print view (ceremony-record.tsx), and
 * only after that render is the print started, so exactly that record is printed. One print per
 * click: a new request object is made only when a print button is pressed.
 */
import { useEffect, useState } from 'react';
import { errorMessage } from '../../lib/api.js';
import { useApp } from '../../store/use-app.js';
import { printHandout } from '../handout/handout-print.js';
import type { Ceremony } from './ceremonies.js';
import { CeremonyRecordPrint } from './ceremony-record.js';

export interface RecordPrinter {
  /** The ceremony whose record is in the print view, if any. */
  chosen: Ceremony | null;
  /** What became of the last print ('' before any). */
  note: string;
  print(ceremony: Ceremony): void;
}

export function useRecordPrinter(): RecordPrinter {
  const [request, setRequest] = useState<{ ceremony: Ceremony } | null>(null);
  const [note, setNote] = useState('');
  useEffect(() => {
    if (request === null) return;
    const { title, head } = request.ceremony;
    printHandout(`Ceremony record - ${title} - entry ${head.seq ?? ''}`)
      .then((outcome) => setNote(outcome === 'cancelled' ? 'Nothing was printed.' : `The record of the ${title.toLowerCase()} ceremony was sent to print.`))
      .catch((err: unknown) => setNote(`The record was not printed: ${errorMessage(err)}`));
  }, [request]);
  return { chosen: request?.ceremony ?? null, note, print: (ceremony) => setRequest({ ceremony }) };
}

/** The print view of the chosen record, named after this keyring. */
export function RecordPrintView({ ceremony }: { ceremony: Ceremony | null }) {
  const keyringName = useApp((s) => s.seal?.keyringName ?? '');
  const keyringId = useApp((s) => s.seal?.keyringId ?? '');
  return ceremony ? <CeremonyRecordPrint ceremony={ceremony} keyringName={keyringName} keyringId={keyringId} /> : null;
}
