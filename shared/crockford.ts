/**
 * Crockford's Base32 (https://www.crockford.com/base32.html): the 32-symbol alphabet without
 * I, L, O and U, its forgiving reading rules, and its mod-37 check-symbol alphabet.
 *
 * Why mod 37 catches what a person does wrong while copying a group of four symbols
 * (value v = s0·32³ + s1·32² + s2·32 + s3, check = v mod 37):
 * - one substituted symbol at weight 32^k changes v by d·32^k with 0 < |d| < 32;
 * - two swapped neighbours change v by (a−b)·(32^(k+1) − 32^k) = (a−b)·31·32^k, 0 < |a−b| < 32.
 * 37 is prime and divides none of d, a−b, 31 or 32, so it divides neither difference and the
 * check symbol no longer matches. A swap of the last symbol with the check symbol c is caught
 * too: it would need 2·(c − s3) ≡ 0 (mod 37), i.e. c = s3, which is no swap at all.
 * test/unit/shared/crockford.test.ts verifies both lemmas exhaustively.
 *
 * Pure code for Node and the browser: no Buffer, no Node APIs.
 */
import { secretBytes } from './secret-bytes.js';

/** The 32 data symbols, value = position. */
export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Check symbols: the 32 data symbols, then `*~$=U` for 32..36. */
export const CHECK_ALPHABET = `${CROCKFORD_ALPHABET}*~$=U`;
export const CHECK_MODULUS = 37;

const SYMBOL_VALUES: ReadonlyMap<string, number> = new Map([
  ...Array.from(CHECK_ALPHABET, (symbol, value) => [symbol, value] as const),
  // Crockford's reading rules: the letters people confuse with digits read as those digits.
  ['I', 1], ['L', 1], ['O', 0],
]);

/** Characters ignored between symbols (Crockford allows hyphens; people add spaces and lines). */
export function isSeparator(ch: string): boolean {
  return ch === '-' || ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

/** Canonical spelling of a typed character: upper case, I/L → 1, O → 0; other characters kept. */
export function normalizeSymbol(ch: string): string {
  const upper = ch.toUpperCase();
  const value = SYMBOL_VALUES.get(upper);
  return value === undefined ? ch : (CHECK_ALPHABET[value] ?? ch);
}

/** Value 0..36 of a data or check symbol (forgiving), or -1 if the character is not one. */
export function symbolValue(ch: string): number {
  return SYMBOL_VALUES.get(ch.toUpperCase()) ?? -1;
}

/** The check symbol for a non-negative integer value. */
export function checkSymbol(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError('check value must be a non-negative integer');
  return CHECK_ALPHABET.charAt(value % CHECK_MODULUS);
}

/** Encodes bytes MSB first; the bit length must be a multiple of 5 so no padding is needed. */
export function encodeBase32(bytes: Uint8Array): string {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('bytes must be a Uint8Array');
  if ((bytes.length * 8) % 5 !== 0) throw new RangeError('byte length must be a multiple of 5');
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const byte of bytes) {
    acc = ((acc << 8) | byte) & 0xfff; // at most 4 + 8 live bits
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += CROCKFORD_ALPHABET.charAt((acc >> bits) & 31);
    }
  }
  return out;
}

/** Decodes data-symbol values (0..31) MSB first; the count must make whole bytes. */
export function decodeBase32(values: readonly number[]): Uint8Array {
  if ((values.length * 5) % 8 !== 0) throw new RangeError('symbol count must be a multiple of 8');
  // Decoded share payloads carry key bytes: see secret-bytes.ts.
  const out = secretBytes((values.length * 5) / 8);
  let acc = 0;
  let bits = 0;
  let i = 0;
  for (const value of values) {
    if (!Number.isInteger(value) || value < 0 || value > 31) throw new RangeError('symbol values must be 0..31');
    acc = ((acc << 5) | value) & 0x1fff; // at most 7 + 5 live bits
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[i++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}
