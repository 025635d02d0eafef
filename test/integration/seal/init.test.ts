/**
 * sys/init through real HTTP against a spawned `symbolon serve` (API.md, "sys/init"): every
 * validation rule with its exact message, the response shape, custodian names, 1-of-1, PGP
 * delivery, and that the keyring stays sealed. A refused request leaves the file uninitialized.
 */
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeShareText } from '../../../shared/share-text.js';
import { fromBase64, fromHex } from '../../../shared/share-forms.js';
import { api, startServe, tempDir } from '../../helpers/serve.js';
import type { InitResponse, ServeProcess } from '../../helpers/serve.js';

const CONFIG = 'invalid seal configuration: ';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface ErrorBody {
  errors: string[];
  error_code: string;
  message: string;
  context: Record<string, unknown>;
}

async function expectInitError(server: ServeProcess, body: unknown, message: string, code?: string): Promise<void> {
  const r = await api<ErrorBody>(server, 'PUT', 'sys/init', { body });
  expect({ status: r.status, message: r.body.message }).toEqual({ status: 400, message });
  expect(r.body.errors).toEqual([message]);
  if (code) expect(r.body.error_code).toBe(code);
}

async function initialized(server: ServeProcess): Promise<boolean> {
  const r = await api<{ initialized: boolean }>(server, 'GET', 'sys/init');
  expect(r.status).toBe(200);
  return r.body.initialized;
}

describe('sys/init', () => {
  const dir = tempDir();
  let server: ServeProcess;

  beforeAll(async () => {
    server = await startServe({ dataPath: join(dir.dir, 'k.db') });
  });
  afterAll(async () => {
    await server.stop();
    dir.remove();
  });

  it('answers GET with {"initialized": false} on a new file', async () => {
    const r = await api(server, 'GET', 'sys/init');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ initialized: false });
  });

  describe('refuses an invalid seal configuration with Vault\'s reason, leaving the file uninitialized', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['no fields', {}, 'shares must be at least one'],
      ['zero shares', { secret_shares: 0, secret_threshold: 0 }, 'shares must be at least one'],
      ['negative shares', { secret_shares: -1, secret_threshold: 1 }, 'shares must be at least one'],
      ['zero threshold', { secret_shares: 3, secret_threshold: 0 }, 'threshold must be at least one'],
      ['missing threshold', { secret_shares: 3 }, 'threshold must be at least one'],
      ['threshold 1 of several shares', { secret_shares: 3, secret_threshold: 1 }, 'threshold must be greater than one for multiple shares'],
      ['256 shares', { secret_shares: 256, secret_threshold: 3 }, 'shares must be less than 256'],
      ['threshold 256', { secret_shares: 5, secret_threshold: 256 }, 'threshold must be less than 256'],
      ['threshold above shares', { secret_shares: 3, secret_threshold: 4 }, 'threshold cannot be larger than shares'],
      ['shares as a string', { secret_shares: '3', secret_threshold: 2 }, 'secret_shares must be an integer'],
      ['fractional threshold', { secret_shares: 3, secret_threshold: 1.5 }, 'secret_threshold must be an integer'],
      ['PGP key count below shares', { secret_shares: 3, secret_threshold: 2, pgp_keys: ['a', 'b'] }, 'count mismatch between number of provided PGP keys and number of shares'],
      ['PGP key count above shares', { secret_shares: 1, secret_threshold: 1, pgp_keys: ['a', 'b'] }, 'count mismatch between number of provided PGP keys and number of shares'],
    ];
    for (const [name, body, reason] of cases) {
      it(`${name} → 400 "${CONFIG}${reason}"`, async () => {
        await expectInitError(server, body, CONFIG + reason, 'INVALID_CONFIG');
        expect(await initialized(server)).toBe(false);
      });
    }
  });

  it('refuses PGP keys that do not parse, naming the key', async () => {
    const r = await api<ErrorBody>(server, 'PUT', 'sys/init', { body: { secret_shares: 2, secret_threshold: 2, pgp_keys: ['bm90IGEga2V5', 'also not a key'] } });
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/^invalid seal configuration: pgp key 1\b/);
    expect(r.body.error_code).toBe('INVALID_PGP_KEY');
    expect(await initialized(server)).toBe(false);
  });

  it('refuses an expired PGP key and a bad root_token_pgp_key', async () => {
    const expired = await openpgp.generateKey({
      type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: 'Old' }], date: new Date(Date.now() - 3 * 86_400_000), keyExpirationTime: 86_400, format: 'armored',
    });
    const r = await api<ErrorBody>(server, 'PUT', 'sys/init', { body: { secret_shares: 1, secret_threshold: 1, pgp_keys: [expired.publicKey] } });
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/^invalid seal configuration: pgp key 1 \(fingerprint [0-9a-f]{40}\): .*expired/);
    const bad = await api<ErrorBody>(server, 'PUT', 'sys/init', { body: { secret_shares: 1, secret_threshold: 1, root_token_pgp_key: 'nope' } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^invalid seal configuration: pgp key 1: \S/);
    expect(await initialized(server)).toBe(false);
  });

  describe('refuses recovery parameters on a Shamir seal, listing the ones given', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ recovery_shares: 5, recovery_threshold: 3 }, 'recovery_shares,recovery_threshold'],
      [{ recovery_shares: 5 }, 'recovery_shares'],
      [{ recovery_threshold: 3 }, 'recovery_threshold'],
      [{ recovery_shares: 5, recovery_threshold: 3, recovery_pgp_keys: ['k'] }, 'recovery_shares,recovery_threshold,recovery_pgp_keys'],
    ];
    for (const [fields, listed] of cases) {
      it(`${listed} → 400`, async () => {
        await expectInitError(server, { secret_shares: 3, secret_threshold: 2, ...fields }, `parameters ${listed} not applicable to seal type shamir`, 'NOT_APPLICABLE');
      });
    }
    it('ignores zero and empty recovery fields, as Vault does', async () => {
      await expectInitError(server, { secret_shares: 0, recovery_shares: 0, recovery_threshold: 0, recovery_pgp_keys: [] }, CONFIG + 'shares must be at least one');
      expect(await initialized(server)).toBe(false);
    });
  });

  describe('validates custodian names', () => {
    const cases: [string, unknown, string][] = [
      ['not an array', 'Ann', 'custodians must be an array of names'],
      ['too few names', ['Ann', 'Bob'], 'custodians must name each of the 3 shares (got 2 names)'],
      ['too many names', ['Ann', 'Bob', 'Cy', 'Dee'], 'custodians must name each of the 3 shares (got 4 names)'],
      ['a number', ['Ann', 2, 'Cy'], 'custodian 2 must be a string'],
      ['an empty name', ['Ann', 'Bob', '  '], 'custodian 3 needs a printable name of 1 to 64 characters'],
      ['a name over 64 characters', ['A'.repeat(65), 'Bob', 'Cy'], 'custodian 1 needs a printable name of 1 to 64 characters'],
      ['a control character', ['Ann', 'Bob\u001b[2J', 'Cy'], 'custodian 2 needs a printable name of 1 to 64 characters'],
      ['a newline', ['Ann', 'Bob', 'C\ny'], 'custodian 3 needs a printable name of 1 to 64 characters'],
      ['duplicates differing in case', ['Ann', 'ANN', 'Cy'], 'custodian names must be distinct: "ANN" appears twice'],
    ];
    for (const [name, custodians, reason] of cases) {
      it(`refuses ${name}`, async () => {
        await expectInitError(server, { secret_shares: 3, secret_threshold: 2, custodians }, CONFIG + reason, 'INVALID_CONFIG');
        expect(await initialized(server)).toBe(false);
      });
    }
  });

  describe('a 3-of-5 init', () => {
    const names = ['Ann', ' Bob ', 'Cy', 'Dana', 'Eve'];
    let init: InitResponse;

    beforeAll(async () => {
      const r = await api<InitResponse>(server, 'PUT', 'sys/init', { body: { secret_shares: 5, secret_threshold: 3, custodians: names } });
      expect(r.status).toBe(200);
      init = r.body;
    });

    it('returns Vault\'s keys, keys_base64 and root_token, plus keyring_id, generation and shares', () => {
      expect(Object.keys(init).sort()).toEqual(['generation', 'keyring_id', 'keys', 'keys_base64', 'root_token', 'shares']);
      expect(init.keys).toHaveLength(5);
      expect(init.keys_base64).toHaveLength(5);
      for (const [i, hex] of init.keys.entries()) {
        expect(hex).toMatch(/^[0-9a-f]{66}$/);
        expect(Buffer.from(fromBase64(init.keys_base64[i] ?? '') ?? []).toString('hex')).toBe(hex);
      }
      expect(new Set(init.keys).size).toBe(5);
      expect(init.root_token).toMatch(/^hvs\.[0-9A-Za-z]{24}$/);
      expect(init.keyring_id).toMatch(UUID);
      expect(init.generation).toBe(1);
    });

    it('gives each share its index, trimmed custodian name and a share text that decodes to the same share', () => {
      expect(init.shares.map((s) => [s.index, s.custodian, s.fingerprint, s.pgp_armored])).toEqual(
        ['Ann', 'Bob', 'Cy', 'Dana', 'Eve'].map((n, i) => [i + 1, n, null, null]),
      );
      for (const [i, share] of init.shares.entries()) {
        expect(share.text).toMatch(/^([0-9A-Z*~$=]{5}-){15}[0-9A-Z*~$=]{5}$/);
        const decoded = decodeShareText(share.text ?? '');
        if (!decoded.ok) throw new Error(decoded.message);
        expect(decoded.payload).toMatchObject({ generation: 1, index: i + 1, rawKey: false });
        expect(Buffer.from(decoded.payload.keyringTag).toString('hex')).toBe(init.keyring_id.replaceAll('-', '').slice(0, 6));
        expect(Buffer.from(decoded.payload.share).toString('hex')).toBe(init.keys[i]);
      }
    });

    it('leaves the keyring sealed, with t, n, keyring id and generation in seal-status', async () => {
      expect(await initialized(server)).toBe(true);
      const status = await api(server, 'GET', 'sys/seal-status');
      expect(status.body).toMatchObject({ initialized: true, sealed: true, t: 3, n: 5, progress: 0, nonce: '', keyring_id: init.keyring_id, generation: 1 });
      const lookup = await api(server, 'GET', 'auth/token/lookup-self', { token: init.root_token });
      expect(lookup.status).toBe(503);
    });

    it('refuses a second init with "Vault is already initialized", keeping the first keyring', async () => {
      await expectInitError(server, { secret_shares: 3, secret_threshold: 2 }, 'Vault is already initialized', 'ALREADY_INITIALIZED');
      await expectInitError(server, { secret_shares: 1, secret_threshold: 1 }, 'Vault is already initialized');
      const status = await api(server, 'GET', 'sys/seal-status');
      expect(status.body).toMatchObject({ t: 3, n: 5, keyring_id: init.keyring_id });
    });

    it('issues shares that unseal and a root token that works once unsealed', async () => {
      for (const key of [init.keys[4], init.keys_base64[0], init.shares[2]?.text]) await api(server, 'PUT', 'sys/unseal', { body: { key } });
      const status = await api(server, 'GET', 'sys/seal-status');
      expect(status.body).toMatchObject({ sealed: false });
      const lookup = await api<{ data: { policies: string[] } }>(server, 'GET', 'auth/token/lookup-self', { token: init.root_token });
      expect(lookup.status).toBe(200);
      expect(lookup.body.data.policies).toEqual(['root']);
    });
  });
});

describe('sys/init variants', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('makes a 1-of-1 keyring whose key is the raw 32-byte unseal key', async () => {
    const server = await startServe({ dataPath: join(dir.dir, 'one.db') });
    try {
      const r = await api<InitResponse>(server, 'PUT', 'sys/init', { body: { secret_shares: 1, secret_threshold: 1 } });
      expect(r.status).toBe(200);
      expect(r.body.keys[0]).toMatch(/^[0-9a-f]{64}$/);
      expect(r.body.shares[0]?.custodian).toBe('Custodian 1');
      const decoded = decodeShareText(r.body.shares[0]?.text ?? '');
      expect(decoded.ok && decoded.payload.rawKey).toBe(true);
      expect(decoded.ok && Buffer.from(decoded.payload.share).toString('hex')).toBe(r.body.keys[0]);
      const unseal = await api(server, 'PUT', 'sys/unseal', { body: { key: r.body.keys_base64[0] } });
      expect(unseal.body).toMatchObject({ sealed: false, t: 1, n: 1, progress: 0 });
    } finally {
      await server.stop();
    }
  });

  it('encrypts each share to its custodian\'s PGP key (hex text inside, no share text) and the root token too', async () => {
    const custodians = await Promise.all(['Ann', 'Bob'].map((name) => openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name }], format: 'armored' })));
    const operator = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: 'Op' }], format: 'armored' });
    const server = await startServe({ dataPath: join(dir.dir, 'pgp.db') });
    try {
      // Vault's form for pgp_keys is base64 of the binary key; armor is accepted too.
      const binary = (await openpgp.readKey({ armoredKey: custodians[0]?.publicKey ?? '' })).write();
      const r = await api<InitResponse>(server, 'PUT', 'sys/init', {
        body: { secret_shares: 2, secret_threshold: 2, pgp_keys: [Buffer.from(binary).toString('base64'), custodians[1]?.publicKey], root_token_pgp_key: operator.publicKey, custodians: ['Ann', 'Bob'] },
      });
      expect(r.status).toBe(200);
      const plain: string[] = [];
      for (const [i, share] of r.body.shares.entries()) {
        const key = await openpgp.readPrivateKey({ armoredKey: custodians[i]?.privateKey ?? '' });
        expect(share.text).toBeNull();
        expect(share.fingerprint).toBe(key.getFingerprint());
        expect(share.pgp_armored).toMatch(/^-----BEGIN PGP MESSAGE-----/);
        const message = await openpgp.readMessage({ binaryMessage: fromHex(r.body.keys[i] ?? '') ?? new Uint8Array() });
        const { data } = await openpgp.decrypt({ message, decryptionKeys: key });
        expect(data).toMatch(/^[0-9a-f]{66}$/);
        plain.push(String(data));
      }
      const tokenMessage = await openpgp.readMessage({ binaryMessage: fromBase64(r.body.root_token) ?? new Uint8Array() });
      const token = await openpgp.decrypt({ message: tokenMessage, decryptionKeys: await openpgp.readPrivateKey({ armoredKey: operator.privateKey }) });
      expect(token.data).toMatch(/^hvs\.[0-9A-Za-z]{24}$/);

      for (const key of plain) await api(server, 'PUT', 'sys/unseal', { body: { key } });
      const lookup = await api(server, 'GET', 'auth/token/lookup-self', { token: String(token.data) });
      expect(lookup.status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});
