/** The threshold rule in words (plain TypeScript, so it is unit-tested without a DOM). */

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
