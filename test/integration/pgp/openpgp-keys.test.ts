// Keys made with openpgp.js (what UI tests generate on the fly) work as custodian keys, and what
// we encrypt to them decrypts both with openpgp.js and with real GnuPG.
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptForCustodian, PgpKeyError, readCustodianKey } from '../../../electron/core/pgp/index.js';
import { GnuPG } from './gnupg.js';

const SHARE_HEX = '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0aa';

async function decryptWithOpenpgp(binary: Uint8Array, privateKey: openpgp.PrivateKey): Promise<string> {
  const message = await openpgp.readMessage({ binaryMessage: binary });
  const { data } = await openpgp.decrypt({ message, decryptionKeys: privateKey, format: 'binary' });
  return new TextDecoder().decode(data);
}

describe('custodian keys made by openpgp.js', () => {
  let gpg: GnuPG;
  let pair: Awaited<ReturnType<typeof generate>>;

  // type 'curve25519' makes RFC 9580 Ed25519/X25519 keys (algorithms 27/25), which GnuPG 2.2 and
  // 2.4 cannot use; type 'ecc' with curve25519Legacy makes the keys gpg itself makes.
  function generate(options: { type: 'curve25519' } | { type: 'ecc'; curve: 'curve25519Legacy' }, config?: openpgp.PartialConfig) {
    return openpgp.generateKey({ ...options, userIDs: [{ name: 'Eve Ui', email: 'eve@example.org' }], format: 'object', config });
  }

  beforeAll(async () => {
    gpg = new GnuPG();
    pair = await generate({ type: 'ecc', curve: 'curve25519Legacy' });
  });
  afterAll(() => gpg?.dispose());

  it('a legacy curve25519 key (as gpg makes) reads from armor and from base64, and gpg decrypts the share', async () => {
    const fromArmor = await readCustodianKey(pair.publicKey.armor(), 1);
    const fromBase64 = await readCustodianKey(Buffer.from(pair.publicKey.write()).toString('base64'), 1);
    expect(fromArmor.fingerprint).toBe(pair.publicKey.getFingerprint());
    expect(fromBase64.fingerprint).toBe(fromArmor.fingerprint);
    expect(fromArmor.algorithm).toBe('curve25519');
    expect(fromArmor.userIds).toEqual(['Eve Ui <eve@example.org>']);

    const { armored, binary } = await encryptForCustodian(fromBase64, SHARE_HEX);
    expect(await decryptWithOpenpgp(binary, pair.privateKey)).toBe(SHARE_HEX);

    gpg.importKey(pair.privateKey.armor());
    expect(gpg.fingerprintOf('eve@example.org').toLowerCase()).toBe(fromArmor.fingerprint);
    expect(gpg.decrypt(binary).toString('utf8')).toBe(SHARE_HEX);
    expect(gpg.decrypt(armored).toString('utf8')).toBe(SHARE_HEX);
  });

  it('an RFC 9580 X25519 key reads and decrypts with openpgp.js', async () => {
    const modern = await generate({ type: 'curve25519' });
    const custodian = await readCustodianKey(Buffer.from(modern.publicKey.write()).toString('base64'), 1);
    expect(custodian.fingerprint).toMatch(/^[0-9a-f]{40}$/);
    expect(custodian.algorithm).toBe('curve25519');
    const { binary } = await encryptForCustodian(custodian, SHARE_HEX);
    expect(await decryptWithOpenpgp(binary, modern.privateKey)).toBe(SHARE_HEX);
  });

  it('a v6 key (RFC 9580) reads with a 64-character fingerprint and decrypts with openpgp.js', async () => {
    const v6 = await generate({ type: 'curve25519' }, { v6Keys: true });
    const custodian = await readCustodianKey(v6.publicKey.armor(), 1);
    expect(custodian.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(custodian.algorithm).toBe('curve25519');
    const { binary } = await encryptForCustodian(custodian, SHARE_HEX);
    expect(await decryptWithOpenpgp(binary, v6.privateKey)).toBe(SHARE_HEX);
  });

  it('refuses a key revoked with openpgp.js', async () => {
    const { publicKey } = await openpgp.revokeKey({ key: pair.privateKey, reasonForRevocation: { flag: openpgp.enums.reasonForRevocation.keyCompromised }, format: 'armored' });
    const error = await readCustodianKey(publicKey, 7).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(PgpKeyError);
    expect((error as PgpKeyError).message).toBe(`pgp key 7 (fingerprint ${pair.publicKey.getFingerprint()}): key revoked (compromised)`);
  });

  it('refuses a private key made by openpgp.js', async () => {
    const error = await readCustodianKey(pair.privateKey.armor(), 1).catch((thrown: unknown) => thrown);
    expect((error as PgpKeyError).reason).toMatch(/^this is a private key/);
  });

  it('checks its own arguments', async () => {
    const custodian = await readCustodianKey(pair.publicKey.armor(), 1);
    await expect(encryptForCustodian(custodian, '')).rejects.toThrow(RangeError);
    await expect(encryptForCustodian(custodian, 42 as unknown as string)).rejects.toThrow(TypeError);
    await expect(encryptForCustodian({ ...custodian, key: pair.privateKey }, SHARE_HEX)).rejects.toThrow(TypeError);
    await expect(encryptForCustodian({} as typeof custodian, SHARE_HEX)).rejects.toThrow(TypeError);
  });
});
