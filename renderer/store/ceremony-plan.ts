/**
 * The plan of a new share set, shared by init and rekey: checked before anything is sent, then
 * turned into the request fields API.md names (secret_shares, secret_threshold, custodians,
 * pgp_keys).
 */

export interface CustodianDraft {
  name: string;
  /** ASCII-armored (or base64 binary) PGP public key, or '' for a plain share. Public data. */
  pgpKey: string;
}

export interface PlanFields {
  secret_shares: number;
  secret_threshold: number;
  custodians: string[];
  pgp_keys?: string[];
}

/** Checks the plan before anything is sent; returns the first problem, or '' when valid. */
export function validateInitPlan(custodians: readonly CustodianDraft[], threshold: number): string {
  const n = custodians.length;
  if (n < 1) return 'Add at least one custodian.';
  if (n > 255) return 'At most 255 custodians.';
  const names = custodians.map((c) => c.name.trim());
  if (names.some((name) => name === '')) return 'Every custodian needs a name.';
  if (new Set(names.map((x) => x.toLowerCase())).size !== n) return 'Custodian names must be different.';
  if (!Number.isInteger(threshold) || threshold < 1) return 'The threshold must be a whole number of at least 1.';
  if (threshold > n) return `The threshold cannot exceed the number of custodians (${n}).`;
  if (n > 1 && threshold < 2) return 'With more than one custodian the threshold must be at least 2.';
  return '';
}

/** The request fields for a valid plan; throws an Error saying what to fix otherwise. */
export function planFields(custodians: readonly CustodianDraft[], threshold: number): PlanFields {
  const problem = validateInitPlan(custodians, threshold);
  if (problem !== '') throw new Error(problem);
  const keys = custodians.map((c) => c.pgpKey.trim());
  const withPgp = keys.some((k) => k !== '');
  // The API encrypts every share or none (one PGP key per share).
  if (withPgp && keys.some((k) => k === '')) throw new Error('Give every custodian a PGP key, or none of them (the API encrypts all shares or none).');
  return {
    secret_shares: custodians.length,
    secret_threshold: threshold,
    custodians: custodians.map((c) => c.name.trim()),
    ...(withPgp ? { pgp_keys: keys } : {}),
  };
}
