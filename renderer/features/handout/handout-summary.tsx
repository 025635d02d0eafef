/**
 * The hand-out's completion screen (init and rekey): for every custodian of the new share set,
 * whether their handout was printed, their share read back, and their share saved to a file, and
 * then, by name, who did not. "Read back" is the keyring's own acceptance of the share (init
 * verify, rekey verify); printed and saved are what this screen saw done (handout-record-slice.ts).
 */
import { groupFingerprint } from '../../lib/pgp-key-info.js';
import type { HandoutCeremony, HandoutFact, HandoutRecordRow } from '../../store/handout-record-slice.js';
import { useApp } from '../../store/use-app.js';

const yes = (done: boolean) => (done ? 'Yes' : 'No');

function missing(rows: readonly HandoutRecordRow[], fact: HandoutFact, all: string, some: string): string {
  const names = rows.filter((r) => !r[fact]).map((r) => `${r.custodian} (share ${r.index})`);
  return names.length === 0 ? all : `${some}: ${names.join(', ')}.`;
}

export function HandoutSummary({ ceremony }: { ceremony: HandoutCeremony }) {
  const rows = useApp((s) => s.handoutRecord[ceremony]);
  if (rows.length === 0) return null;
  const proof = ceremony === 'init' ? 'proved it to the keyring at init' : 'proved it to the keyring at rekey verification';
  return (
    <section className="handout-summary" aria-labelledby={`handout-summary-${ceremony}`}>
      <h4 id={`handout-summary-${ceremony}`}>Hand-out record</h4>
      <table className="root-tokens" aria-label="Hand-out record">
        <thead>
          <tr><th scope="col">Share</th><th scope="col">Custodian</th><th scope="col">PGP key</th><th scope="col">Printed handout</th><th scope="col">Read back</th><th scope="col">Saved share file</th></tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.index}>
              <td>{r.index}</td>
              <td>{r.custodian}</td>
              <td className="mono">{r.fingerprint !== '' ? groupFingerprint(r.fingerprint) : '—'}</td>
              <td>{yes(r.printed)}</td>
              <td>{yes(r.proven)}</td>
              <td>{yes(r.saved)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul>
        <li>{missing(rows, 'printed', 'Every custodian’s handout was printed.', 'No handout printed for')}</li>
        <li>{missing(rows, 'proven', 'Every custodian read their share back and the keyring accepted it.', 'Not read back (the keyring has no proof of the share) for')}</li>
        <li>{missing(rows, 'saved', 'Every custodian’s share was saved to a file.', 'No share file saved for')}</li>
      </ul>
      <p className="muted">“Read back” means the custodian {proof}. “Printed” and “saved” record what was done on this screen; in a browser, a print dialog that was then cancelled still counts as printed.</p>
    </section>
  );
}
