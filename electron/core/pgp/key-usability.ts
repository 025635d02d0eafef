/**
 * Can a share be encrypted to this public key at `now`, and if not, why? Implements the validity
 * rules of RFC 9580 §5.2.3 / §10.1 as openpgp.js applies them (primary key not revoked, not
 * expired, with a valid self-signature; an encryption-capable subkey — or primary key — that is
 * bound, unrevoked, unexpired and strong enough). openpgp.js decides; this file only turns its
 * refusal into a reason a custodian can act on ("key expired on …", "encryption subkey revoked").
 */
import * as openpgp from 'openpgp';
import { describeAlgorithm, rfc3339 } from './describe.js';
import { KeyRejection } from './key-rejection.js';

export interface UsableKey {
  /** The subkey (or primary key) openpgp.js will encrypt to. */
  encryptionKey: openpgp.Key | openpgp.Subkey;
  /** When encryption to this key stops being possible: the earlier of primary and subkey expiry. */
  expires: Date | null;
}

const ENCRYPTION_FLAGS = openpgp.enums.keyFlags.encryptCommunication | openpgp.enums.keyFlags.encryptStorage;
const ENCRYPTION_ALGORITHMS: ReadonlySet<number> = new Set([
  openpgp.enums.publicKey.rsaEncryptSign, openpgp.enums.publicKey.rsaEncrypt, openpgp.enums.publicKey.elgamal,
  openpgp.enums.publicKey.ecdh, openpgp.enums.publicKey.x25519, openpgp.enums.publicKey.x448,
]);
const REVOCATION_REASONS: Readonly<Record<number, string>> = {
  [openpgp.enums.reasonForRevocation.keySuperseded]: 'superseded',
  [openpgp.enums.reasonForRevocation.keyCompromised]: 'compromised',
  [openpgp.enums.reasonForRevocation.keyRetired]: 'retired',
};

export async function checkUsable(key: openpgp.PublicKey, now: Date): Promise<UsableKey> {
  const reject = (reason: string): KeyRejection => new KeyRejection(reason, key.getFingerprint());
  const created = key.getCreationTime();
  if (created > now) {
    throw reject(`key is dated in the future (created ${rfc3339(created)}); check this computer's clock`);
  }
  if (await key.isRevoked(undefined, undefined, now)) throw reject(`key revoked${revocationReason(key.revocationSignatures)}`);
  try {
    await key.verifyPrimaryKey(now);
  } catch (error) {
    if (messageOf(error).includes('expired')) {
      const expiry = await key.getExpirationTime();
      throw reject(expiry instanceof Date ? `key expired on ${rfc3339(expiry)}` : 'key expired');
    }
    throw reject('key has no valid self-signature (is it damaged, or a user id revoked?)');
  }
  let encryptionKey: openpgp.Key | openpgp.Subkey;
  try {
    encryptionKey = await key.getEncryptionKey(undefined, now);
  } catch (error) {
    throw reject(await whyNoEncryptionKey(key, now, messageOf(error)));
  }
  return { encryptionKey, expires: await effectiveExpiry(key, encryptionKey, now) };
}

/** Called only after openpgp.js found no encryption key; looks at the candidates to say why. */
async function whyNoEncryptionKey(key: openpgp.PublicKey, now: Date, openpgpMessage: string): Promise<string> {
  const candidates = key.subkeys.filter((subkey) => canEncrypt(subkey.keyPacket.algorithm, subkey.bindingSignatures));
  if (candidates.length === 0 && !canEncrypt(key.keyPacket.algorithm, key.users.flatMap((user) => user.selfCertifications))) {
    return 'no encryption subkey: the key can only sign and certify (add one with: gpg --quick-add-key FPR cv25519 encr)';
  }
  const expiries: Date[] = [];
  let revoked = 0;
  for (const subkey of candidates) {
    try {
      await subkey.verify(now);
    } catch (error) {
      if (messageOf(error).includes('revoked')) revoked += 1;
      else if (messageOf(error).includes('expired')) {
        const expiry = await subkey.getExpirationTime(now);
        if (expiry instanceof Date) expiries.push(expiry);
      }
    }
  }
  if (expiries.length > 0) {
    const latest = new Date(Math.max(...expiries.map((date) => date.getTime())));
    return `encryption subkey expired on ${rfc3339(latest)}`;
  }
  if (revoked > 0) return 'encryption subkey revoked';
  if (/too weak|disabled/.test(openpgpMessage)) {
    const weakest = candidates[0] ?? key;
    return `encryption key algorithm ${describeAlgorithm(weakest.getAlgorithmInfo())} is too weak or not supported`;
  }
  return 'no usable encryption subkey';
}

function canEncrypt(algorithm: number, signatures: openpgp.SignaturePacket[]): boolean {
  if (!ENCRYPTION_ALGORITHMS.has(algorithm)) return false;
  const latest = signatures.reduce<openpgp.SignaturePacket | null>(
    (newest, signature) => (newest === null || (signature.created ?? 0) > (newest.created ?? 0) ? signature : newest), null);
  const flags = latest?.keyFlags?.[0];
  return flags === undefined || (flags & ENCRYPTION_FLAGS) !== 0;
}

async function effectiveExpiry(key: openpgp.PublicKey, encryptionKey: openpgp.Key | openpgp.Subkey, now: Date): Promise<Date | null> {
  const limits = [await key.getExpirationTime()];
  if (encryptionKey !== key) limits.push(await (encryptionKey as openpgp.Subkey).getExpirationTime(now));
  const dates = limits.filter((limit): limit is Date => limit instanceof Date);
  return dates.length === 0 ? null : new Date(Math.min(...dates.map((date) => date.getTime())));
}

function revocationReason(signatures: openpgp.SignaturePacket[]): string {
  const flag = signatures.find((signature) => signature.reasonForRevocationFlag !== null)?.reasonForRevocationFlag;
  const reason = flag === undefined || flag === null ? undefined : REVOCATION_REASONS[flag];
  return reason === undefined ? '' : ` (${reason})`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
