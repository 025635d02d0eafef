/**
 * Splitting and combining the unseal key with the audited `shamir-secret-sharing` package
 * (GF(2^8), Vault's layout: 32 y-bytes then one random x-coordinate byte per share).
 * A 1-of-1 "share" is the raw 32-byte key, as in Vault.
 */
import { combine, split } from 'shamir-secret-sharing';
import { copySecret } from '../../../shared/secret-bytes.js';

export const UNSEAL_KEY_BYTES = 32;
export const SHARE_BYTES = UNSEAL_KEY_BYTES + 1;
export const MAX_SHARES = 255;

/** The caller owns (and wipes) the shares returned. */
export async function splitKey(key: Uint8Array, shares: number, threshold: number): Promise<Uint8Array[]> {
  if (key.length !== UNSEAL_KEY_BYTES) throw new RangeError('unseal key must be 32 bytes');
  if (shares === 1 && threshold === 1) return [copySecret(key)];
  // The library wants plain Uint8Array, not Buffer: a copy, wiped once split. Its shares live in
  // the moving heap, so they are moved out at once (see shared/secret-bytes.ts).
  const plain = copySecret(key);
  try {
    return unmovable(await split(plain, shares, threshold));
  } finally {
    plain.fill(0);
  }
}

/** The caller owns (and wipes) the key returned; the shares given stay the caller's too. */
export async function combineShares(shares: readonly Uint8Array[], threshold: number, total: number): Promise<Uint8Array> {
  if (total === 1) {
    const only = shares[0];
    if (shares.length !== 1 || !only) throw new RangeError('a 1-of-1 keyring takes exactly one key');
    return copySecret(only);
  }
  if (shares.length < threshold) throw new RangeError(`need ${threshold} shares, have ${shares.length}`);
  const copies = shares.map((s) => copySecret(s));
  try {
    const [key] = unmovable([await combine(copies)]);
    if (!key) throw new Error('combine returned nothing');
    return key;
  } finally {
    for (const copy of copies) copy.fill(0);
  }
}

/** Copies the library's results out of the moving heap and wipes the originals. */
function unmovable(parts: Uint8Array[]): Uint8Array[] {
  return parts.map((part) => {
    const copy = copySecret(part);
    part.fill(0);
    return copy;
  });
}

/** The byte length a share of a T-of-N set has. */
export function shareLength(total: number): number {
  return total === 1 ? UNSEAL_KEY_BYTES : SHARE_BYTES;
}
