/** The threshold T of T-of-N, with the rule spelled out next to it. */
import { useId } from 'react';

export function ThresholdField({ value, total, onChange }: { value: number; total: number; onChange: (t: number) => void }) {
  const id = useId();
  const helpId = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Threshold: how many custodians are needed to unseal</label>
      <input id={id} type="number" inputMode="numeric" min={total > 1 ? 2 : 1} max={Math.max(total, 1)} value={Number.isFinite(value) ? value : ''}
        aria-describedby={helpId} onChange={(e) => onChange(e.target.valueAsNumber)} />
      <p id={helpId} className="muted">
        Any {Number.isFinite(value) ? value : 'T'} of the {total} custodians together can unseal; fewer cannot.
        {total > 1 ? ' With more than one custodian the threshold is at least 2.' : ''}
      </p>
    </div>
  );
}
