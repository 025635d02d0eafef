/**
 * Audit: the ceremony transcript from the hash-chained log — its chain head, the ceremonies as
 * ceremonies (each printable as the witnesses' record), the raw entries with the UI's own status
 * polling hidden by default — the chain verification result, and an export (JSON Lines) for the
 * witness. Servers without the audit endpoints get a clear notice.
 */
import { useId, useMemo, useEffect, useState } from 'react';
import { ErrorBox } from '../../components/error-box.js';
import { StepList } from '../../components/step-list.js';
import { toJsonLines } from '../../lib/audit-types.js';
import { offerDownload } from '../../lib/download.js';
import { useApp } from '../../store/use-app.js';
import { AuditTable } from './audit-table.js';
import { ceremoniesOf, chainHead, isPolling, printedHash } from './ceremonies.js';
import { CeremonyList } from './ceremony-list.js';
import { TRANSCRIPT_TOO_LONG } from './transcript-too-long.js';

const STEPS = [
  { id: 'load', label: 'Read the transcript' },
  { id: 'verify', label: 'Verify the chain' },
  { id: 'export', label: 'Export' },
] as const;

export function AuditScreen() {
  const entries = useApp((s) => s.auditEntries);
  const verification = useApp((s) => s.auditVerification);
  const availability = useApp((s) => s.auditAvailability);
  const error = useApp((s) => s.auditError);
  const busy = useApp((s) => s.auditBusy);
  const complete = useApp((s) => s.auditComplete);
  const signedIn = useApp((s) => s.token !== null);
  const keyringId = useApp((s) => s.seal?.keyringId ?? '');
  const load = useApp((s) => s.loadAudit);
  const verify = useApp((s) => s.verifyAudit);
  useEffect(() => { if (signedIn) void load(); }, [signedIn, load]);
  const [showPolling, setShowPolling] = useState(false);
  const pollingId = useId();
  const ceremonies = useMemo(() => ceremoniesOf(entries), [entries]);
  const head = chainHead(entries);
  const polling = useMemo(() => entries.filter(isPolling).length, [entries]);
  const rows = useMemo(() => (showPolling ? entries : entries.filter((e) => !isPolling(e))), [entries, showPolling]);

  const current = availability !== 'available' ? 'load' : verification === null ? 'verify' : 'export';
  return (
    <section aria-labelledby="audit-title" className="screen">
      <h2 id="audit-title">Audit transcript</h2>
      <StepList steps={STEPS} current={current} />
      {!signedIn ? <p className="notice">Reading the transcript needs a token. <a href="#/sign-in">Sign in</a> first.</p> : null}
      {availability === 'missing' ? (
        <p className="notice" role="status">The audit transcript is not available on this server (sys/audit/log not found).</p>
      ) : null}
      <div className="actions">
        <button type="button" onClick={() => void load()} disabled={busy || !signedIn}>Reload transcript</button>
        <button type="button" onClick={() => void verify()} disabled={busy || !signedIn || availability === 'missing'}>Verify chain</button>
        <button type="button" disabled={entries.length === 0}
          onClick={() => offerDownload(`symbolon-audit-${keyringId || 'keyring'}.jsonl`, toJsonLines(entries), 'application/jsonl')}>Export (JSON Lines)</button>
      </div>
      {verification ? (
        <p role="status" className={verification.valid ? 'verdict ok' : 'error-box'}>
          {verification.valid ? 'Chain verified: ' : 'Chain broken: '}{verification.message}
          {verification.entries !== null ? ` (${verification.entries} entries checked)` : ''}
          {verification.brokenAt !== null ? ` First broken link: entry ${verification.brokenAt}.` : ''}
        </p>
      ) : null}
      <ErrorBox error={error} title="Audit" />
      {!complete ? <p className="notice" role="status">{TRANSCRIPT_TOO_LONG}</p> : null}
      {head && complete ? (
        <dl className="facts chain-head" aria-label="Chain head">
          <div><dt>Chain head</dt><dd>entry {head.seq ?? '?'} of {entries.length}</dd></div>
          <div><dt>SHA-256</dt><dd className="mono fingerprint">{printedHash(head.hash)}</dd></div>
        </dl>
      ) : null}
      {entries.length > 0 ? <CeremonyList ceremonies={ceremonies} /> : null}
      {entries.length > 0 ? (
        <>
          <h3>All entries</h3>
          <label className="check" htmlFor={pollingId}>
            <input id={pollingId} type="checkbox" checked={showPolling} onChange={(e) => setShowPolling(e.target.checked)} />
            Show status reads ({polling} successful reads, mostly this screen’s own polling)
          </label>
          <AuditTable entries={rows} />
        </>
      ) : null}
    </section>
  );
}
