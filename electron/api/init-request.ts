/**
 * The body of `PUT sys/init`, read at the edge in Vault's order (API.md, "sys/init"): recovery
 * parameters (refused on a Shamir seal), `require_verification`, the share configuration, the
 * keyring name. The core is handed the plan; it parses the PGP keys and refuses a second init.
 */
import { INIT_CONFIG_PREFIX, readKeyringName, shareConfig } from '../core/core.js';
import type { InitPlan } from '../core/core.js';
import { invalid } from '../core/errors.js';

/** Vault refuses recovery parameters on a Shamir seal and names the ones given. */
function rejectRecoveryFields(body: Readonly<Record<string, unknown>>): void {
  const given = (['recovery_shares', 'recovery_threshold', 'recovery_pgp_keys'] as const).filter((field) => {
    const value = body[field];
    return value !== undefined && value !== null && value !== 0 && !(Array.isArray(value) && value.length === 0);
  });
  if (given.length > 0) throw invalid('NOT_APPLICABLE', `parameters ${given.join(',')} not applicable to seal type shamir`);
}

function requireVerificationOf(body: Readonly<Record<string, unknown>>): boolean {
  const value = body['require_verification'];
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw invalid('INVALID_CONFIG', `${INIT_CONFIG_PREFIX}require_verification must be a boolean`);
  return value;
}

export function readInitRequest(body: Readonly<Record<string, unknown>>): InitPlan {
  rejectRecoveryFields(body);
  const verification = requireVerificationOf(body);
  const config = shareConfig({ shares: body['secret_shares'], threshold: body['secret_threshold'], custodians: body['custodians'] }, INIT_CONFIG_PREFIX);
  const keyringName = readKeyringName(body['keyring_name'], INIT_CONFIG_PREFIX);
  return { config, keyringName, verification, pgpKeys: body['pgp_keys'], rootTokenPgpKey: body['root_token_pgp_key'] };
}
