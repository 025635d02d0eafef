/**
 * Encrypts a share (or a root token) to one custodian: an OpenPGP message (RFC 9580 §10.3)
 * holding one public-key encrypted session key to the key's valid encryption subkey, then the
 * encrypted data (SEIPD v1 with MDC for v4 keys — what GnuPG 2.2/2.4 read — or v2 when the key
 * asks for it), unsigned and uncompressed. This mirrors Vault's helper/pgpkeys EncryptShares:
 * one message per share, binary literal data with no file name and a zero date, so nothing but
 * the text itself travels. The caller chooses the text; Vault encrypts each share's hex string.
 *
 * `binary` is the raw message: Vault's `keys` is its hex, `keys_base64` its base64, and a
 * custodian reads it with `echo <keys_base64> | base64 -d | gpg -dq`. `armored` is the same
 * message (same bytes) in ASCII armor, for the `.asc` share file.
 */
import { loadOpenpgp } from './load-openpgp.js';
import type { CustodianKey } from './public-key.js';

/** A share is ~70 characters and a token ~100; anything near this is a caller's mistake. */
export const MAX_PLAINTEXT_CHARS = 64 * 1024;

export interface EncryptedForCustodian {
  armored: string;
  binary: Uint8Array;
}

export async function encryptForCustodian(key: CustodianKey, plaintext: string): Promise<EncryptedForCustodian> {
  const openpgp = await loadOpenpgp();
  if (typeof key !== 'object' || key === null || !(key.key instanceof openpgp.PublicKey)) {
    throw new TypeError('key must be a CustodianKey from readCustodianKey');
  }
  if (key.key.isPrivate()) throw new TypeError('key must be a public key');
  if (typeof plaintext !== 'string') throw new TypeError('plaintext must be a string');
  if (plaintext.length === 0) throw new RangeError('plaintext is empty');
  if (plaintext.length > MAX_PLAINTEXT_CHARS) throw new RangeError(`plaintext is longer than ${MAX_PLAINTEXT_CHARS} characters`);

  // Binary literal data (format 'b'), not text: the bytes a custodian gets from `gpg -d` are
  // exactly the UTF-8 of the string, with no line-ending canonicalisation.
  const message = await openpgp.createMessage({
    binary: new TextEncoder().encode(plaintext),
    format: 'binary',
    filename: '',
    date: new Date(0),
  });
  const encrypted = await openpgp.encrypt({ message, encryptionKeys: key.key, format: 'object' });
  return { armored: encrypted.armor(), binary: encrypted.write() };
}
