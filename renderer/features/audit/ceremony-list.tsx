/**
 * Ceremonies as ceremonies: who took part, what happened step by step and when, what changed,
 * and the chain entry each ended at; each can be printed as the witnesses' record.
 */
import { formatSecond } from '../../lib/format.js';
import { groupFingerprint } from '../../lib/pgp-key-info.js';
import type { Ceremony } from './ceremonies.js';
import { printedHash } from './ceremonies.js';
import { RecordPrintView, useRecordPrinter } from './record-printer.js';

function CeremonyCard({ c, onPrint }: { c: Ceremony; onPrint: () => void }) {
  const first = c.steps[0]?.time ?? '';
  const last = c.steps[c.steps.length - 1]?.time ?? '';
  return (
    <article className="ceremony" aria-label={`${c.title} ceremony`}>
      <h4>{c.title} <span className="muted">{first ? formatSecond(first) : ''}{last && last !== first ? ` – ${formatSecond(last).slice(-8)}` : ''} UTC</span></h4>
      {c.custodians.length > 0 ? (
        <p>Custodians: {c.custodians.map((x) => `${x.name || '?'} (share ${x.index}${x.fingerprint ? `, ${groupFingerprint(x.fingerprint).slice(-9)}` : ''})`).join(', ')}</p>
      ) : null}
      <ol className="ceremony-steps">
        {c.steps.map((s, i) => <li key={i}><span className="mono">{s.time ? formatSecond(s.time).slice(-8) : ''}</span> {s.text}</li>)}
      </ol>
      {c.changes.length > 0 ? <p>Changed: {c.changes.join('; ')}</p> : null}
      <p className="muted">Ended at entry {c.head.seq ?? '?'}, <span className="mono">{printedHash(c.head.hash).slice(0, 19)}…</span></p>
      <button type="button" onClick={onPrint}>Print record of this {c.title.toLowerCase()} ceremony</button>
    </article>
  );
}

export function CeremonyList({ ceremonies }: { ceremonies: readonly Ceremony[] }) {
  // Only the chosen ceremony's record is in the print view, so only it is printed.
  const printer = useRecordPrinter();
  if (ceremonies.length === 0) return <p className="muted">No ceremony in the transcript yet.</p>;
  return (
    <section aria-labelledby="ceremonies-heading">
      <h3 id="ceremonies-heading">Ceremonies</h3>
      {printer.note !== '' ? <p role="status">{printer.note}</p> : null}
      {[...ceremonies].reverse().map((c) => <CeremonyCard key={c.id} c={c} onPrint={() => printer.print(c)} />)}
      <RecordPrintView ceremony={printer.chosen} />
    </section>
  );
}
