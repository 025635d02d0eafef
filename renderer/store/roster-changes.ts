/**
 * Who joins, who stays and who leaves when a rekey replaces the current share set: the names read
 * aloud before anyone authorizes (DESIGN.md, "no plan is authorized that the operator did not
 * see"), and the leavers the completion screen tells to destroy their paper. Custodians are the
 * same person when their names match, ignoring case and surrounding spaces: the seal record keeps
 * names and fingerprints, not the public keys a new plan carries.
 */

export interface CurrentCustodian {
  index: number;
  name: string;
  fingerprint: string;
}

export interface RosterChanges {
  /** Current custodians who also hold a share in the new set. */
  staying: CurrentCustodian[];
  /** Current custodians without a share in the new set: their old shares stop working. */
  leaving: CurrentCustodian[];
  /** New names, in the plan's order. */
  joining: string[];
}

const key = (name: string): string => name.trim().toLowerCase();

export function rosterChanges(current: readonly CurrentCustodian[], planned: readonly string[]): RosterChanges {
  if (!Array.isArray(current) || !Array.isArray(planned)) throw new TypeError('current and planned must be arrays');
  const plannedKeys = new Set(planned.map(key));
  const currentKeys = new Set(current.map((c) => key(c.name)));
  return {
    staying: current.filter((c) => plannedKeys.has(key(c.name))),
    leaving: current.filter((c) => !plannedKeys.has(key(c.name))),
    joining: planned.map((n) => n.trim()).filter((n) => !currentKeys.has(key(n))),
  };
}

/** "Ann (share 1), Bob (share 2)", or "nobody". */
export function namesWithShares(custodians: readonly CurrentCustodian[]): string {
  return custodians.length === 0 ? 'nobody' : custodians.map((c) => `${c.name || 'unnamed'} (share ${c.index})`).join(', ');
}
