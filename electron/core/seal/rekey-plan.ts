/**
 * What a rekey is asked to make (its plan, as given when the ceremony starts), and the custodians'
 * PGP keys parsed and checked for a usable encryption subkey at the start rather than failing at
 * the end of the ceremony.
 */
import { readCustodianKeys, withPgpErrors } from '../pgp/index.js';
import type { CustodianKey } from '../pgp/index.js';
import type { ShareConfig } from './share-config.js';

/** How the new shares must be proven before they replace the current ones. */
export type Verification = 'none' | 'threshold' | 'all';

/** A rekey as asked for: the new set's configuration, its custodians' keys as given, and how it is proven. */
export interface RekeyStart {
  readonly config: ShareConfig;
  /** One PGP public key per new share, as given (parsed and checked by readRekeyKeys), or null. */
  readonly pgpKeys: readonly unknown[] | null;
  readonly backup: boolean;
  readonly verification: Verification;
}

export interface RekeyPlan {
  readonly config: ShareConfig;
  readonly keys: readonly CustodianKey[] | null;
  readonly backup: boolean;
  readonly verification: Verification;
}

/** Vault's prefix for a refused rekey configuration. */
export const REKEY_CONFIG_PREFIX = 'invalid rekey seal configuration: ';

/** Parses the custodian keys of a rekey; an unusable key is refused, naming it and why. */
export async function readRekeyKeys(keyTexts: readonly unknown[] | null, shares: number, now: Date): Promise<CustodianKey[] | null> {
  if (keyTexts === null) return null;
  return withPgpErrors(() => readCustodianKeys(keyTexts, shares, now), REKEY_CONFIG_PREFIX);
}
