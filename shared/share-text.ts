/**
 * Symbolon's human share text, version 1 (DESIGN.md, "Shares that check themselves").
 *
 * Payload, 40 bytes big-endian: format (0x10 Shamir share, 0x11 raw key) · keyring tag (first
 * 3 bytes of the keyring id) · generation u16 · custodian index 1..255 · 33 share bytes (Vault
 * layout: 32 y-values then the x-coordinate; a raw key is 32 bytes then a 0x00 pad).
 * Text: the payload in Crockford base32 (64 symbols, MSB first), 16 groups of 4 symbols, each
 * followed by its mod-37 check symbol (see crockford.ts for why that locates a typo to its
 * group), groups joined by '-': 95 characters. Reading is forgiving: any case, I/L → 1, O → 0,
 * spaces, dashes, tabs and newlines ignored; groups are counted by position after that.
 */
import { CHECK_MODULUS, checkSymbol, decodeBase32, encodeBase32, isSeparator, normalizeSymbol, symbolValue } from './crockford.js';
import { copySecret, secretBytes } from './secret-bytes.js';

export const SHARE_TEXT_GROUPS = 16;
const GROUP_SYMBOLS = 4;
const GROUP_CHARS = GROUP_SYMBOLS + 1;
const TEXT_CHARS = SHARE_TEXT_GROUPS * GROUP_CHARS;
const PAYLOAD_BYTES = 40;
const FORMAT_SHAMIR_V1 = 0x10;
const FORMAT_RAW_KEY_V1 = 0x11;
const TAG_BYTES = 3;
const SHARE_BYTES = 33;
const RAW_KEY_BYTES = 32;
const SHARE_OFFSET = 7;

export interface ShareTextPayload {
  /** First 3 bytes of the 16-byte keyring id. */
  keyringTag: Uint8Array;
  /** Share-set generation, 0..65535. */
  generation: number;
  /** Custodian index, 1..255. */
  index: number;
  /** 33 bytes (Vault share layout), or the 32-byte key when rawKey. */
  share: Uint8Array;
  /** A 1-of-1 keyring whose "share" is the key itself. */
  rawKey: boolean;
}

export type GroupStatus = 'ok' | 'typo' | 'incomplete' | 'invalid-character';
export interface ShareTextAnalysis {
  /** Groups by position, text normalized (upper case, I/L → 1, O → 0). */
  groups: { text: string; status: GroupStatus }[];
  /** Exactly 16 full groups were typed; whether they are right is in `groups`. */
  complete: boolean;
}
export type ShareTextResult =
  | { ok: true; payload: ShareTextPayload }
  | { ok: false; problem: 'typo'; groups: number[]; message: string }
  | { ok: false; problem: 'invalid-character'; groups: number[]; message: string }
  | { ok: false; problem: 'length'; message: string }
  | { ok: false; problem: 'format'; message: string };

export function encodeShareText(p: ShareTextPayload): string {
  checkPayload(p);
  const bytes = secretBytes(PAYLOAD_BYTES);
  bytes[0] = p.rawKey ? FORMAT_RAW_KEY_V1 : FORMAT_SHAMIR_V1;
  bytes.set(p.keyringTag, 1);
  bytes[4] = p.generation >> 8;
  bytes[5] = p.generation & 0xff;
  bytes[6] = p.index;
  bytes.set(p.share, SHARE_OFFSET); // a raw key leaves the last byte as the 0x00 pad
  const symbols = encodeBase32(bytes);
  bytes.fill(0); // it held the share
  const groups: string[] = [];
  for (let at = 0; at < symbols.length; at += GROUP_SYMBOLS) {
    const data = symbols.slice(at, at + GROUP_SYMBOLS);
    groups.push(data + checkSymbol(dataValue(Array.from(data))));
  }
  return groups.join('-');
}

export function analyzeShareText(input: string): ShareTextAnalysis {
  if (typeof input !== 'string') return { groups: [], complete: false };
  const groups = splitGroups(input);
  return {
    groups: groups.map((chars) => ({ text: chars.join(''), status: groupStatus(chars) })),
    complete: groups.length === SHARE_TEXT_GROUPS && groups.every((chars) => chars.length === GROUP_CHARS),
  };
}

export function decodeShareText(input: string): ShareTextResult {
  if (typeof input !== 'string') throw new TypeError('share text must be a string');
  const groups = splitGroups(input);
  const invalid = groups.flatMap((chars, g) => chars.filter((c) => symbolValue(c) < 0).map((c) => `'${c}' in group ${g + 1}`));
  if (invalid.length > 0) {
    const bad = groupNumbers(groups, (chars) => groupStatus(chars) === 'invalid-character');
    const verb = invalid.length === 1 ? 'is not a share character' : 'are not share characters';
    return { ok: false, problem: 'invalid-character', groups: bad, message: `${listWords(invalid)} ${verb}` };
  }
  const count = groups.reduce((n, chars) => n + chars.length, 0);
  if (count !== TEXT_CHARS) {
    const counted = count % GROUP_CHARS === 0 ? `this has ${count / GROUP_CHARS}` : `this has ${count} characters, not ${TEXT_CHARS}`;
    return { ok: false, problem: 'length', message: `a share text has ${SHARE_TEXT_GROUPS} groups; ${counted}${dashHint(input)}` };
  }
  const typos = groupNumbers(groups, (chars) => !groupChecks(chars));
  if (typos.length > 0) {
    const where = typos.length === 1 ? `a typo in group ${typos[0]}` : `typos in groups ${listWords(typos.map(String))}`;
    return { ok: false, problem: 'typo', groups: typos, message: `this text has ${where}${dashHint(input)}` };
  }
  const bytes = decodeBase32(groups.flatMap((chars) => chars.slice(0, GROUP_SYMBOLS).map(symbolValue)));
  try {
    return payloadFromBytes(bytes);
  } finally {
    bytes.fill(0); // the payload holds the share; only the share's own copy leaves
  }
}

/** Canonical groups, `groupsPerLine` to a line, for printed handouts. */
export function formatShareTextLines(text: string, groupsPerLine = 4): string[] {
  if (typeof text !== 'string') throw new TypeError('share text must be a string');
  if (!Number.isInteger(groupsPerLine) || groupsPerLine < 1) throw new RangeError('groupsPerLine must be a positive integer');
  const groups = splitGroups(text).map((chars) => chars.join(''));
  const lines: string[] = [];
  for (let at = 0; at < groups.length; at += groupsPerLine) lines.push(groups.slice(at, at + groupsPerLine).join('-'));
  return lines;
}

function checkPayload(p: ShareTextPayload): void {
  if (typeof p !== 'object' || p === null) throw new TypeError('share text payload must be an object');
  if (typeof p.rawKey !== 'boolean') throw new TypeError('rawKey must be a boolean');
  if (!(p.keyringTag instanceof Uint8Array)) throw new TypeError('keyringTag must be a Uint8Array');
  if (p.keyringTag.length !== TAG_BYTES) throw new RangeError(`keyringTag must be ${TAG_BYTES} bytes, got ${p.keyringTag.length}`);
  if (typeof p.generation !== 'number') throw new TypeError('generation must be a number');
  if (!Number.isInteger(p.generation) || p.generation < 0 || p.generation > 0xffff) throw new RangeError('generation must be an integer 0..65535');
  if (typeof p.index !== 'number') throw new TypeError('index must be a number');
  if (!Number.isInteger(p.index) || p.index < 1 || p.index > 255) throw new RangeError('index must be an integer 1..255');
  if (!(p.share instanceof Uint8Array)) throw new TypeError('share must be a Uint8Array');
  const want = p.rawKey ? RAW_KEY_BYTES : SHARE_BYTES;
  if (p.share.length !== want) throw new RangeError(`share must be ${want} bytes${p.rawKey ? ' for a raw key' : ''}, got ${p.share.length}`);
}

function payloadFromBytes(bytes: Uint8Array): ShareTextResult {
  const format = bytes[0] ?? 0;
  if (format !== FORMAT_SHAMIR_V1 && format !== FORMAT_RAW_KEY_V1) {
    const hex = `0x${format.toString(16).padStart(2, '0')}`;
    return { ok: false, problem: 'format', message: `unknown share text format ${hex}; this version of Symbolon reads format 0x10 and 0x11` };
  }
  const rawKey = format === FORMAT_RAW_KEY_V1;
  const index = bytes[6] ?? 0;
  if (index === 0) return { ok: false, problem: 'format', message: 'this share text names custodian 0; custodians are numbered from 1' };
  if (rawKey && bytes[PAYLOAD_BYTES - 1] !== 0) return { ok: false, problem: 'format', message: 'this raw-key share text does not end in its zero pad byte' };
  const share = copySecret(bytes.subarray(SHARE_OFFSET, rawKey ? SHARE_OFFSET + RAW_KEY_BYTES : PAYLOAD_BYTES));
  const generation = ((bytes[4] ?? 0) << 8) | (bytes[5] ?? 0);
  return { ok: true, payload: { keyringTag: bytes.slice(1, 1 + TAG_BYTES), generation, index, share, rawKey } };
}

/** Normalized characters (code points) in groups of 5 by position, separators dropped. */
function splitGroups(input: string): string[][] {
  const chars = Array.from(input).filter((c) => !isSeparator(c)).map(normalizeSymbol);
  const groups: string[][] = [];
  for (let at = 0; at < chars.length; at += GROUP_CHARS) groups.push(chars.slice(at, at + GROUP_CHARS));
  return groups;
}

function groupStatus(chars: readonly string[]): GroupStatus {
  if (chars.some((c) => symbolValue(c) < 0)) return 'invalid-character';
  if (chars.length < GROUP_CHARS) return 'incomplete';
  return groupChecks(chars) ? 'ok' : 'typo';
}

/** A full group whose four data symbols match its check symbol. */
function groupChecks(chars: readonly string[]): boolean {
  const value = dataValue(chars.slice(0, GROUP_SYMBOLS));
  return chars.length === GROUP_CHARS && value >= 0 && symbolValue(chars[GROUP_SYMBOLS] ?? '') === value % CHECK_MODULUS;
}

/** The 20-bit value of four data symbols, or -1 if one is a check-only symbol (32..36). */
function dataValue(symbols: readonly string[]): number {
  let value = 0;
  for (const s of symbols) {
    const v = symbolValue(s);
    if (v < 0 || v > 31) return -1;
    value = value * 32 + v;
  }
  return value;
}

function groupNumbers(groups: readonly string[][], bad: (chars: readonly string[]) => boolean): number[] {
  return groups.flatMap((chars, g) => (bad(chars) ? [g + 1] : []));
}

/** When the text was typed with dashes between groups, name the groups of the wrong size. */
function dashHint(input: string): string {
  if (!input.includes('-')) return '';
  const tokens = input.split(/[-\s]+/).filter((t) => t !== '').map((t) => Array.from(t).length);
  if (!tokens.every((n) => n >= GROUP_CHARS - 2 && n <= GROUP_CHARS + 2)) return '';
  const odd = tokens.flatMap((n, g) => (n === GROUP_CHARS ? [] : [`group ${g + 1} has ${n} characters`]));
  return odd.length > 0 && odd.length <= 3 ? ` (${listWords(odd)})` : '';
}

function listWords(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}
