/**
 * Validation of a requested share configuration (N shares, threshold T, custodians, PGP keys),
 * shared by init and rekey. Rules and messages follow Vault's SealConfig.Validate.
 */
import { invalid } from '../errors.js';
import { MAX_SHARES } from './shamir.js';

export interface ShareConfig {
  readonly shares: number;
  readonly threshold: number;
  readonly custodians: readonly string[];
}

export const MAX_CUSTODIAN_NAME = 64;

/** Vault's prefix for a refused init configuration. */
export const INIT_CONFIG_PREFIX = 'invalid seal configuration: ';

function integerField(value: unknown, name: string, prefix: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw invalid('INVALID_CONFIG', `${prefix}${name} must be an integer`);
  return value;
}

/** Returns the reason a configuration is invalid, in Vault's words, or null. */
function configProblem(shares: number, threshold: number): string | null {
  if (shares < 1) return 'shares must be at least one';
  if (threshold < 1) return 'threshold must be at least one';
  if (shares > 1 && threshold === 1) return 'threshold must be greater than one for multiple shares';
  if (shares > MAX_SHARES) return 'shares must be less than 256';
  if (threshold > MAX_SHARES) return 'threshold must be less than 256';
  if (threshold > shares) return 'threshold cannot be larger than shares';
  return null;
}

/** Characters a printed name must not hold (see custodianNames); keyring names use the same rule. */
export const UNPRINTABLE = /[\p{Cc}\p{Cs}\u202a-\u202e\u2066-\u2069]/u;

/**
 * Custodian names: optional; one per share; printable, trimmed, at most 64 characters, unique.
 * Missing names become "Custodian <i>" so every share still has someone to name in feedback.
 */
export function custodianNames(value: unknown, shares: number, prefix: string): string[] {
  if (value === undefined || value === null) return Array.from({ length: shares }, (_, i) => `Custodian ${i + 1}`);
  if (!Array.isArray(value)) throw invalid('INVALID_CONFIG', `${prefix}custodians must be an array of names`);
  if (value.length !== shares) throw invalid('INVALID_CONFIG', `${prefix}custodians must name each of the ${shares} shares (got ${value.length} names)`);
  const names = value.map((raw, i) => {
    if (typeof raw !== 'string') throw invalid('INVALID_CONFIG', `${prefix}custodian ${i + 1} must be a string`);
    const name = raw.normalize('NFC').trim();
    // Control characters would corrupt printed handouts and transcripts; a lone surrogate cannot
    // be printed or encoded as UTF-8; bidi overrides and isolates make a name read differently
    // on paper than in the seal record (right-to-left scripts need none of them).
    if (name.length === 0 || name.length > MAX_CUSTODIAN_NAME || UNPRINTABLE.test(name)) {
      throw invalid('INVALID_CONFIG', `${prefix}custodian ${i + 1} needs a printable name of 1 to ${MAX_CUSTODIAN_NAME} characters`);
    }
    return name;
  });
  const seen = new Set<string>();
  for (const name of names) {
    const key = name.toLowerCase();
    if (seen.has(key)) throw invalid('INVALID_CONFIG', `${prefix}custodian names must be distinct: "${name}" appears twice`);
    seen.add(key);
  }
  return names;
}

/** The configuration asked for (values as given), checked; refused with Vault's words and `prefix`. */
export function shareConfig(asked: { shares: unknown; threshold: unknown; custodians: unknown }, prefix: string): ShareConfig {
  const shares = integerField(asked.shares, 'secret_shares', prefix);
  const threshold = integerField(asked.threshold, 'secret_threshold', prefix);
  const problem = configProblem(shares, threshold);
  if (problem) throw invalid('INVALID_CONFIG', prefix + problem);
  return { shares, threshold, custodians: custodianNames(asked.custodians, shares, prefix) };
}
