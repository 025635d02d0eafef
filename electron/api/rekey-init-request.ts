/**
 * The body of `PUT sys/rekey/init`, read at the edge and checked in Vault's order (API.md,
 * "sys/rekey"): backup without PGP keys, PGP key count, threshold above shares, any other invalid
 * configuration (Vault answers that one as an internal error; here it is invalid input). The core
 * is handed the plan; it parses the PGP keys themselves and checks each for a usable encryption
 * subkey now rather than failing at the end of the ceremony.
 *
 * Symbolon adds `custodians` (one name per new share) and `verify_all_shares`: every new share,
 * not just a threshold of them, must be proven before the commit.
 */
import { REKEY_CONFIG_PREFIX, shareConfig } from '../core/core.js';
import type { RekeyStart, Verification } from '../core/core.js';
import { invalid } from '../core/errors.js';

function flag(value: unknown, name: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw invalid('INVALID_CONFIG', `${REKEY_CONFIG_PREFIX}${name} must be true or false`);
  return value;
}

/** The integer as given, for the early count checks; full validation follows in shareConfig. */
function count(value: unknown, name: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw invalid('INVALID_CONFIG', `${REKEY_CONFIG_PREFIX}${name} must be an integer`);
  return value;
}

function keyList(value: unknown): unknown[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) throw invalid('INVALID_CONFIG', `${REKEY_CONFIG_PREFIX}pgp_keys must be an array of public keys`);
  return value.length === 0 ? null : value;
}

/** Cheap checks first (no PGP parsing), so a malformed request costs nothing. */
export function readRekeyInit(body: Readonly<Record<string, unknown>>): RekeyStart {
  const backup = flag(body['backup'], 'backup');
  const requireVerification = flag(body['require_verification'], 'require_verification');
  const verifyAll = flag(body['verify_all_shares'], 'verify_all_shares');
  const pgpKeys = keyList(body['pgp_keys']);
  if (backup && pgpKeys === null) {
    throw invalid('BACKUP_WITHOUT_PGP', 'cannot request a backup of the new keys without providing PGP keys for encryption');
  }
  const shares = count(body['secret_shares'], 'secret_shares');
  const threshold = count(body['secret_threshold'], 'secret_threshold');
  if (pgpKeys !== null && pgpKeys.length !== shares) throw invalid('PGP_KEY_COUNT', 'incorrect number of PGP keys for rekey');
  if (threshold > shares) throw invalid('THRESHOLD_ABOVE_SHARES', 'provided threshold greater than the total shares');
  const config = shareConfig({ shares: body['secret_shares'], threshold: body['secret_threshold'], custodians: body['custodians'] }, REKEY_CONFIG_PREFIX);
  // Asking for every share to be verified is asking for verification.
  const verification: Verification = verifyAll ? 'all' : requireVerification ? 'threshold' : 'none';
  return { config, pgpKeys, backup, verification };
}
