/**
 * Who joins, who stays and who leaves when a rekey replaces the current share set: the names read
 * aloud before anyone authorizes (DESIGN.md, "no plan is authorized that the operator did not
 * see"), and the leavers the completion screen tells to destroy their paper. Custodians are the
 * same person when their names match, ignoring case and surrounding spaces: the seal record keeps
 * names and fingerprints, not the public keys a new plan carries. Because a name is all that ties
 * them, a plan that keeps a name but sends that custodian's share to another PGP key is named too
 * (`newKeys`): a plan started elsewhere could otherwise encrypt "Ann's" share to someone else.
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
  /**
   * Staying custodians whose share the plan encrypts to another PGP key than the one on record
   * (or to none, or to one where there was none); only when the plan's fingerprints are given.
   */
  newKeys: { custodian: CurrentCustodian; fingerprint: string | null }[];
}

const key = (name: string): string => name.trim().toLowerCase();

const sameFingerprint = (a: string | null | undefined, b: string | null | undefined): boolean =>
  (a ?? '').replace(/\s+/g, '').toUpperCase() === (b ?? '').replace(/\s+/g, '').toUpperCase();

/** `plannedFingerprints[i]` is the PGP fingerprint the plan gives `planned[i]` ('' or null: none). */
export function rosterChanges(current: readonly CurrentCustodian[], planned: readonly string[], plannedFingerprints?: readonly (string | null)[]): RosterChanges {
  if (!Array.isArray(current) || !Array.isArray(planned)) throw new TypeError('current and planned must be arrays');
  const plannedKeys = new Set(planned.map(key));
  const currentKeys = new Set(current.map((c) => key(c.name)));
  const staying = current.filter((c) => plannedKeys.has(key(c.name)));
  const newKeys: RosterChanges['newKeys'] = [];
  if (plannedFingerprints) {
    for (const custodian of staying) {
      const i = planned.findIndex((n) => key(n) === key(custodian.name));
      const fingerprint = plannedFingerprints[i] || null;
      if (!sameFingerprint(custodian.fingerprint, fingerprint)) newKeys.push({ custodian, fingerprint });
    }
  }
  return {
    staying,
    leaving: current.filter((c) => !plannedKeys.has(key(c.name))),
    joining: planned.map((n) => n.trim()).filter((n) => !currentKeys.has(key(n))),
    newKeys,
  };
}

/** "Ann (share 1), Bob (share 2)", or "nobody". */
export function namesWithShares(custodians: readonly CurrentCustodian[]): string {
  return custodians.length === 0 ? 'nobody' : custodians.map((c) => `${c.name || 'unnamed'} (share ${c.index})`).join(', ');
}
