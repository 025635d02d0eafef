/**
 * Splitting and combining the unseal key with the audited `shamir-secret-sharing` package
 * (GF(2^8), Vault's layout: 32 y-bytes then one random x-coordinate byte per share).
 * A 1-of-1 "share" is the raw 32-byte key, as in Vault.
 */
import { combine, split } from 'shamir-secret-sharing';

export const UNSEAL_KEY_BYTES = 32;
export const SHARE_BYTES = UNSEAL_KEY_BYTES + 1;
export const MAX_SHARES = 255;

export async function splitKey(key: Uint8Array, shares: number, threshold: number): Promise<Uint8Array[]> {
  if (key.length !== UNSEAL_KEY_BYTES) throw new RangeError('unseal key must be 32 bytes');
  if (shares === 1 && threshold === 1) return [Uint8Array.from(key)];
  // The library wants plain Uint8Array, not Buffer.
  return split(Uint8Array.from(key), shares, threshold);
}

export async function combineShares(shares: readonly Uint8Array[], threshold: number, total: number): Promise<Uint8Array> {
  if (total === 1) {
    const only = shares[0];
    if (shares.length !== 1 || !only) throw new RangeError('a 1-of-1 keyring takes exactly one key');
    return Uint8Array.from(only);
  }
  if (shares.length < threshold) throw new RangeError(`need ${threshold} shares, have ${shares.length}`);
  return combine(shares.map((s) => Uint8Array.from(s)));
}

/** The byte length a share of a T-of-N set has. */
export function shareLength(total: number): number {
  return total === 1 ? UNSEAL_KEY_BYTES : SHARE_BYTES;
}
