/**
 * The body of `POST sys/rotate/config`, read the way Vault reads it (vault/logical_system.go,
 * framework field types): max_operations a TypeInt64 (a JSON integer or an integer string),
 * interval a duration (seconds, an integer string, `<n>d` or a Go duration), enabled a TypeBool.
 * Absent or null fields keep their value. The core checks the merged config's ranges.
 */
import { DurationError, parseDurationSeconds } from '../core/core.js';
import type { RotationConfigChange } from '../core/core.js';
import { invalid } from '../core/errors.js';

export function readRotationConfigChange(body: Readonly<Record<string, unknown>>): RotationConfigChange {
  const maxOperations = body['max_operations'];
  const interval = body['interval'];
  const enabled = body['enabled'];
  return {
    ...(given(maxOperations) ? { maxOperations: parseMaxOperations(maxOperations) } : {}),
    ...(given(interval) ? { intervalSeconds: parseInterval(interval) } : {}),
    ...(given(enabled) ? { enabled: parseEnabled(enabled) } : {}),
  };
}

function given(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** Vault's TypeInt64: a JSON integer or an integer string. */
function parseMaxOperations(value: unknown): number {
  const n = typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : value;
  // Integers beyond 2^53 are still integers: the range check answers them with Vault's message.
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    throw invalid('INVALID_ROTATION_CONFIG', `max_operations must be an integer, not ${describe(value)}`);
  }
  return n;
}

function parseInterval(value: unknown): number {
  try {
    return parseDurationSeconds(value);
  } catch (error) {
    if (error instanceof DurationError) {
      throw invalid('INVALID_ROTATION_CONFIG', `interval must be a duration such as "72h" or a whole number of seconds, not ${describe(value)}`);
    }
    throw error;
  }
}

/** Vault's TypeBool: a JSON boolean, or the strings Go's strconv.ParseBool accepts. */
function parseEnabled(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
    if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false;
  }
  throw invalid('INVALID_ROTATION_CONFIG', `enabled must be true or false, not ${describe(value)}`);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}
