/**
 * The body of `PUT sys/rekey/init`, checked in Vault's order (API.md, "sys/rekey"): backup without
 * PGP keys, PGP key count, threshold above shares, any other invalid configuration (Vault answers
 * that one as an internal error; here it is invalid input), and only then the keys themselves,
 * which are parsed and checked for a usable encryption subkey now rather than failing at the end
 * of the ceremony.
 *
 * Symbolon adds `custodians` (one name per new share) and `verify_all_shares`: every new share,
 * not just a threshold of them, must be proven before the commit.
 */
import { invalid } from '../errors.js';
import { readCustodianKeys, withPgpErrors } from '../pgp/index.js';
import type { CustodianKey } from '../pgp/index.js';
import { shareConfig } from './seal-request.js';
import type { ShareConfig } from './seal-request.js';

export interface RekeyRequest {
  readonly secret_shares?: unknown;
  readonly secret_threshold?: unknown;
  readonly pgp_keys?: unknown;
  readonly backup?: unknown;
  readonly require_verification?: unknown;
  readonly verify_all_shares?: unknown;
  readonly custodians?: unknown;
}

/** How the new shares must be proven before they replace the current ones. */
export type Verification = 'none' | 'threshold' | 'all';

export interface RekeyPlan {
  readonly config: ShareConfig;
  readonly keys: readonly CustodianKey[] | null;
  readonly backup: boolean;
  readonly verification: Verification;
}

export const CONFIG_PREFIX = 'invalid rekey seal configuration: ';

function flag(value: unknown, name: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw invalid('INVALID_CONFIG', `${CONFIG_PREFIX}${name} must be true or false`);
  return value;
}

/** The integer as given, for the early count checks; full validation follows in shareConfig. */
function count(value: unknown, name: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw invalid('INVALID_CONFIG', `${CONFIG_PREFIX}${name} must be an integer`);
  return value;
}

function keyList(value: unknown): unknown[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) throw invalid('INVALID_CONFIG', `${CONFIG_PREFIX}pgp_keys must be an array of public keys`);
  return value.length === 0 ? null : value;
}

/** Cheap checks first (no PGP parsing), so a malformed request costs nothing. */
export function checkRekeyRequest(req: RekeyRequest): { config: ShareConfig; keyTexts: unknown[] | null; backup: boolean; verification: Verification } {
  const backup = flag(req.backup, 'backup');
  const requireVerification = flag(req.require_verification, 'require_verification');
  const verifyAll = flag(req.verify_all_shares, 'verify_all_shares');
  const keyTexts = keyList(req.pgp_keys);
  if (backup && keyTexts === null) {
    throw invalid('BACKUP_WITHOUT_PGP', 'cannot request a backup of the new keys without providing PGP keys for encryption');
  }
  const shares = count(req.secret_shares, 'secret_shares');
  const threshold = count(req.secret_threshold, 'secret_threshold');
  if (keyTexts !== null && keyTexts.length !== shares) throw invalid('PGP_KEY_COUNT', 'incorrect number of PGP keys for rekey');
  if (threshold > shares) throw invalid('THRESHOLD_ABOVE_SHARES', 'provided threshold greater than the total shares');
  const config = shareConfig({ shares: req.secret_shares, threshold: req.secret_threshold, custodians: req.custodians }, CONFIG_PREFIX);
  // Asking for every share to be verified is asking for verification.
  const verification: Verification = verifyAll ? 'all' : requireVerification ? 'threshold' : 'none';
  return { config, keyTexts, backup, verification };
}

/** Parses the custodian keys of a checked request; an unusable key is refused, naming it and why. */
export async function readRekeyKeys(keyTexts: unknown[] | null, shares: number, now: Date): Promise<CustodianKey[] | null> {
  if (keyTexts === null) return null;
  return withPgpErrors(() => readCustodianKeys(keyTexts, shares, now), CONFIG_PREFIX);
}
