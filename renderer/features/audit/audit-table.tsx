/** The transcript as a table, newest last; long logs show their latest 300 entries. */
import type { AuditEntry } from '../../lib/audit-types.js';
import { formatSecond } from '../../lib/format.js';

const SHOWN = 300;

export function AuditTable({ entries }: { entries: readonly AuditEntry[] }) {
  const shown = entries.slice(-SHOWN);
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label="Transcript entries">
      {entries.length > SHOWN ? <p className="muted">Showing the latest {SHOWN} of {entries.length} entries; export for all.</p> : null}
      <table className="audit">
        <thead>
          <tr><th scope="col">#</th><th scope="col">Time (UTC)</th><th scope="col">Operation</th><th scope="col">Path</th><th scope="col">Detail</th><th scope="col">Hash</th></tr>
        </thead>
        <tbody>
          {shown.map((e, i) => (
            <tr key={e.seq ?? i}>
              <td>{e.seq ?? ''}</td>
              <td>{e.time ? formatSecond(e.time) : ''}</td>
              <td>{e.operation}</td>
              <td className="mono">{e.path}</td>
              <td>{e.detail}</td>
              <td className="mono" title={e.hash}>{e.hash.slice(0, 8)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
