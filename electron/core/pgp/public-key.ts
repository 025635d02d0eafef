/**
 * Custodian public keys, as given in `pgp_keys` (sys/init, sys/rekey/init) and `pgp_key` /
 * `root_token_pgp_key` (sys/generate-root, sys/init) — API.md. OpenPGP per RFC 9580 via openpgp.js.
 *
 * Guarantees:
 * - Accepts Vault's form (base64 of a binary public key) and ASCII armor; v4 and v6 keys.
 * - A returned CustodianKey can be encrypted to at `now`: primary key unrevoked, unexpired and
 *   self-signed; an encryption subkey (or encryption-capable primary) valid and strong enough
 *   under openpgp.js's defaults (no ElGamal/DSA, RSA ≥ 2047 bits).
 * - A refusal is a PgpKeyError naming the key's 1-based position, its fingerprint when known,
 *   and the reason: "pgp key 2 (fingerprint ab12…): key expired on 2025-01-01T00:00:00Z".
 * - Private keys are refused and their text is never repeated in any message; a CustodianKey
 *   only ever holds public material.
 * - The fingerprint is lowercase hex of the primary key (40 chars for v4, 64 for v6), exactly as
 *   Vault reports it in `pgp_fingerprints` (helper/pgpkeys GetFingerprints: "%x").
 * Input checks: wrong types → TypeError; bad counts → RangeError; bad key text → PgpKeyError.
 */
import type * as openpgp from 'openpgp';
import { describeAlgorithm, rfc3339 } from './describe.js';
import { KeyRejection } from './key-rejection.js';
import { parseKeyText, privateKeyGiven } from './key-text.js';

/** Shares are at most 255 (Shamir over GF(2^8)); so are keys, one per share. */
export const MAX_CUSTODIAN_KEYS = 255;

export interface CustodianKey {
  /** Lowercase hex fingerprint of the primary key (v4: 40 chars, v6: 64 chars). */
  fingerprint: string;
  userIds: string[];
  /** Algorithm of the key the share is encrypted to, e.g. `rsa4096`, `curve25519`. */
  algorithm: string;
  /** RFC 3339 instant after which nothing can be encrypted to this key; null if never. */
  expires: string | null;
  key: openpgp.PublicKey;
}

export class PgpKeyError extends Error {
  /** 1-based position of the key in the list the caller was given. */
  readonly keyNumber: number;
  readonly reason: string;
  readonly fingerprint: string | null;

  constructor(keyNumber: number, reason: string, fingerprint: string | null = null) {
    super(`pgp key ${keyNumber}${fingerprint === null ? '' : ` (fingerprint ${fingerprint})`}: ${reason}`);
    this.name = 'PgpKeyError';
    this.keyNumber = keyNumber;
    this.reason = reason;
    this.fingerprint = fingerprint;
  }
}

/** Reads and validates one custodian key; `keyNumber` only labels errors. */
export async function readCustodianKey(input: string, keyNumber: number, now: Date = new Date()): Promise<CustodianKey> {
  if (!Number.isSafeInteger(keyNumber) || keyNumber < 1) throw new RangeError('keyNumber must be a positive integer');
  if (typeof input !== 'string') throw new TypeError(`pgp key ${keyNumber} must be a string`);
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new TypeError('now must be a valid Date');
  try {
    const parsed = await parseKeyText(input);
    const fingerprint = parsed.getFingerprint();
    if (parsed.isPrivate()) throw new KeyRejection(privateKeyGiven().message, fingerprint);
    const key = parsed as openpgp.PublicKey;
    // key-usability.ts reads openpgp.js's tables when it loads: loaded here, with openpgp.js (load-openpgp.ts).
    const { checkUsable } = await import('./key-usability.js');
    const { encryptionKey, expires } = await checkUsable(key, now);
    return {
      fingerprint,
      userIds: key.getUserIDs(),
      algorithm: describeAlgorithm(encryptionKey.getAlgorithmInfo()),
      expires: expires === null ? null : rfc3339(expires),
      key,
    };
  } catch (error) {
    if (error instanceof KeyRejection) throw new PgpKeyError(keyNumber, error.message, error.fingerprint);
    throw error;
  }
}

/**
 * Reads a whole `pgp_keys` list in order and stops at the first unusable key. `expectedCount`
 * is the number of shares (null: any count up to 255). Callers that owe Vault's exact wording
 * for a count mismatch ("incorrect number of PGP keys for rekey") check the count first.
 */
export async function readCustodianKeys(inputs: unknown, expectedCount: number | null, now: Date = new Date()): Promise<CustodianKey[]> {
  if (!Array.isArray(inputs)) throw new TypeError('pgp_keys must be an array of strings');
  if (expectedCount !== null && (!Number.isSafeInteger(expectedCount) || expectedCount < 0)) {
    throw new RangeError('expectedCount must be a non-negative integer or null');
  }
  if (inputs.length > MAX_CUSTODIAN_KEYS) throw new RangeError(`at most ${MAX_CUSTODIAN_KEYS} PGP keys are allowed, got ${inputs.length}`);
  if (expectedCount !== null && inputs.length !== expectedCount) {
    throw new RangeError(`expected ${expectedCount} PGP keys (one per share), got ${inputs.length}`);
  }
  // Check every entry's type before parsing any, so a malformed list fails fast and cheaply.
  inputs.forEach((input: unknown, index) => {
    if (typeof input !== 'string') throw new TypeError(`pgp key ${index + 1} must be a string`);
  });
  const keys: CustodianKey[] = [];
  for (const [index, input] of (inputs as string[]).entries()) {
    keys.push(await readCustodianKey(input, index + 1, now));
  }
  return keys;
}
