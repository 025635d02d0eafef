/** Auto-rotation settings; the API's refusals are shown in the form's own words (rotate-words.ts). */
import { useEffect, useMemo, useState } from 'react';
import { ErrorBox, Verdict } from '../../components/error-box.js';
import { useApp } from '../../store/use-app.js';
import { humanRotateError } from './rotate-words.js';

export function RotateConfigForm() {
  const config = useApp((s) => s.rotateConfig);
  const message = useApp((s) => s.rotateConfigMessage);
  const error = useApp((s) => s.rotateConfigError);
  const busy = useApp((s) => s.rotateBusy);
  const save = useApp((s) => s.saveRotateConfig);
  // Memoized: a new object each render would scroll the refusal into view on every render.
  const refusal = useMemo(() => humanRotateError(error), [error]);
  const [maxOperations, setMax] = useState('');
  const [interval, setIntervalText] = useState('');
  const [enabled, setEnabled] = useState(true);
  useEffect(() => {
    if (!config) return;
    setMax(String(config.maxOperations));
    setIntervalText(config.interval);
    setEnabled(config.enabled);
  }, [config]);

  return (
    <section aria-labelledby="rotate-config-heading">
      <h3 id="rotate-config-heading">Automatic rotation</h3>
      <form className="form-grid" onSubmit={(e) => { e.preventDefault(); void save({ maxOperations, interval, enabled }); }}>
        <label className="check">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          Rotate automatically
        </label>
        <label>
          Maximum encryptions per term
          <input type="text" inputMode="numeric" value={maxOperations} onChange={(e) => setMax(e.target.value)} />
        </label>
        <p className="muted">Between 1,000,000 and 3,865,470,566 (the NIST SP 800-38D limit for random nonces).</p>
        <label>
          Rotation interval
          <input type="text" value={interval} onChange={(e) => setIntervalText(e.target.value)} placeholder="0 or e.g. 720h" />
        </label>
        <p className="muted">0 turns age-based rotation off; otherwise at least 24h (e.g. 720h for 30 days).</p>
        <button type="submit" disabled={busy}>Save rotation settings</button>
      </form>
      <Verdict text={message} />
      <ErrorBox error={refusal} title="Settings not saved" />
    </section>
  );
}
