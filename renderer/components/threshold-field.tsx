/** The threshold T of T-of-N, with the rule spelled out next to it, true for every value typed. */
import { useId } from 'react';
import { thresholdSentence } from './threshold-words.js';

export { majorityThreshold } from './threshold-words.js';

export function ThresholdField({ value, total, onChange }: { value: number; total: number; onChange: (t: number) => void }) {
  const id = useId();
  const helpId = useId();
  const sentence = thresholdSentence(value, total);
  return (
    <div className="field">
      <label htmlFor={id}>Threshold: how many custodians are needed to unseal</label>
      <input id={id} type="number" inputMode="numeric" min={total > 1 ? 2 : 1} max={Math.max(total, 1)} value={Number.isFinite(value) ? value : ''}
        aria-describedby={helpId} aria-invalid={!sentence.ok} onChange={(e) => onChange(e.target.valueAsNumber)} />
      <p id={helpId} className={sentence.ok ? 'muted' : 'warning'} aria-live="polite">{sentence.text}</p>
    </div>
  );
}
