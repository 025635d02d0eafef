/**
 * A custodian's key that cannot be used is the caller's mistake, not a bug: the refusals of
 * public-key.ts become an invalid-input error prefixed with what the key was given for (Vault's wording).
 */
import { invalid } from '../errors.js';
import { PgpKeyError } from './public-key.js';

export async function withPgpErrors<T>(work: () => Promise<T>, prefix: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof PgpKeyError || error instanceof TypeError || error instanceof RangeError) {
      throw invalid('INVALID_PGP_KEY', prefix + error.message);
    }
    throw error;
  }
}
