/**
 * Rekey with PGP-encrypted shares and the backup (API.md, "sys/rekey", "sys/rekey/backup"), through
 * real HTTP; keys made and messages opened with openpgp.js (real GnuPG: gpg-ceremony.test.ts).
 * Each new share is encrypted to its custodian's key, `keys`/`keys_base64` carry the message as
 * Vault's do, the seal record names custodian and fingerprint, the backup appears only with the
 * commit and needs a token, and bad keys are refused at init with the key and the reason.
 */
import Database from 'better-sqlite3';
import * as openpgp from 'openpgp';
import { pgpCustodian } from '../../helpers/pgp-custodian.js';
import type { PgpCustodian } from '../../helpers/pgp-custodian.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, tempDir } from '../../helpers/serve.js';
import { expectError, rekeyStatus, rekeyThrough, sealStatus, sealWith, servedKeyring, startRekey, unsealWith, verifyUpdate } from './rekey-fixture.js';
import type { RekeyBackupData } from '../../../shared/api/rekey.js';


async function decrypt(c: PgpCustodian, message: { binary?: string; hex?: string; armored?: string }): Promise<string> {
  const read = message.armored !== undefined
    ? await openpgp.readMessage({ armoredMessage: message.armored })
    : await openpgp.readMessage({ binaryMessage: Buffer.from(message.binary ?? message.hex ?? '', message.binary !== undefined ? 'base64' : 'hex') });
  const { data } = await openpgp.decrypt({ message: read, decryptionKeys: c.privateKey, format: 'binary' });
  return Buffer.from(data as Uint8Array).toString('utf8');
}

const dir = tempDir('symbolon-rekey-pgp-');
let people: PgpCustodian[];
beforeAll(async () => {
  people = await Promise.all(['Ann', 'Ben', 'Cy'].map(pgpCustodian));
});
afterAll(() => dir.remove());

/** The logical envelope with its data also at the top level, as Vault's sys/rekey/backup answers. */
type BackupBody = RekeyBackupData & { data: RekeyBackupData };

describe('a rekey to PGP keys with backup', () => {
  it('encrypts each share to its custodian, records custodian and fingerprint, and backs up only at the commit', async () => {
    const k = await servedKeyring(dir.dir, 1, 1);
    try {
      expectError(await api(k.server, 'GET', 'sys/rekey/backup'), 403, 'permission denied');
      expectError(await api(k.server, 'GET', 'sys/rekey/backup', { token: k.token }), 400, 'no backed-up keys found', 'NO_BACKUP');

      const [ann, ben, cy] = people as [PgpCustodian, PgpCustodian, PgpCustodian];
      // Vault's base64 form and ASCII armor are both accepted.
      const started = await startRekey(k.server, {
        secret_shares: 3, secret_threshold: 2, backup: true, require_verification: true,
        pgp_keys: [ann.publicBase64, ben.publicArmored, cy.publicBase64], custodians: ['Ann', 'Ben', 'Cy'],
      });
      expect(started.status).toBe(200);
      expect(started.body).toMatchObject({ backup: true, pgp_fingerprints: [ann.fingerprint, ben.fingerprint, cy.fingerprint] });
      expect(ann.fingerprint).toMatch(/^[0-9a-f]{40}$/);
      expect((await api(k.server, 'DELETE', 'sys/rekey/init', { body: { nonce: started.body.nonce } })).status).toBe(204);

      const done = await rekeyThrough(k.server, k.init.keys, {
        secret_shares: 3, secret_threshold: 2, backup: true, require_verification: true,
        pgp_keys: [ann.publicBase64, ben.publicArmored, cy.publicBase64], custodians: ['Ann', 'Ben', 'Cy'],
      });
      expect(done).toMatchObject({ backup: true, pgp_fingerprints: [ann.fingerprint, ben.fingerprint, cy.fingerprint], verification_required: true });
      expect(done.shares.map((s) => [s.custodian, s.fingerprint, s.text])).toEqual([['Ann', ann.fingerprint, null], ['Ben', ben.fingerprint, null], ['Cy', cy.fingerprint, null]]);
      // Each message opens with its own custodian's key only, to the share's hex (as Vault encrypts it).
      const plain = await Promise.all([ann, ben, cy].map((c, i) => decrypt(c, { binary: done.keys_base64[i] })));
      for (const share of plain) expect(share).toMatch(/^[0-9a-f]{66}$/);
      expect(await decrypt(ben, { hex: done.keys[1] })).toBe(plain[1]);
      expect(await decrypt(cy, { armored: done.shares[2]?.pgp_armored ?? '' })).toBe(plain[2]);
      await expect(decrypt(ann, { binary: done.keys_base64[1] })).rejects.toThrow();

      // No backup before the commit.
      expectError(await api(k.server, 'GET', 'sys/rekey/backup', { token: k.token }), 400, 'no backed-up keys found');
      const vn = done.verification_nonce ?? '';
      expect((await verifyUpdate(k.server, plain[0], vn)).status).toBe(200);
      expect((await verifyUpdate(k.server, plain[2], vn)).body).toMatchObject({ complete: true, generation: 2 });

      const backup = await api<BackupBody>(k.server, 'GET', 'sys/rekey/backup', { token: k.token });
      expect(backup.status).toBe(200);
      expect(backup.body.data).toEqual({
        nonce: done.nonce,
        generation: 2,
        keys: { [ann.fingerprint]: [done.keys[0]], [ben.fingerprint]: [done.keys[1]], [cy.fingerprint]: [done.keys[2]] },
        keys_base64: { [ann.fingerprint]: [done.keys_base64[0]], [ben.fingerprint]: [done.keys_base64[1]], [cy.fingerprint]: [done.keys_base64[2]] },
      });
      expect(backup.body.keys).toEqual(backup.body.data.keys);
      expect(backup.body.nonce).toBe(done.nonce);
      expect(await decrypt(ben, { hex: backup.body.keys[ben.fingerprint]?.[0] ?? '' })).toBe(plain[1]);

      // The seal record names each new share's custodian and PGP fingerprint.
      const db = new Database(k.server.dataPath, { readonly: true });
      try {
        const config = JSON.parse((db.prepare("SELECT value FROM seal WHERE name = 'config'").get() as { value: Buffer }).value.toString('utf8')) as {
          current: { generation: number; shares: { index: number; custodian: string; fingerprint: string | null }[] };
        };
        expect(config.current.generation).toBe(2);
        expect(config.current.shares.map((s) => [s.index, s.custodian, s.fingerprint])).toEqual([[1, 'Ann', ann.fingerprint], [2, 'Ben', ben.fingerprint], [3, 'Cy', cy.fingerprint]]);
      } finally {
        db.close();
      }

      expect((await api(k.server, 'DELETE', 'sys/rekey/backup')).status).toBe(403);
      expect((await api(k.server, 'DELETE', 'sys/rekey/backup', { token: k.token })).status).toBe(204);
      expectError(await api(k.server, 'GET', 'sys/rekey/backup', { token: k.token }), 400, 'no backed-up keys found');

      await sealWith(k.server, k.token);
      expectError(await api(k.server, 'GET', 'sys/rekey/backup', { token: k.token }), 503, 'Vault is sealed');
      await unsealWith(k.server, [plain[1] ?? '', plain[2] ?? '']);
    } finally {
      await k.server.stop();
    }
  });

  it('without verification, commits and backs up in one step', async () => {
    const k = await servedKeyring(dir.dir, 1, 1);
    try {
      const [ann] = people as [PgpCustodian];
      const done = await rekeyThrough(k.server, k.init.keys, { secret_shares: 1, secret_threshold: 1, backup: true, pgp_keys: [ann.publicArmored] });
      expect(done).toMatchObject({ committed: true, backup: true, generation: 2 });
      const backup = await api<BackupBody>(k.server, 'GET', 'sys/rekey/backup', { token: k.token });
      expect(backup.body.data.keys).toEqual({ [ann.fingerprint]: [done.keys[0]] });
      // A 1-of-1 share is the 32-byte key, encrypted as 64 hex characters.
      expect(await decrypt(ann, { binary: done.keys_base64[0] })).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await k.server.stop();
    }
  });
});

describe('unusable PGP keys at rekey init', () => {
  it('refuses a private key, an expired key and a key without an encryption subkey, naming the key; state unchanged', async () => {
    const k = await servedKeyring(dir.dir, 1, 1);
    try {
      const [ann, ben] = people as [PgpCustodian, PgpCustodian];
      const armoredPrivate = ann.privateKey.armor();
      const expired = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: 'Old' }], keyExpirationTime: 1, date: new Date(Date.now() - 3600_000), format: 'armored' });
      const signOnly = await openpgp.generateKey({ type: 'ecc', curve: 'ed25519Legacy', userIDs: [{ name: 'Sig' }], subkeys: [], format: 'object' });
      const signOnlyPublic = signOnly.publicKey.armor();
      const cases: [string, RegExp][] = [
        [armoredPrivate, /^invalid rekey seal configuration: pgp key 2: this is a private key/],
        [expired.publicKey, /^invalid rekey seal configuration: pgp key 2 \(fingerprint [0-9a-f]{40}\): .*expired/],
        [signOnlyPublic, /^invalid rekey seal configuration: pgp key 2 \(fingerprint [0-9a-f]{40}\): /],
        ['-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nAAAA\n-----END PGP PUBLIC KEY BLOCK-----', /^invalid rekey seal configuration: pgp key 2: not a valid OpenPGP public key/],
      ];
      for (const [key, message] of cases) {
        const r = await startRekey(k.server, { secret_shares: 2, secret_threshold: 2, pgp_keys: [ben.publicArmored, key] });
        const body = expectError(r, 400, message, 'INVALID_PGP_KEY');
        expect(body.message).not.toContain('PRIVATE KEY');
      }
      expectError(await startRekey(k.server, { secret_shares: 2, secret_threshold: 2, pgp_keys: [ben.publicArmored, 42] }), 400, /pgp key 2 must be a string/);
      expectError(await startRekey(k.server, { secret_shares: 2, secret_threshold: 2, pgp_keys: 'nope' }), 400, 'invalid rekey seal configuration: pgp_keys must be an array of public keys');
      expect((await rekeyStatus(k.server)).body.started).toBe(false);
      expect((await sealStatus(k.server)).generation).toBe(1);
    } finally {
      await k.server.stop();
    }
  });
});
