/**
 * Issue 3, "Done when": a ceremony as new users would run it, with real GnuPG and the real CLI.
 * Five custodians make their keys with `gpg` (RSA-4096, RSA-2048 and Ed25519/Cv25519); the keyring
 * is initialized 3-of-5 to those keys; each custodian decrypts their share with gpg; the keyring is
 * rekeyed to 2-of-3 with verification and backup; the new custodians decrypt their new shares with
 * gpg (both from the `.asc` file and from `keys_base64`), prove them, and the commit happens; the
 * backup decrypts to the same shares; after a seal the new shares unseal and every old share is
 * refused with a message naming generation 1. Then a root token is generated for a gpg key and
 * opened the way Vault's docs say: `echo <encoded_root_token> | base64 -d | gpg -dq`.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GnuPG } from '../pgp/gnupg.js';
import { api, startServe, tempDir } from '../../helpers/serve.js';
import type { ServeProcess } from '../../helpers/serve.js';
import { expectError, rekeyStatus, rekeyUpdate, sealStatus, sealWith, startRekey, unsealRefusal, unsealWith, verifyStatus, verifyUpdate } from './rekey-fixture.js';
import type { RekeyDone } from './rekey-fixture.js';
import type { InitResponse } from '../../../shared/api/init.js';
import type { RekeyBackupData } from '../../../shared/api/rekey.js';
import type { GenerateRootStatusResponse, GenerateRootUpdateResponse } from '../../../shared/api/generate-root.js';

interface Person {
  name: string;
  fingerprint: string;
  /** Key id of the (sub)key that can encrypt: the one each message must be addressed to. */
  encryptionKeyId: string;
}

type InitBody = InitResponse;

function encryptionKeyId(gpg: GnuPG, fingerprint: string): string {
  const rows = gpg.run(['--with-colons', '--list-keys', fingerprint]).toString('utf8').split('\n').map((line) => line.split(':'));
  const row = rows.find((r) => (r[0] === 'pub' || r[0] === 'sub') && (r[11] ?? '').includes('e'));
  if (!row?.[4]) throw new Error(`no encryption key for ${fingerprint}`);
  return row[4];
}

/** The key id a message's public-key packet is addressed to, as gpg reads it. */
function recipientOf(gpg: GnuPG, message: Uint8Array | string): string {
  const packets = gpg.run(['--batch', '--list-packets'], message).toString('utf8');
  const match = /:pubkey enc packet: version \d, algo \d+, keyid ([0-9A-F]{16})/.exec(packets);
  if (!match?.[1]) throw new Error(`no public-key packet in:\n${packets}`);
  return match[1];
}

/** The whole audit log as text, read without writing to the file. */
function auditText(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT entry FROM audit_log ORDER BY seq').all() as { entry: string }[]).map((r) => r.entry).join('\n');
  } finally {
    db.close();
  }
}

describe('a rekey ceremony with GnuPG custodians (issue 3, "Done when")', () => {
  const dir = tempDir('symbolon-gpg-ceremony-');
  let gpg: GnuPG;
  let server: ServeProcess;
  let people: Person[];
  /** The new shares, as their custodians decrypted them in the first test. */
  let generationTwoShares: string[] = [];

  beforeAll(async () => {
    gpg = new GnuPG();
    const make = (name: string, algorithm: string, usage: string, subkey?: string): Person => {
      const fingerprint = gpg.generate(`${name} <${name.toLowerCase()}@example.org>`, algorithm, usage);
      if (subkey) gpg.addSubkey(fingerprint, subkey, 'encr');
      return { name, fingerprint: fingerprint.toLowerCase(), encryptionKeyId: encryptionKeyId(gpg, fingerprint) };
    };
    people = [
      make('Ada', 'rsa4096', 'cert,encr'),
      make('Ben', 'rsa2048', 'cert,encr'),
      make('Cy', 'ed25519', 'sign', 'cv25519'),
      make('Dee', 'ed25519', 'sign', 'cv25519'),
      make('Eve', 'ed25519', 'sign', 'cv25519'),
    ];
    server = await startServe({ dataPath: join(dir.dir, 'keyring.db') });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    gpg?.dispose();
    dir.remove();
  });

  it('rekeys 3-of-5 to 2-of-3 with verification and backup; new shares unseal, old ones are refused by generation', async () => {
    const [ada, , cy, , eve] = people as [Person, Person, Person, Person, Person];
    const exportKey = (p: Person, i: number) => (i % 2 === 0 ? gpg.exportBase64(p.fingerprint) : gpg.exportArmored(p.fingerprint));

    // Init: 3-of-5, each share encrypted to its custodian.
    const init = await api<InitBody>(server, 'PUT', 'sys/init', {
      body: { secret_shares: 5, secret_threshold: 3, pgp_keys: people.map(exportKey), custodians: people.map((p) => p.name) },
    });
    expect(init.status, init.text).toBe(200);
    const token = init.body.root_token;
    const oldShares = init.body.keys_base64.map((b64, i) => {
      expect(recipientOf(gpg, Buffer.from(b64, 'base64'))).toBe(people[i]?.encryptionKeyId);
      return gpg.decryptVaultBase64(b64).toString('utf8');
    });
    for (const share of oldShares) expect(share).toMatch(/^[0-9a-f]{66}$/);
    await unsealWith(server, [oldShares[0] ?? '', oldShares[3] ?? '', oldShares[4] ?? '']);

    // Rekey to Ada, Cy and Eve, 2-of-3, with verification and backup; Ben, Dee and Eve authorize.
    const newCustodians = [ada, cy, eve];
    const started = await startRekey(server, {
      secret_shares: 3, secret_threshold: 2, require_verification: true, backup: true,
      pgp_keys: newCustodians.map((p, i) => exportKey(p, i + 1)), custodians: newCustodians.map((p) => p.name),
    });
    expect(started.status, started.text).toBe(200);
    expect(started.body.pgp_fingerprints).toEqual(newCustodians.map((p) => p.fingerprint));
    const nonce = started.body.nonce;
    expect((await rekeyUpdate(server, oldShares[1], nonce)).body).toMatchObject({ progress: 1, share_index: 2, custodian: 'Ben' });
    expect((await rekeyUpdate(server, oldShares[3], nonce)).body).toMatchObject({ progress: 2, share_index: 4, custodian: 'Dee' });
    const last = await rekeyUpdate(server, oldShares[4], nonce);
    expect(last.status, last.text).toBe(200);
    const done: RekeyDone = last.body;
    expect(done).toMatchObject({ complete: true, verification_required: true, backup: true, generation: 2, committed: false });
    expect(done.shares.map((s) => [s.custodian, s.fingerprint, s.text])).toEqual(newCustodians.map((p) => [p.name, p.fingerprint, null]));

    // Each new custodian decrypts their share: from the .asc file and from keys_base64.
    const newShares = done.shares.map((s, i) => {
      const fromFile = gpg.decrypt(s.pgp_armored ?? '').toString('utf8');
      expect(gpg.decryptVaultBase64(done.keys_base64[i] ?? '').toString('utf8')).toBe(fromFile);
      expect(recipientOf(gpg, s.pgp_armored ?? '')).toBe(newCustodians[i]?.encryptionKeyId);
      return fromFile;
    });
    for (const share of newShares) expect(share).toMatch(/^[0-9a-f]{66}$/);

    // Nothing is committed before verification: generation 1, no backup yet.
    expect((await sealStatus(server)).generation).toBe(1);
    expectError(await api(server, 'GET', 'sys/rekey/backup', { token }), 400, 'no backed-up keys found');

    const vn = done.verification_nonce ?? '';
    expect((await verifyStatus(server)).body).toMatchObject({ nonce: vn, started: true, t: 2, n: 3, progress: 0 });
    expect((await verifyUpdate(server, newShares[2], vn)).body).toMatchObject({ progress: 1, share_index: 3, custodian: 'Eve' });
    expect((await verifyUpdate(server, newShares[0], vn)).body).toMatchObject({ complete: true, generation: 2, share_index: 1, custodian: 'Ada' });
    expect(await sealStatus(server)).toMatchObject({ generation: 2, t: 2, n: 3 });
    expect((await rekeyStatus(server)).body.started).toBe(false);

    // The backup holds the same encrypted shares, by fingerprint; gpg opens them.
    const backup = await api<{ data: RekeyBackupData }>(server, 'GET', 'sys/rekey/backup', { token });
    expect(backup.status).toBe(200);
    expect(backup.body.data.nonce).toBe(nonce);
    newCustodians.forEach((p, i) => {
      const stored = backup.body.data.keys_base64[p.fingerprint]?.[0] ?? '';
      expect(gpg.decryptVaultBase64(stored).toString('utf8')).toBe(newShares[i]);
      expect(backup.body.data.keys[p.fingerprint]).toEqual([done.keys[i]]);
    });

    // Seal; every old share is refused naming its generation; two new shares unseal.
    await sealWith(server, token);
    for (const old of oldShares) {
      const refusal = await unsealRefusal(server, old);
      expect(refusal).toMatchObject({ message: 'this share belongs to generation 1; the current one is 2', error_code: 'SHARE_OLD_GENERATION' });
    }
    expect((await sealStatus(server)).sealed).toBe(true);
    await unsealWith(server, [newShares[1] ?? '', newShares[2] ?? '']);
    expect(await sealStatus(server)).toMatchObject({ sealed: false, generation: 2 });
    generationTwoShares = newShares;

    // The transcript names custodians and indexes; no share, in any form, is in it.
    const log = auditText(server.dataPath);
    expect(log).toContain('"ceremony":"rekey","step":"committed"');
    for (const secret of [...oldShares, ...newShares, ...done.keys, ...done.keys_base64, token]) expect(log).not.toContain(secret);
  });

  it('then generates a root token for a gpg key: `base64 -d | gpg -dq` gives a working root token', async () => {
    const cy = people[2] as Person;
    const started = await api<GenerateRootStatusResponse>(server, 'PUT', 'sys/generate-root/attempt', { body: { pgp_key: gpg.exportArmored(cy.fingerprint) } });
    expect(started.status, started.text).toBe(200);
    expect(started.body).toMatchObject({ pgp_fingerprint: cy.fingerprint, otp: '' });
    await api(server, 'PUT', 'sys/generate-root/update', { body: { key: generationTwoShares[0], nonce: started.body.nonce } });
    const done = await api<GenerateRootUpdateResponse>(server, 'PUT', 'sys/generate-root/update', { body: { key: generationTwoShares[1], nonce: started.body.nonce } });
    expect(done.body.complete).toBe(true);
    expect(recipientOf(gpg, Buffer.from(done.body.encoded_token, 'base64'))).toBe(cy.encryptionKeyId);
    const token = gpg.decryptVaultBase64(done.body.encoded_root_token).toString('utf8');
    expect(token).toMatch(/^hvs\.[0-9A-Za-z]{24}$/);
    const me = await api<{ data: { policies: string[] } }>(server, 'GET', 'auth/token/lookup-self', { token });
    expect(me.body.data.policies).toEqual(['root']);
    const log = auditText(server.dataPath);
    for (const secret of [token, done.body.encoded_token]) expect(log).not.toContain(secret);
  });
});
