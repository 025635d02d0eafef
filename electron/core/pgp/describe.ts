/**
 * Short, stable words for facts about a key, as shown to operators and stored in seal records:
 * algorithm names in GnuPG's vocabulary (`rsa4096`, `curve25519`, `nistp256`; RFC 9580 §9.1
 * algorithms, RFC 6637 / RFC 9580 §9.2 curves) and instants in RFC 3339 (UTC, whole seconds).
 */
import type * as openpgp from 'openpgp';

type AlgorithmInfo = ReturnType<openpgp.Key['getAlgorithmInfo']>;

/** `rsa4096`, `curve25519`, `curve448`, `nistp384`, `brainpoolp256r1`, `elgamal2048`, … */
export function describeAlgorithm(info: AlgorithmInfo): string {
  const { algorithm, bits, curve } = info as { algorithm: string; bits?: number; curve?: string };
  if (algorithm.startsWith('rsa')) return `rsa${bits ?? ''}`;
  if (algorithm === 'x25519' || algorithm === 'ed25519') return 'curve25519';
  if (algorithm === 'x448' || algorithm === 'ed448') return 'curve448';
  // openpgp.js names the legacy (v4) Curve25519 encoding "curve25519Legacy" and "ed25519Legacy";
  // for a custodian both are simply Curve25519.
  if (curve !== undefined) return curve.replace(/Legacy$/, '').replace(/^ed25519$/, 'curve25519').toLowerCase();
  return `${algorithm.toLowerCase()}${bits ?? ''}`;
}

/** RFC 3339 in UTC without fractional seconds: `2025-01-01T00:00:00Z`. */
export function rfc3339(instant: Date): string {
  return instant.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
