/**
 * Custodian key text → OpenPGP key objects. Two forms are accepted (API.md, `pgp_keys`):
 * - Vault's: standard base64 (RFC 4648 §4) of a binary transferable public key (RFC 9580 §10.1),
 *   as `gpg --export FPR | base64` prints it (line breaks allowed, padding optional);
 * - ASCII armor (RFC 9580 §6.2), as `gpg --armor --export FPR` prints it (CRLF, indentation and
 *   surrounding whitespace allowed: keys arrive pasted from mail and chat).
 * A private key is refused *before* it is parsed when its armor says so, and right after parsing
 * when it came as binary; the key text itself never appears in any message.
 */
import { Buffer } from 'node:buffer';
import type * as openpgp from 'openpgp';
import { KeyRejection } from './key-rejection.js';
import { loadOpenpgp } from './load-openpgp.js';

/** 64 KiB of text: a 4096-bit key with a handful of user ids and certifications is ~10 KiB. */
export const MAX_KEY_TEXT_CHARS = 64 * 1024;

const ARMOR_BEGIN = /-----BEGIN PGP ([A-Z ,/0-9]+)-----/;
const BASE64_BODY = /^[A-Za-z0-9+/]+={0,2}$/;

/** Parses one key text; throws KeyRejection with a reason a custodian can act on. */
export async function parseKeyText(text: string): Promise<openpgp.Key> {
  if (text.length > MAX_KEY_TEXT_CHARS) {
    throw new KeyRejection(`key text is ${text.length} characters, more than the ${MAX_KEY_TEXT_CHARS} allowed`);
  }
  const trimmed = text.trim();
  if (trimmed === '') throw new KeyRejection('key is empty');
  const keys = ARMOR_BEGIN.test(trimmed) ? await readArmored(trimmed) : await readBase64(trimmed);
  if (keys.length !== 1) {
    throw new KeyRejection(`the text holds ${keys.length} keys; give exactly one custodian key per entry`);
  }
  return keys[0] as openpgp.Key;
}

async function readArmored(text: string): Promise<openpgp.Key[]> {
  const blockType = ARMOR_BEGIN.exec(text)?.[1] ?? '';
  if (blockType.startsWith('PRIVATE KEY BLOCK')) throw privateKeyGiven();
  if (!blockType.startsWith('PUBLIC KEY BLOCK')) {
    throw new KeyRejection(`the armored block is a "PGP ${blockType}", not a "PGP PUBLIC KEY BLOCK"`);
  }
  // Normalise line ends and per-line indentation; armor has no meaningful leading/trailing spaces.
  const normalised = text.split(/\r\n|\r|\n/).map((line) => line.trim()).join('\n');
  return readKeysOrReject({ armoredKeys: normalised });
}

async function readBase64(text: string): Promise<openpgp.Key[]> {
  const body = text.replace(/\s+/g, '');
  if (!BASE64_BODY.test(body) || body.replace(/=+$/, '').length % 4 === 1) {
    throw new KeyRejection('not an ASCII-armored public key and not base64 of a binary public key (gpg --export FPR | base64)');
  }
  return readKeysOrReject({ binaryKeys: new Uint8Array(Buffer.from(body, 'base64')) });
}

async function readKeysOrReject(source: { armoredKeys: string } | { binaryKeys: Uint8Array }): Promise<openpgp.Key[]> {
  const { readKeys } = await loadOpenpgp();
  try {
    // Two calls because readKeys' overloads take either form, not their union.
    return 'armoredKeys' in source ? await readKeys(source) : await readKeys(source);
  } catch (error) {
    // openpgp.js parse errors describe the structure ("Misformed armored text", "No key packet
    // found"), never the content, so they are safe and useful to pass on.
    const detail = error instanceof Error ? error.message.slice(0, 160) : 'unknown error';
    throw new KeyRejection(`not a valid OpenPGP public key (${detail})`);
  }
}

export function privateKeyGiven(): KeyRejection {
  return new KeyRejection(
    'this is a private key; give the custodian\'s public key instead (gpg --armor --export FPR) and keep the private key secret',
  );
}
