/**
 * Rewrap: re-encrypt records still under older terms with the active one, with a progress bar.
 * Polls `GET sys/rewrap` once a second while a job runs; tolerates a server without it.
 */
import { useEffect } from 'react';
import { ErrorBox } from '../../components/error-box.js';
import { useApp } from '../../store/use-app.js';

export function RewrapPanel() {
  const rewrap = useApp((s) => s.rewrap);
  const availability = useApp((s) => s.rewrapAvailability);
  const error = useApp((s) => s.rewrapError);
  const busy = useApp((s) => s.rotateBusy);
  const load = useApp((s) => s.loadRewrap);
  const start = useApp((s) => s.startRewrap);
  const running = rewrap?.running ?? false;
  useEffect(() => { void load(); }, [load]);
  useEffect(() => {
    if (!running) return undefined;
    const timer = window.setInterval(() => void load(), 1000);
    return () => window.clearInterval(timer);
  }, [running, load]);

  const pct = rewrap?.fraction !== null && rewrap?.fraction !== undefined ? Math.round(rewrap.fraction * 100) : null;
  const counts = rewrap?.done !== null && rewrap?.total !== null && rewrap ? `${rewrap.done} of ${rewrap.total} records` : '';
  return (
    <section aria-labelledby="rewrap-heading">
      <h3 id="rewrap-heading">Rewrap stored records</h3>
      {availability === 'missing' ? <p className="notice">Rewrap is not available on this server (sys/rewrap not found).</p> : null}
      {availability !== 'missing' ? (
        <>
          <p>Moves every record still encrypted under an older term to the active term, in batches. It can be resumed after an interruption.</p>
          <progress max={100} value={pct ?? 0} aria-label="Rewrap progress" />
          <p role="status">
            {rewrap === null ? 'Reading rewrap status…'
              // "Rewrap complete: 0 of 0" before any rotation says nothing true; say what is so.
              : rewrap.complete && rewrap.total === 0 ? `Nothing to rewrap: every record is already under the active term${rewrap.targetTerm !== null ? ` (term ${rewrap.targetTerm})` : ''}.`
              : rewrap.complete ? `Rewrap complete${counts ? `: ${counts}` : ''}${rewrap.targetTerm !== null ? `, all under term ${rewrap.targetTerm}` : ''}.`
              : running ? `Rewrapping… ${pct ?? '?'}%${counts ? ` (${counts})` : ''}`
              : `Not running${pct !== null ? ` (${pct}% under the active term)` : ''}.`}
          </p>
          {rewrap?.error ? <p role="alert" className="error-box">The last rewrap stopped: {rewrap.error}</p> : null}
          <button type="button" onClick={() => void start()} disabled={busy || running}>Start rewrap</button>
        </>
      ) : null}
      <ErrorBox error={error} title="Rewrap" />
    </section>
  );
}
