/**
 * sys/generate-root through real HTTP against `symbolon serve` (API.md, "sys/generate-root"):
 * every rule and message; OTP mode (generated or supplied 28-character OTP, token = unpadded
 * base64 of token XOR OTP, decoded here independently) and PGP mode (opened with openpgp.js);
 * the new token is a working root token; sealing and a rekey commit end an attempt.
 */
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startServe, tempDir } from '../../helpers/serve.js';
import type { ServeProcess } from '../../helpers/serve.js';
import { expectError, rekeyThrough, sealWith, servedKeyring, unsealWith } from '../rekey/rekey-fixture.js';
import type { ErrorBody, Keyring } from '../rekey/rekey-fixture.js';
import type { GenerateRootStatusResponse } from '../../../shared/api/generate-root.js';
import type { ShareFeedback } from '../../../shared/api/shares.js';

/** `sys/generate-root/*`, with the verdict after a share. */
type Attempt = GenerateRootStatusResponse & Partial<ShareFeedback>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const attempt = (s: ServeProcess) => api<Attempt & ErrorBody>(s, 'GET', 'sys/generate-root/attempt');
const start = (s: ServeProcess, body?: unknown) => api<Attempt & ErrorBody>(s, 'PUT', 'sys/generate-root/attempt', body === undefined ? {} : { body });
const cancel = (s: ServeProcess) => api<ErrorBody>(s, 'DELETE', 'sys/generate-root/attempt');
const update = (s: ServeProcess, key: unknown, nonce: unknown) => api<Attempt & ErrorBody>(s, 'PUT', 'sys/generate-root/update', { body: { key, nonce } });

/** Independent of the product code: Vault's `generate-root -decode` (XOR with the OTP). */
function decodeWithOtp(encoded: string, otp: string): string {
  const e = Buffer.from(encoded, 'base64');
  const o = Buffer.from(otp, 'utf8');
  return Buffer.from(e.map((byte, i) => byte ^ (o[i] ?? 0))).toString('utf8');
}

async function lookupSelf(s: ServeProcess, token: string) {
  return api<{ data: { policies: string[]; display_name: string; path: string } }>(s, 'GET', 'auth/token/lookup-self', { token });
}

const dir = tempDir('symbolon-generate-root-');
afterAll(() => dir.remove());

describe('sys/generate-root before init and while sealed', () => {
  it('answers 400 "server is not yet initialized", then 503 while sealed', async () => {
    const server = await startServe({ dataPath: `${dir.dir}/uninitialized.db` });
    try {
      expectError(await attempt(server), 400, 'server is not yet initialized', 'NOT_INITIALIZED');
      expectError(await start(server), 400, 'server is not yet initialized');
      expect((await api(server, 'PUT', 'sys/init', { body: { secret_shares: 1, secret_threshold: 1 } })).status).toBe(200);
      expectError(await attempt(server), 503, 'Vault is sealed', 'SEALED');
      expectError(await start(server), 503, 'Vault is sealed');
      expectError(await cancel(server), 503, 'Vault is sealed');
      expectError(await update(server, 'ab', 'n'), 503, 'Vault is sealed');
    } finally {
      await server.stop();
    }
  });
});

describe('sys/generate-root on a 2-of-3 keyring', () => {
  let k: Keyring;
  beforeAll(async () => {
    k = await servedKeyring(dir.dir, 3, 2, ['Ann', 'Ben', 'Cy']);
  });
  afterAll(async () => k.server.stop());

  it('reports an idle attempt with the threshold and the OTP length', async () => {
    expect((await attempt(k.server)).body).toEqual({
      nonce: '', started: false, progress: 0, required: 2, complete: false, encoded_token: '', encoded_root_token: '',
      pgp_fingerprint: '', otp: '', otp_length: 28,
    });
  });

  it('checks an update before anything runs', async () => {
    expectError(await update(k.server, k.init.keys[0], 'n'), 400, 'no root generation in progress', 'NO_ROOT_GENERATION');
    expectError(await update(k.server, '', 'n'), 400, "'key' must be specified in request body as JSON");
  });

  it('refuses a wrong OTP length, a bad PGP key, and both at once; starts nothing', async () => {
    expectError(await start(k.server, { otp: 'short' }), 400, 'OTP string is wrong length', 'OTP_LENGTH');
    expectError(await start(k.server, { otp: 'a'.repeat(29) }), 400, 'OTP string is wrong length');
    // 28 characters but not 28 bytes: Vault counts bytes.
    expectError(await start(k.server, { otp: 'é'.repeat(28) }), 400, 'OTP string is wrong length');
    expectError(await start(k.server, { pgp_key: 'not a key' }), 400, /^error parsing PGP key: pgp key 1: /, 'INVALID_PGP_KEY');
    expectError(await start(k.server, { otp: 'a'.repeat(28), pgp_key: 'x' }), 400, "give either 'otp' or 'pgp_key', not both");
    expectError(await start(k.server, { otp: 42 }), 400, "'otp' must be a string");
    expect((await attempt(k.server)).body.started).toBe(false);
  });

  it('makes a 28-character base62 OTP, returns it once, and delivers a working root token under it', async () => {
    const begun = await start(k.server);
    expect(begun.status).toBe(200);
    expect(begun.body).toMatchObject({ started: true, progress: 0, required: 2, complete: false, otp_length: 28 });
    expect(begun.body.nonce).toMatch(UUID);
    expect(begun.body.otp).toMatch(/^[0-9A-Za-z]{28}$/);
    const { nonce, otp } = begun.body;
    expect((await attempt(k.server)).body).toMatchObject({ nonce, started: true, otp: '' });
    expectError(await start(k.server), 400, 'root generation already in progress', 'ROOT_GENERATION_IN_PROGRESS');

    expectError(await update(k.server, k.init.keys[0], 'wrong'), 400, `incorrect nonce supplied; nonce for this root generation operation is "${nonce}"`, 'NONCE_MISMATCH');
    const first = await update(k.server, k.init.shares[2]?.text, nonce);
    expect(first.body).toMatchObject({ nonce, started: true, progress: 1, required: 2, complete: false, encoded_token: '', share_index: 3, custodian: 'Cy' });
    expectError(await update(k.server, k.init.keys[2], nonce), 400, 'given key has already been provided during this generation operation', 'DUPLICATE_SHARE');
    expectError(await update(k.server, 'ab'.repeat(33), nonce), 400, /^this share is not a member of generation 1/, 'SHARE_NOT_MEMBER');

    const done = await update(k.server, k.init.keys_base64[0], nonce);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ nonce, started: true, progress: 2, required: 2, complete: true, share_index: 1, custodian: 'Ann', pgp_fingerprint: '' });
    expect(done.body.encoded_token).toBe(done.body.encoded_root_token);
    expect(done.body.encoded_token).toMatch(/^[A-Za-z0-9+/]+$/);
    const token = decodeWithOtp(done.body.encoded_token, otp);
    expect(token).toMatch(/^hvs\.[0-9A-Za-z]{24}$/);
    expect(token).not.toBe(k.token);
    const me = await lookupSelf(k.server, token);
    expect(me.status).toBe(200);
    expect(me.body.data.policies).toEqual(['root']);
    expect((await attempt(k.server)).body).toMatchObject({ started: false, nonce: '' });
    // The token is a full root token: it can seal.
    await sealWith(k.server, token);
    await unsealWith(k.server, k.init.keys.slice(1));
  });

  it('uses an OTP the operator supplies', async () => {
    const otp = 'Zz0123456789abcdefghijKLMNOP';
    const begun = await start(k.server, { otp });
    expect(begun.body.otp).toBe('');
    await update(k.server, k.init.keys[0], begun.body.nonce);
    const done = await update(k.server, k.init.keys[1], begun.body.nonce);
    const token = decodeWithOtp(done.body.encoded_token, otp);
    expect((await lookupSelf(k.server, token)).body.data.policies).toEqual(['root']);
  });

  it('delivers the token as a PGP message in PGP mode', async () => {
    const { privateKey, publicKey } = await openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: 'Operator' }], format: 'object' });
    const begun = await start(k.server, { pgp_key: publicKey.armor() });
    expect(begun.body).toMatchObject({ otp: '', pgp_fingerprint: publicKey.getFingerprint() });
    expect((await attempt(k.server)).body.pgp_fingerprint).toBe(publicKey.getFingerprint());
    await update(k.server, k.init.keys[2], begun.body.nonce);
    const done = await update(k.server, k.init.keys[1], begun.body.nonce);
    expect(done.body).toMatchObject({ complete: true, pgp_fingerprint: publicKey.getFingerprint() });
    const message = await openpgp.readMessage({ binaryMessage: Buffer.from(done.body.encoded_token, 'base64') });
    const { data } = await openpgp.decrypt({ message, decryptionKeys: privateKey, format: 'binary' });
    const token = Buffer.from(data as Uint8Array).toString('utf8');
    expect((await lookupSelf(k.server, token)).body.data.policies).toEqual(['root']);
  });

  it('cancels with DELETE (204), after which the nonce is dead', async () => {
    const begun = await start(k.server);
    await update(k.server, k.init.keys[0], begun.body.nonce);
    expect((await cancel(k.server)).status).toBe(204);
    expect((await attempt(k.server)).body).toMatchObject({ started: false, progress: 0 });
    expectError(await update(k.server, k.init.keys[1], begun.body.nonce), 400, 'no root generation in progress');
    expect((await cancel(k.server)).status).toBe(204);
  });

  it('is abandoned by a seal: no token is made and the old shares still work', async () => {
    const begun = await start(k.server);
    await update(k.server, k.init.keys[0], begun.body.nonce);
    await sealWith(k.server, k.token);
    await unsealWith(k.server, k.init.keys.slice(0, 2));
    expect((await attempt(k.server)).body.started).toBe(false);
    expectError(await update(k.server, k.init.keys[1], begun.body.nonce), 400, 'no root generation in progress');
  });

  it('is abandoned by a rekey commit, and then takes only shares of the new generation', async () => {
    const begun = await start(k.server);
    await update(k.server, k.init.keys[0], begun.body.nonce);
    const rekeyed = await rekeyThrough(k.server, k.init.keys.slice(1), { secret_shares: 2, secret_threshold: 2 });
    expect(rekeyed.generation).toBe(2);
    expect((await attempt(k.server)).body).toMatchObject({ started: false, required: 2 });
    const again = await start(k.server);
    expectError(await update(k.server, k.init.keys[1], again.body.nonce), 400, 'this share belongs to generation 1; the current one is 2', 'SHARE_OLD_GENERATION');
    await update(k.server, rekeyed.keys[0], again.body.nonce);
    const done = await update(k.server, rekeyed.keys[1], again.body.nonce);
    expect(decodeWithOtp(done.body.encoded_token, again.body.otp)).toMatch(/^hvs\./);
  });
});
