// Unusable custodian keys are refused with a message naming the key number and the reason
// (API.md: "keys must parse and have a usable (unexpired, unrevoked) encryption subkey").
// Keys are made by real GnuPG; expiry is tested by reading at a later `now`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgpKeyError, readCustodianKey, readCustodianKeys } from '../../../electron/core/pgp/index.js';
import { GnuPG } from './gnupg.js';

const DAY_MS = 24 * 60 * 60 * 1000;

async function rejection(input: string, keyNumber = 1, now?: Date): Promise<PgpKeyError> {
  const error: unknown = await readCustodianKey(input, keyNumber, now).then(() => null, (thrown: unknown) => thrown);
  if (!(error instanceof PgpKeyError)) throw new Error(`expected a PgpKeyError, got ${String(error)}`);
  return error;
}

describe('unusable custodian keys', () => {
  let gpg: GnuPG;
  let good: string;
  let signOnly: string;
  let expiresSoon: string;
  let subkeyExpiresSoon: string;
  let revoked: string;
  let subkeyRevoked: string;
  let weak: string;

  beforeAll(() => {
    gpg = new GnuPG();
    good = gpg.generate('Good <good@example.org>', 'ed25519', 'sign');
    gpg.addSubkey(good, 'cv25519', 'encr');
    signOnly = gpg.generate('Signer <signer@example.org>', 'ed25519', 'sign');
    expiresSoon = gpg.generate('Soon <soon@example.org>', 'ed25519', 'sign', '1d');
    gpg.addSubkey(expiresSoon, 'cv25519', 'encr', '1d');
    subkeyExpiresSoon = gpg.generate('Sub Soon <subsoon@example.org>', 'ed25519', 'sign', 'never');
    gpg.addSubkey(subkeyExpiresSoon, 'cv25519', 'encr', '1d');
    revoked = gpg.generate('Revoked <revoked@example.org>', 'ed25519', 'sign');
    gpg.addSubkey(revoked, 'cv25519', 'encr');
    gpg.revokeWithStoredCertificate(revoked);
    subkeyRevoked = gpg.generate('Sub Revoked <subrevoked@example.org>', 'ed25519', 'sign');
    gpg.addSubkey(subkeyRevoked, 'cv25519', 'encr');
    gpg.revokeSubkey(subkeyRevoked, 1);
    weak = gpg.generate('Weak <weak@example.org>', 'rsa1024', 'cert,encr');
  });
  afterAll(() => gpg?.dispose());

  it('refuses a key that can only sign', async () => {
    const error = await rejection(gpg.exportBase64(signOnly), 2);
    expect(error.keyNumber).toBe(2);
    expect(error.fingerprint).toBe(signOnly.toLowerCase());
    expect(error.message).toBe(`pgp key 2 (fingerprint ${signOnly.toLowerCase()}): no encryption subkey: ` +
      'the key can only sign and certify (add one with: gpg --quick-add-key FPR cv25519 encr)');
  });

  it('refuses an expired key and says when it expired', async () => {
    await expect(readCustodianKey(gpg.exportBase64(expiresSoon), 1)).resolves.toBeDefined();
    const error = await rejection(gpg.exportBase64(expiresSoon), 4, new Date(Date.now() + 2 * DAY_MS));
    expect(error.reason).toMatch(/^key expired on \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(error.message).toContain(`pgp key 4 (fingerprint ${expiresSoon.toLowerCase()}): key expired on `);
    const expiredOn = Date.parse(error.reason.replace('key expired on ', ''));
    expect(Math.abs(expiredOn - (Date.now() + DAY_MS))).toBeLessThan(60_000);
  });

  it('refuses a key whose only encryption subkey has expired', async () => {
    const error = await rejection(gpg.exportArmored(subkeyExpiresSoon), 1, new Date(Date.now() + 2 * DAY_MS));
    expect(error.reason).toMatch(/^encryption subkey expired on \d{4}-\d{2}-\d{2}T/);
  });

  it('refuses a key revoked with its gpg revocation certificate', async () => {
    const error = await rejection(gpg.exportBase64(revoked), 5);
    expect(error.message).toBe(`pgp key 5 (fingerprint ${revoked.toLowerCase()}): key revoked`);
  });

  it('refuses a key whose encryption subkey is revoked', async () => {
    const error = await rejection(gpg.exportArmored(subkeyRevoked));
    expect(error.reason).toBe('encryption subkey revoked');
  });

  it('refuses an RSA-1024 key as too weak', async () => {
    const error = await rejection(gpg.exportBase64(weak));
    expect(error.reason).toBe('encryption key algorithm rsa1024 is too weak or not supported');
  });

  it('refuses a key dated after `now` (a wrong clock) instead of calling it invalid', async () => {
    const error = await rejection(gpg.exportBase64(good), 1, new Date(Date.now() - 365 * DAY_MS));
    expect(error.reason).toMatch(/^key is dated in the future \(created .*\); check this computer's clock$/);
  });

  it('refuses a private key in either form and never repeats it', async () => {
    for (const secret of [gpg.exportSecretArmored(good), gpg.exportSecretBase64(good)]) {
      const error = await rejection(secret, 3);
      expect(error.reason).toMatch(/^this is a private key; give the custodian's public key instead/);
      const secretBody = secret.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
      for (let start = 0; start + 16 <= secretBody.length; start += 16) {
        expect(error.message).not.toContain(secretBody.slice(start, start + 16));
      }
    }
  });

  it('refuses a text holding two keys', async () => {
    const both = gpg.run(['--export', good, signOnly]).toString('base64');
    expect((await rejection(both)).reason).toBe('the text holds 2 keys; give exactly one custodian key per entry');
  });

  it('refuses garbage, empty text and oversized text', async () => {
    expect((await rejection('not base64 at all!')).reason).toMatch(/^not an ASCII-armored public key and not base64/);
    expect((await rejection(Buffer.from('hello, custodian').toString('base64'))).reason).toMatch(/^not a valid OpenPGP public key \(/);
    const truncated = gpg.exportArmored(good).replace(/\n[A-Za-z0-9+/]{20,}\n/, '\nAAAA\n');
    expect((await rejection(truncated)).reason).toMatch(/^not a valid OpenPGP public key/);
    expect((await rejection('')).reason).toBe('key is empty');
    expect((await rejection(' \r\n\t')).reason).toBe('key is empty');
    expect((await rejection('A'.repeat(70_000))).reason).toBe('key text is 70000 characters, more than the 65536 allowed');
  });

  it('refuses an armored block that is not a public key', async () => {
    const message = gpg.run(['--armor', '--batch', '--trust-model', 'always', '--encrypt', '-r', good], 'hi').toString('utf8');
    expect((await rejection(message)).reason).toBe('the armored block is a "PGP MESSAGE", not a "PGP PUBLIC KEY BLOCK"');
  });

  it('checks the list: an array of strings, the right count, at most 255', async () => {
    const key = gpg.exportBase64(good);
    await expect(readCustodianKeys('not an array', null)).rejects.toThrow(new TypeError('pgp_keys must be an array of strings'));
    await expect(readCustodianKeys([key, 42], 2)).rejects.toThrow(new TypeError('pgp key 2 must be a string'));
    await expect(readCustodianKeys([key], 2)).rejects.toThrow(new RangeError('expected 2 PGP keys (one per share), got 1'));
    await expect(readCustodianKeys(new Array<string>(256).fill(key), null)).rejects.toThrow(RangeError);
    const second = await readCustodianKeys([key, ''], 2).catch((thrown: unknown) => thrown);
    expect(second).toBeInstanceOf(PgpKeyError);
    expect((second as PgpKeyError).message).toBe('pgp key 2: key is empty');
    const third = await readCustodianKeys([key, key, gpg.exportBase64(signOnly)], null).catch((thrown: unknown) => thrown);
    expect((third as PgpKeyError).keyNumber).toBe(3);
    await expect(readCustodianKeys([key, key], 2)).resolves.toHaveLength(2);
  });

  it('checks its own arguments', async () => {
    const key = gpg.exportBase64(good);
    await expect(readCustodianKey(key, 0)).rejects.toThrow(RangeError);
    await expect(readCustodianKey(42 as unknown as string, 1)).rejects.toThrow(TypeError);
    await expect(readCustodianKey(key, 1, new Date(Number.NaN))).rejects.toThrow(TypeError);
  });
});
