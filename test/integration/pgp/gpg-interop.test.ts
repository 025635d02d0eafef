// Custodian keys made by real GnuPG are read, and shares encrypted to them decrypt with
// `gpg --decrypt` to exactly the text that was encrypted (API.md pgp_keys; issue 3, PGP).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptForCustodian, readCustodianKey, readCustodianKeys } from '../../../electron/core/pgp/index.js';
import { GnuPG } from './gnupg.js';

const SHARE_HEX = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9012'; // 66 hex chars, like a share

describe('custodian keys made by gpg', () => {
  let gpg: GnuPG;
  let rsa4096: string; // RSA-4096 certify/sign primary + RSA-4096 encryption subkey: the common custodian key
  let rsa2048: string; // one RSA-2048 key that both certifies and encrypts
  let curve25519: string; // Ed25519 primary + Cv25519 encryption subkey
  let expiring: string; // Ed25519 + Cv25519, expiring in 2 years

  beforeAll(() => {
    gpg = new GnuPG();
    rsa4096 = gpg.generate('Ada Rsa <ada@example.org>', 'rsa4096', 'sign,cert');
    gpg.addSubkey(rsa4096, 'rsa4096', 'encr');
    rsa2048 = gpg.generate('Ben Rsa <ben@example.org>', 'rsa2048', 'cert,encr');
    curve25519 = gpg.generate('Cy Curve <cy@example.org>', 'ed25519', 'sign');
    gpg.addSubkey(curve25519, 'cv25519', 'encr');
    expiring = gpg.generate('Di Later <di@example.org>', 'ed25519', 'sign', '2y');
    gpg.addSubkey(expiring, 'cv25519', 'encr', '1y');
  });
  afterAll(() => gpg?.dispose());

  const cases = [
    { name: 'RSA-4096 with an encryption subkey', key: () => rsa4096, algorithm: 'rsa4096', userId: 'Ada Rsa <ada@example.org>' },
    { name: 'RSA-2048 that encrypts with its primary key', key: () => rsa2048, algorithm: 'rsa2048', userId: 'Ben Rsa <ben@example.org>' },
    { name: 'Ed25519 with a Cv25519 subkey', key: () => curve25519, algorithm: 'curve25519', userId: 'Cy Curve <cy@example.org>' },
  ];

  for (const { name, key, algorithm, userId } of cases) {
    it(`${name}: Vault's base64 form round-trips through gpg --decrypt`, async () => {
      const fingerprint = key();
      const custodian = await readCustodianKey(gpg.exportBase64(fingerprint), 1);
      expect(custodian.fingerprint).toBe(fingerprint.toLowerCase());
      expect(custodian.fingerprint).toMatch(/^[0-9a-f]{40}$/);
      expect(custodian.userIds).toEqual([userId]);
      expect(custodian.algorithm).toBe(algorithm);
      expect(custodian.expires).toBeNull();

      const { armored, binary } = await encryptForCustodian(custodian, SHARE_HEX);
      expect(gpg.decrypt(binary).toString('utf8')).toBe(SHARE_HEX);
      expect(gpg.decrypt(armored).toString('utf8')).toBe(SHARE_HEX);
      expect(armored).toMatch(/^-----BEGIN PGP MESSAGE-----\n/);
    });

    it(`${name}: the armored form gives the same key`, async () => {
      const fingerprint = key();
      const fromArmor = await readCustodianKey(gpg.exportArmored(fingerprint), 1);
      expect(fromArmor.fingerprint).toBe(fingerprint.toLowerCase());
      const { binary } = await encryptForCustodian(fromArmor, 'any text — with ünïcödé\nand two lines\r\n');
      expect(gpg.decrypt(binary).toString('utf8')).toBe('any text — with ünïcödé\nand two lines\r\n');
    });
  }

  it('a share in keys_base64 decrypts with the command custodians are told to use', async () => {
    const custodian = await readCustodianKey(gpg.exportBase64(curve25519), 1);
    const { binary } = await encryptForCustodian(custodian, SHARE_HEX);
    expect(gpg.decryptVaultBase64(Buffer.from(binary).toString('base64')).toString('utf8')).toBe(SHARE_HEX);
  });

  it('the armored and binary outputs are the same message', async () => {
    const custodian = await readCustodianKey(gpg.exportBase64(rsa2048), 1);
    const { armored, binary } = await encryptForCustodian(custodian, SHARE_HEX);
    const body = armored.split('\n').filter((line) => /^[A-Za-z0-9+/]+={0,2}$/.test(line) && !line.startsWith('=')).join('');
    expect(Buffer.from(body, 'base64').equals(Buffer.from(binary))).toBe(true);
  });

  it('the message is shaped like Vault\'s: one session key to the encryption subkey, no signature, no compression, bare literal', async () => {
    const custodian = await readCustodianKey(gpg.exportBase64(rsa4096), 1);
    const { binary } = await encryptForCustodian(custodian, SHARE_HEX);
    const packets = gpg.run(['--batch', '--list-packets'], binary).toString('utf8');
    const tags = [...packets.matchAll(/^# off=\d+ ctb=[0-9a-f]+ tag=(\d+)/gm)].map((match) => Number(match[1]));
    expect(tags).toEqual([1, 18, 11]); // PKESK, SEIPD (v1, with MDC: gpg 2.2 reads it), literal data
    const listing = gpg.run(['--with-colons', '--list-keys', rsa4096]).toString('utf8');
    const subkeyId = listing.split('\n').find((row) => row.startsWith('sub:'))?.split(':')[4];
    expect(packets).toContain(`:pubkey enc packet: version 3, algo 1, keyid ${subkeyId}`);
    expect(packets).toContain('mode b (62), created 0, name=""');
  });

  it('each encryption is fresh: the same share encrypts to different messages', async () => {
    const custodian = await readCustodianKey(gpg.exportBase64(curve25519), 1);
    const first = await encryptForCustodian(custodian, SHARE_HEX);
    const second = await encryptForCustodian(custodian, SHARE_HEX);
    expect(Buffer.from(first.binary).equals(Buffer.from(second.binary))).toBe(false);
  });

  it('accepts armor pasted with CRLF, indentation and surrounding blank lines', async () => {
    const pasted = `\r\n\r\n  ${gpg.exportArmored(curve25519).split('\n').map((line) => `    ${line}`).join('\r\n')}  \r\n\r\n`;
    const custodian = await readCustodianKey(pasted, 3);
    expect(custodian.fingerprint).toBe(curve25519.toLowerCase());
  });

  it('accepts base64 wrapped at 76 columns, as plain `base64` prints it', async () => {
    const wrapped = gpg.exportBase64(rsa2048).replace(/(.{76})/g, '$1\n');
    const custodian = await readCustodianKey(`${wrapped}\n`, 1);
    expect(custodian.fingerprint).toBe(rsa2048.toLowerCase());
  });

  it('reports when an expiring key stops being usable: the earlier of key and subkey expiry', async () => {
    const custodian = await readCustodianKey(gpg.exportBase64(expiring), 1);
    const listing = gpg.run(['--with-colons', '--list-keys', expiring]).toString('utf8');
    const subkeyExpiry = Number(listing.split('\n').find((row) => row.startsWith('sub:'))?.split(':')[6]);
    expect(custodian.expires).toBe(new Date(subkeyExpiry * 1000).toISOString().replace('.000Z', 'Z'));
    const { binary } = await encryptForCustodian(custodian, SHARE_HEX);
    expect(gpg.decrypt(binary).toString('utf8')).toBe(SHARE_HEX);
  });

  it('reads a list of mixed forms in order, with fingerprints as Vault reports them', async () => {
    const keys = await readCustodianKeys(
      [gpg.exportBase64(rsa4096), gpg.exportArmored(rsa2048), gpg.exportBase64(curve25519)], 3);
    expect(keys.map((key) => key.fingerprint)).toEqual([rsa4096, rsa2048, curve25519].map((fpr) => fpr.toLowerCase()));
    const encrypted = await Promise.all(keys.map((key, index) => encryptForCustodian(key, `${SHARE_HEX}${index}`)));
    encrypted.forEach(({ binary }, index) => expect(gpg.decrypt(binary).toString('utf8')).toBe(`${SHARE_HEX}${index}`));
  });
});
