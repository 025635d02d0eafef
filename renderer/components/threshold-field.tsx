/** The threshold T of T-of-N, with the rule spelled out next to it, true for every value typed. */
import { useId } from 'react';

/** The smallest majority of n custodians: the default, so no two disjoint groups can both unseal. */
export function majorityThreshold(n: number): number {
  return n <= 1 ? 1 : Math.floor(n / 2) + 1;
}

/** What the threshold field says about `value` of `total` custodians, right or wrong. */
export function thresholdSentence(value: number, total: number): { ok: boolean; text: string } {
  const least = total > 1 ? 2 : 1;
  if (!Number.isInteger(value) || value < 1) return { ok: false, text: `Choose a whole number from ${least} to ${total}.` };
  if (value > total) return { ok: false, text: `There ${total === 1 ? 'is only 1 custodian' : `are only ${total} custodians`}: the threshold can be at most ${total}.` };
  if (value < least) return { ok: false, text: 'With more than one custodian the threshold must be at least 2.' };
  const fewer = value - 1 === 0 ? '' : ` Any ${value - 1} cannot.`;
  const split = value * 2 <= total ? ` Two separate groups of ${value} could each unseal without the other; a majority (${majorityThreshold(total)}) prevents that.` : '';
  return { ok: true, text: `Any ${value} of the ${total} custodians together can unseal.${fewer}${split}` };
}

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
