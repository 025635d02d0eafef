/**
 * Token and wrapping lifetimes, read the way Vault reads them (seconds, or a Go duration string
 * such as "1h30m") and bounded by Vault's default system max TTL of 768h: a keyring laptop has
 * no use for a credential that outlives a month, and an absurd value is a typo, not a wish.
 */
import { DurationError, formatGoDuration, parseDurationSeconds } from '../duration.js';
import { invalid } from '../errors.js';

/** Vault's default max_lease_ttl (32 days). */
export const MAX_TTL_SECONDS = 768 * 3600;

/** Seconds for a TTL field; refused, naming the field, when it is not a duration, negative, or over the maximum. */
export function ttlSeconds(value: unknown, field: string): number {
  let seconds: number;
  try {
    seconds = parseDurationSeconds(value);
  } catch (error) {
    if (error instanceof DurationError) throw invalid('INVALID_TTL', `invalid ${field}: ${error.message}`, { field });
    throw error;
  }
  if (seconds < 0) throw invalid('INVALID_TTL', `${field} cannot be negative`, { field });
  if (seconds > MAX_TTL_SECONDS) {
    throw invalid('INVALID_TTL', `${field} of ${formatGoDuration(seconds)} exceeds the maximum TTL of ${formatGoDuration(MAX_TTL_SECONDS)}`, {
      field,
      max_seconds: MAX_TTL_SECONDS,
    });
  }
  return seconds;
}

export { formatGoDuration };
