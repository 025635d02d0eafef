/**
 * A custodian's PGP key pair made with openpgp.js (Curve25519, fast enough for tests), in the
 * forms the API takes (armored, or base64 of the binary key as Vault's CLI sends it) and the
 * private key to open what the API encrypted to it.
 */
import * as openpgp from 'openpgp';

export interface PgpCustodian {
  name: string;
  publicArmored: string;
  publicBase64: string;
  privateKey: openpgp.PrivateKey;
  fingerprint: string;
}

export async function pgpCustodian(name: string): Promise<PgpCustodian> {
  const { privateKey, publicKey } = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name }], format: 'armored' });
  const pub = await openpgp.readKey({ armoredKey: publicKey });
  return {
    name,
    publicArmored: publicKey,
    publicBase64: Buffer.from(pub.write()).toString('base64'),
    privateKey: await openpgp.readPrivateKey({ armoredKey: privateKey }),
    fingerprint: pub.getFingerprint(),
  };
}
