/**
 * The keyring's human name ("Payments root CA 2026"), chosen at init so a custodian holding papers
 * of two keyrings can tell them apart. Not secret: it is printed on every handout and record.
 * Optional; at most 80 characters, printable by the same rule as custodian names.
 */
import { invalid } from '../errors.js';
import { UNPRINTABLE } from './share-config.js';

export const KEYRING_NAME_MAX_CHARS = 80;

/** The name from an init request: null when absent or blank, trimmed otherwise; refused when unfit. */
export function readKeyringName(value: unknown, prefix: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw invalid('INVALID_CONFIG', `${prefix}keyring_name must be a string`);
  const name = value.normalize('NFC').trim();
  if (name === '') return null;
  if (name.length > KEYRING_NAME_MAX_CHARS || UNPRINTABLE.test(name)) {
    throw invalid('INVALID_CONFIG', `${prefix}keyring_name needs a printable name of at most ${KEYRING_NAME_MAX_CHARS} characters`);
  }
  return name;
}
