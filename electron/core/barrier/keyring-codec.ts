/**
 * The keyring's stored form. Format 2 is binary so that keys never become strings:
 *   [format: u8 = 2][active term: u32 BE][max operations: f64 BE][interval seconds: f64 BE]
 *   [rotation enabled: u8][term count: u32 BE] then per term
 *   [term: u32 BE][key: 32 bytes][encryptions: f64 BE][install time length: u16 BE][install time: UTF-8]
 * A JavaScript string cannot be wiped, so a base64 or JSON form of a key would stay in the heap
 * until the GC reuses its memory; a Buffer is zeroed the moment it is no longer needed.
 * Format 1 (JSON with base64 keys) is still read, so files written before stay readable; the
 * barrier rewrites such a keyring in format 2 at its first unseal (see Barrier.unseal).
 */
import { KEY_BYTES } from '../crypto/aes-gcm.js';
import { copyToSecretBuffer, secretBuffer } from '../crypto/secret-buffer.js';

export const KEYRING_FORMAT = 2;
/** Format 1 was JSON: its first byte is always '{'. */
const LEGACY_JSON_FIRST_BYTE = 0x7b;

export interface DecodedTerm {
  readonly term: number;
  readonly key: Buffer;
  readonly installTime: string;
  readonly encryptions: number;
}

export interface DecodedKeyring {
  readonly activeTerm: number;
  readonly terms: readonly DecodedTerm[];
  readonly rotation: { maxOperations: number; intervalSeconds: number; enabled: boolean };
}

interface LegacyKeyring {
  version: 1;
  activeTerm: number;
  terms: { term: number; key: string; installTime: string; encryptions: number }[];
  rotation: { maxOperations: number; intervalSeconds: number; enabled: boolean };
}

export function isLegacyKeyring(bytes: Uint8Array): boolean {
  return bytes[0] === LEGACY_JSON_FIRST_BYTE;
}

/** The caller owns the returned Buffer and must wipe it once it is encrypted. */
export function encodeKeyring(keyring: DecodedKeyring): Buffer {
  const times = keyring.terms.map((t) => Buffer.from(t.installTime, 'utf8'));
  const size = 1 + 4 + 8 + 8 + 1 + 4 + times.reduce((sum, time) => sum + 4 + KEY_BYTES + 8 + 2 + time.length, 0);
  const out = secretBuffer(size);
  let at = out.writeUInt8(KEYRING_FORMAT, 0);
  at = out.writeUInt32BE(keyring.activeTerm, at);
  at = out.writeDoubleBE(keyring.rotation.maxOperations, at);
  at = out.writeDoubleBE(keyring.rotation.intervalSeconds, at);
  at = out.writeUInt8(keyring.rotation.enabled ? 1 : 0, at);
  at = out.writeUInt32BE(keyring.terms.length, at);
  for (const [i, t] of keyring.terms.entries()) {
    if (t.key.length !== KEY_BYTES) throw new RangeError(`term ${t.term} key is not ${KEY_BYTES} bytes`);
    const time = times[i] ?? Buffer.alloc(0);
    at = out.writeUInt32BE(t.term, at);
    at += t.key.copy(out, at);
    at = out.writeDoubleBE(t.encryptions, at);
    at = out.writeUInt16BE(time.length, at);
    at += time.copy(out, at);
  }
  return out;
}

/** Reads format 2, or format 1 (legacy JSON). Keys are fresh Buffers the caller owns. */
export function decodeKeyring(bytes: Uint8Array): DecodedKeyring {
  if (isLegacyKeyring(bytes)) return decodeLegacy(bytes);
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (buf.length < 1 || buf.readUInt8(0) !== KEYRING_FORMAT) throw new Error(`unknown keyring format version ${String(buf[0])}`);
  const terms: DecodedTerm[] = [];
  // Every key copied so far, so a malformed record leaves no key behind.
  const keys: Buffer[] = [];
  try {
    let at = 1;
    const activeTerm = buf.readUInt32BE(at);
    const maxOperations = buf.readDoubleBE((at += 4));
    const intervalSeconds = buf.readDoubleBE((at += 8));
    const enabled = buf.readUInt8((at += 8)) === 1;
    const count = buf.readUInt32BE((at += 1));
    at += 4;
    for (let i = 0; i < count; i++) {
      const term = buf.readUInt32BE(at);
      at += 4;
      if (at + KEY_BYTES > buf.length) throw new RangeError('keyring is truncated');
      const key = secretBuffer(KEY_BYTES);
      keys.push(key);
      at += buf.copy(key, 0, at, at + KEY_BYTES);
      const encryptions = buf.readDoubleBE(at);
      const length = buf.readUInt16BE((at += 8));
      at += 2;
      if (at + length > buf.length) throw new RangeError('keyring is truncated');
      const installTime = buf.toString('utf8', at, (at += length));
      terms.push({ term, key, installTime, encryptions });
    }
    if (at !== buf.length) throw new RangeError('keyring has trailing bytes');
    return { activeTerm, terms, rotation: { maxOperations, intervalSeconds, enabled } };
  } catch (error) {
    for (const key of keys) key.fill(0);
    throw error instanceof RangeError ? new Error(`keyring record is malformed: ${error.message}`) : error;
  }
}

/** Format 1. Its base64 strings end up in the heap once; the barrier migrates the record right away. */
function decodeLegacy(bytes: Uint8Array): DecodedKeyring {
  const stored = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8')) as LegacyKeyring;
  if (stored.version !== 1) throw new Error(`unknown keyring format version ${String(stored.version)}`);
  const terms = stored.terms.map((t) => ({ term: t.term, key: keyFromBase64(t.key), installTime: t.installTime, encryptions: t.encryptions }));
  return { activeTerm: stored.activeTerm, terms, rotation: { ...stored.rotation } };
}

function keyFromBase64(text: string): Buffer {
  const decoded = Buffer.from(text, 'base64');
  const key = copyToSecretBuffer(decoded);
  decoded.fill(0);
  return key;
}
