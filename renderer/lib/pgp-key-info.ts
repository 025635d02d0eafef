/**
 * Describes a custodian's PGP public key in the browser (fingerprint, user id, expiry, whether it
 * can encrypt) so the room can compare the fingerprint with the custodian's own before any share
 * is encrypted to it. openpgp's lightweight build is loaded lazily, only when a key is given, so
 * ceremonies without PGP do not pay for it. The server checks the key again (API.md sys/init).
 */

export interface PgpKeyInfo {
  fingerprint: string;
  userIds: string[];
  /** ISO date, 'never', or '' when unknown. */
  expires: string;
  /** '' when the key can encrypt now, else why not (expired, revoked, no encryption subkey). */
  problem: string;
}

/** Upper-case hex in groups of four, the way GnuPG prints fingerprints for reading aloud. */
export function groupFingerprint(hex: string): string {
  return hex.toUpperCase().replace(/(.{4})(?=.)/g, '$1 ');
}

/** A binary key file becomes base64 (Vault's form); an armored one stays text. */
export function keyTextFromFile(bytes: Uint8Array): string {
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.slice(0, 64));
  if (head.includes('-----BEGIN PGP')) return new TextDecoder().decode(bytes);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

export async function describePgpKey(text: string): Promise<PgpKeyInfo> {
  if (typeof text !== 'string' || text.trim() === '') throw new TypeError('PGP key text must be a non-empty string');
  const openpgp = await import('openpgp/lightweight');
  const trimmed = text.trim();
  const key = trimmed.includes('-----BEGIN PGP')
    ? await openpgp.readKey({ armoredKey: trimmed })
    : await openpgp.readKey({ binaryKey: Uint8Array.from(atob(trimmed.replace(/\s+/g, '')), (c) => c.charCodeAt(0)) });
  if (key.isPrivate()) throw new TypeError('This is a private key. Give the custodian’s public key only.');
  const expiry = await key.getExpirationTime().catch(() => null);
  let problem = '';
  if (await key.isRevoked().catch(() => false)) problem = 'This key is revoked.';
  else if (expiry instanceof Date && expiry.getTime() <= Date.now()) problem = `This key expired on ${expiry.toISOString().slice(0, 10)}.`;
  else {
    try {
      await key.getEncryptionKey();
    } catch {
      problem = 'This key has no usable encryption subkey.';
    }
  }
  return {
    fingerprint: key.getFingerprint(),
    userIds: key.getUserIDs(),
    expires: expiry instanceof Date ? expiry.toISOString().slice(0, 10) : expiry === Infinity ? 'never' : '',
    problem,
  };
}
