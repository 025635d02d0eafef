/**
 * Every form in which a custodian or a Vault client may hand in a share: Vault's hex and base64
 * (RFC 4648 §4, padded; §5 URL-safe and unpadded also read) and Symbolon's share text.
 *
 * Which form, in this order (share text and base64 overlap, so the order is the rule):
 * 1. hex — Vault tries it first: even length, [0-9a-fA-F] only. A bare 80-character share text
 *    made only of hex digits has probability about 2^-64 · (16/37)^16; hex wins it, as in Vault.
 * 2. share text, strong shape — share-text characters (at most 3 strays, later reported as
 *    invalid characters) and separators: exactly 80 of them with a separator present or in a
 *    single case, or 8+ separated tokens. This must come before base64: 1 in 6 bare share texts
 *    is also valid base64 and 1 in 25 dashed ones valid URL-safe base64 (measured, 20,000
 *    samples). A real base64 value of 80 characters is single-case with probability ~2^-59,
 *    and a Vault share is 44 characters; 400,000 random 33-byte shares all still read as base64.
 * 3. base64 — standard or URL-safe, padded or not, trailing bits zero (canonical).
 * 4. share text, weak shape — 20+ share-text characters with a separator or in a single case:
 *    not decodable otherwise, so say which group is wrong rather than "not hex or base64".
 * Lengths are not checked here; the core reports `invalid key: ...`.
 */
import { isSeparator, symbolValue } from './crockford.js';
import { secretBytes } from './secret-bytes.js';
import { decodeShareText } from './share-text.js';

export type ParsedShare =
  | { ok: true; form: 'text'; bytes: Uint8Array; keyringTag: Uint8Array; generation: number; index: number; rawKey: boolean }
  | { ok: true; form: 'hex' | 'base64'; bytes: Uint8Array }
  | { ok: false; problem: 'empty' | 'undecodable' | 'typo' | 'invalid-character' | 'length' | 'format'; groups?: number[]; message: string };

const TEXT_CHARS = 80;
const STRONG_TOKENS = 8;
const WEAK_MIN_CHARS = 20;
/** A few stray characters in a text-shaped input are typos to point at, not another form. */
const MAX_STRAY_CHARS = 3;
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** `bytes` is what Vault would have received: the 33-byte share, or the 32-byte raw key. */
export function parseShare(input: string): ParsedShare {
  if (typeof input !== 'string') throw new TypeError('share must be a string');
  const text = input.trim();
  if (text === '') return { ok: false, problem: 'empty', message: 'no share was given' };
  const hex = fromHex(text);
  if (hex) return { ok: true, form: 'hex', bytes: hex };
  const shape = textShape(text);
  if (shape === 'strong') return fromShareText(text);
  const b64 = fromBase64(text);
  if (b64) return { ok: true, form: 'base64', bytes: b64 };
  if (shape === 'weak') return fromShareText(text);
  return { ok: false, problem: 'undecodable', message: "'key' must be a valid hex or base64 string" };
}

function fromShareText(text: string): ParsedShare {
  const result = decodeShareText(text);
  if (!result.ok) return result;
  const { share, keyringTag, generation, index, rawKey } = result.payload;
  return { ok: true, form: 'text', bytes: share, keyringTag, generation, index, rawKey };
}

function textShape(text: string): 'strong' | 'weak' | 'none' {
  const chars = Array.from(text);
  const symbols = chars.filter((c) => !isSeparator(c));
  if (symbols.filter((c) => symbolValue(c) < 0).length > MAX_STRAY_CHARS) return 'none';
  const separated = symbols.length < chars.length;
  const joined = symbols.join('');
  const singleCase = joined === joined.toUpperCase() || joined === joined.toLowerCase();
  const tokens = text.split(/[-\s]+/).filter((t) => t !== '').length;
  if ((symbols.length === TEXT_CHARS && (separated || singleCase)) || tokens >= STRONG_TOKENS) return 'strong';
  return symbols.length >= WEAK_MIN_CHARS && (separated || singleCase) ? 'weak' : 'none';
}

/** Lower-case hex, as Vault prints it. */
export function toHex(b: Uint8Array): string {
  if (!(b instanceof Uint8Array)) throw new TypeError('bytes must be a Uint8Array');
  return Array.from(b, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Hex of either case, even length, nothing else; null otherwise. */
export function fromHex(s: string): Uint8Array | null {
  if (typeof s !== 'string' || s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) return null;
  const out = secretBytes(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Standard alphabet with padding (RFC 4648 §4). */
export function toBase64(b: Uint8Array): string {
  if (!(b instanceof Uint8Array)) throw new TypeError('bytes must be a Uint8Array');
  let out = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = ((b[i] ?? 0) << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    const quad = [18, 12, 6, 0].map((shift) => B64.charAt((n >> shift) & 63)).join('');
    const kept = Math.min(4, b.length - i + 1);
    out += quad.slice(0, kept) + '='.repeat(4 - kept);
  }
  return out;
}

/**
 * Standard or URL-safe alphabet (not mixed), padded or unpadded; null unless it decodes
 * cleanly: no stray characters, no impossible length, unused trailing bits zero.
 */
export function fromBase64(s: string): Uint8Array | null {
  if (typeof s !== 'string') return null;
  if (/[-_]/.test(s) && /[+/]/.test(s)) return null;
  const padded = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  if (padded > 0 && s.length % 4 !== 0) return null;
  const body = s.slice(0, s.length - padded).replace(/-/g, '+').replace(/_/g, '/');
  if (body.length % 4 === 1) return null;
  const values = Array.from(body, (c) => B64.indexOf(c));
  if (values.some((v) => v < 0)) return null;
  const out = secretBytes(Math.floor((body.length * 6) / 8));
  let acc = 0;
  let bits = 0;
  let at = 0;
  for (const v of values) {
    acc = ((acc << 6) | v) & 0xfff; // at most 6 + 6 live bits
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (acc >> bits) & 0xff;
    }
  }
  if ((acc & ((1 << bits) - 1)) === 0) return out;
  out.fill(0);
  return null;
}

/** Compares without an early exit, so the time does not tell where two secrets first differ. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (!(a instanceof Uint8Array) || !(b instanceof Uint8Array)) throw new TypeError('bytesEqual compares two Uint8Arrays');
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}
