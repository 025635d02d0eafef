/**
 * The Vault CLI, replayed (issue 13). The `vault` binary cannot be installed here, so each step
 * sends exactly what the CLI sends — method, path, query, headers and body with the Go client's
 * field spellings (go-client.ts) — and checks every field the CLI then reads, with the type its
 * Go decoding needs. Each case names the CLI source (hashicorp/vault `command/*.go`) and the api
 * function it calls (`api/*.go`). One keyring goes through init, unseal, status, rotation,
 * policies, tokens, KV, wrapping, three rekeys (verification; PGP keys with backup) and two root
 * generations (OTP, PGP), then seal.
 */
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { pgpCustodian } from '../../helpers/pgp-custodian.js';
import type { PgpCustodian } from '../../helpers/pgp-custodian.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, tempDir } from '../../helpers/serve.js';
import type { ServeProcess } from '../../helpers/serve.js';
import { expectGoError, expectGoFields, goMap, goRequest, secretData } from './go-client.js';
import type { GoRequest } from './go-client.js';
import type { GenerateRootStatusResponse } from '../../../shared/api/generate-root.js';
import type { LeaderResponse } from '../../../shared/api/leader.js';
import type { RekeyStatusResponse } from '../../../shared/api/rekey.js';
import type { SealStatusResponse } from '../../../shared/api/seal.js';

/** api/sys_seal.go SealStatusResponse, as command/format.go OutputSealStatus prints it. */
const SEAL_STATUS = { type: 'string', initialized: 'bool', sealed: 'bool', t: 'int', n: 'int', progress: 'int', nonce: 'string', version: 'string', build_date: 'string', migration: 'bool', recovery_seal: 'bool', storage_type: 'string' } as const satisfies { [K in keyof SealStatusResponse]?: string };
/** api/sys_leader.go LeaderResponse. */
const LEADER = { ha_enabled: 'bool', is_self: 'bool', active_time: 'time', leader_address: 'string', leader_cluster_address: 'string', performance_standby: 'bool', performance_standby_last_remote_wal: 'int' } as const satisfies { [K in keyof LeaderResponse]?: string };
/** api/sys_rekey.go RekeyStatusResponse. */
const REKEY_STATUS = { nonce: 'string', started: 'bool', t: 'int', n: 'int', progress: 'int', required: 'int', pgp_fingerprints: 'string[]|null', backup: 'bool', verification_required: 'bool', verification_nonce: 'string' } as const satisfies { [K in keyof RekeyStatusResponse]?: string };
/** api/sys_generate_root.go GenerateRootStatusResponse. */
const ROOT_STATUS = { nonce: 'string', started: 'bool', progress: 'int', required: 'int', complete: 'bool', encoded_token: 'string', encoded_root_token: 'string', pgp_fingerprint: 'string', otp: 'string', otp_length: 'int' } as const satisfies { [K in keyof GenerateRootStatusResponse]?: string };


/** What a custodian does with `keys_base64`: `base64 -d | gpg -dq`. */
async function decrypt(c: PgpCustodian, base64: string): Promise<string> {
  const message = await openpgp.readMessage({ binaryMessage: Buffer.from(base64, 'base64') });
  const { data } = await openpgp.decrypt({ message, decryptionKeys: c.privateKey, format: 'binary' });
  return Buffer.from(data as Uint8Array).toString('utf8');
}

/** sdk/helper/roottoken DecodeToken for an OTP of otp_length > 0: raw-std base64, XOR with the OTP. */
function decodeRootToken(encoded: string, otp: string): string {
  const raw = Buffer.from(encoded, 'base64');
  expect(raw.length).toBe(otp.length);
  return Buffer.from(raw.map((b, i) => b ^ otp.charCodeAt(i))).toString('utf8');
}

/** command/operator_generate_root.go generateOTP: base62 of the length the server asks for. */
function generateOtp(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from({ length }, (_, i) => alphabet[(i * 7 + 3) % alphabet.length]).join('');
}

describe('the Vault CLI, replayed from its Go source', () => {
  const dir = tempDir('symbolon-vault-cli-');
  let server: ServeProcess;
  let people: PgpCustodian[];
  let keys: string[] = [];
  let root = '';
  const go = (method: string, path: string, options?: GoRequest) => goRequest(server.port, method, path, options);

  /** command/status.go StatusCommand.Run: api/sys_seal.go SealStatus, then api/sys_leader.go Leader. */
  async function vaultStatus(): Promise<Record<string, unknown>> {
    const status = await go('GET', 'sys/seal-status');
    expect(status.status).toBe(200);
    expect(status.contentType).toBe('application/json');
    expectGoFields(status.body, SEAL_STATUS, 'vault status: seal-status');
    const leader = await go('GET', 'sys/leader');
    expect(leader.status, 'vault status: "Error checking leader status" without sys/leader').toBe(200);
    expectGoFields(leader.body, LEADER, 'vault status: leader');
    expect(leader.body['ha_enabled']).toBe(false);
    return status.body;
  }

  /** command/operator_unseal.go Run: api/sys_seal.go Unseal, then command/format.go OutputSealStatus (Leader). */
  async function vaultOperatorUnseal(key: string): Promise<Record<string, unknown>> {
    const answer = await go('PUT', 'sys/unseal', { body: goMap({ key }) });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expectGoFields(answer.body, SEAL_STATUS, 'vault operator unseal');
    expectGoFields((await go('GET', 'sys/leader')).body, LEADER, 'vault operator unseal: leader');
    return answer.body;
  }

  /** command/operator_rekey.go provide: api/sys_rekey.go RekeyStatus for the nonce, then RekeyUpdate per key. */
  async function vaultOperatorRekeyProvide(shares: readonly string[]): Promise<Record<string, unknown>> {
    let last: Record<string, unknown> = {};
    for (const key of shares) {
      const status = await go('GET', 'sys/rekey/init');
      expectGoFields(status.body, REKEY_STATUS, 'vault operator rekey: status');
      const answer = await go('PUT', 'sys/rekey/update', { body: goMap({ key, nonce: status.body['nonce'] }) });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      last = answer.body;
    }
    // api/sys_rekey.go RekeyUpdateResponse
    expectGoFields(last, { nonce: 'string', complete: 'bool', keys: 'string[]', keys_base64: 'string[]', pgp_fingerprints: 'string[]|null', backup: 'bool', verification_required: 'bool' }, 'vault operator rekey: update');
    return last;
  }

  /** command/operator_generate_root.go provide: api/sys_generate_root.go GenerateRootStatus, then GenerateRootUpdate. */
  async function vaultOperatorGenerateRootProvide(shares: readonly string[]): Promise<Record<string, unknown>> {
    let last: Record<string, unknown> = {};
    for (const key of shares) {
      const status = await go('GET', 'sys/generate-root/attempt');
      expectGoFields(status.body, ROOT_STATUS, 'vault operator generate-root: status');
      const answer = await go('PUT', 'sys/generate-root/update', { body: goMap({ key, nonce: status.body['nonce'] }) });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      last = answer.body;
    }
    expectGoFields(last, ROOT_STATUS, 'vault operator generate-root: update');
    expect(last['complete']).toBe(true);
    return last;
  }

  beforeAll(async () => {
    people = await Promise.all(['Ann', 'Ben', 'Cy'].map(pgpCustodian));
    server = await startServe({ dataPath: join(dir.dir, 'k.db') });
  });
  afterAll(async () => {
    await server.stop();
    dir.remove();
  });

  it('vault operator init (command/operator_init.go init → api/sys_init.go InitWithContext)', async () => {
    // command/operator_init.go: recovery flags default to 0, -stored-shares is deprecated (0 sent).
    const answer = await go('PUT', 'sys/init', {
      body: { secret_shares: 3, secret_threshold: 2, stored_shares: 0, pgp_keys: null, recovery_shares: 0, recovery_threshold: 0, recovery_pgp_keys: null, root_token_pgp_key: '' },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expectGoFields(answer.body, { keys: 'string[]', keys_base64: 'string[]', root_token: 'string' }, 'vault operator init');
    keys = answer.body['keys'] as string[];
    root = String(answer.body['root_token']);
    expect(keys).toHaveLength(3);
  });

  it('vault status while sealed, vault operator unseal (-reset, then keys), vault status unsealed', async () => {
    const sealed = await vaultStatus();
    expect(sealed).toMatchObject({ sealed: true, t: 2, n: 3, progress: 0 });
    // command/operator_unseal.go with -reset: api/sys_seal.go ResetUnsealProcess.
    const reset = await go('PUT', 'sys/unseal', { body: goMap({ reset: true }) });
    expectGoFields(reset.body, SEAL_STATUS, 'vault operator unseal -reset');
    expect(await vaultOperatorUnseal(keys[0] ?? '')).toMatchObject({ sealed: true, progress: 1 });
    expect(await vaultOperatorUnseal(keys[1] ?? '')).toMatchObject({ sealed: false, progress: 0 });
    const unsealed = await vaultStatus();
    expectGoFields(unsealed, { cluster_name: 'string', cluster_id: 'string' }, 'vault status: cluster');
  });

  it('vault operator key-status and rotate (command/operator_key_status.go, operator_rotate.go → api/sys_rotate.go KeyStatusWithContext, RotateWithContext)', async () => {
    const keyStatus = async () => {
      const data = secretData(await go('GET', 'sys/key-status', { token: root }), 'vault operator key-status');
      expectGoFields(data, { term: 'int', install_time: 'time', encryptions: 'int' }, 'key-status data');
      return data;
    };
    const before = await keyStatus();
    const rotated = await go('POST', 'sys/rotate', { token: root });
    expect(rotated.status).toBe(204);
    expect((await keyStatus())['term']).toBe(Number(before['term']) + 1);
  });

  it('vault write / vault read sys/rotate/config (command/write.go, read.go → api/logical.go WriteWithContext, ReadWithDataWithContext)', async () => {
    // `vault write path k=v` sends every value as a string, in a Go map (sorted keys).
    const written = await go('PUT', 'sys/rotate/config', { token: root, body: goMap({ max_operations: '2000000', interval: '48h' }) });
    expect(written.status, JSON.stringify(written.body)).toBe(204);
    const data = secretData(await go('GET', 'sys/rotate/config', { token: root }), 'vault read sys/rotate/config');
    expect(data).toMatchObject({ max_operations: 2000000, interval: '48h0m0s', enabled: true });
  });

  it('vault policy write / read / list (command/policy_*.go → api/sys_policy.go PutPolicyWithContext, GetPolicyWithContext, ListPoliciesWithContext)', async () => {
    const rules = JSON.stringify({ path: { 'secret/*': { capabilities: ['read', 'list'] } } });
    expect((await go('PUT', 'sys/policies/acl/reader', { token: root, body: goMap({ policy: rules }) })).status).toBe(204);
    const read = secretData(await go('GET', 'sys/policies/acl/reader', { token: root }), 'vault policy read');
    expectGoFields(read, { policy: 'string' }, 'vault policy read');
    expect(JSON.parse(String(read['policy']))).toEqual(JSON.parse(rules));
    const listed = secretData(await go('LIST', 'sys/policies/acl', { token: root }), 'vault policy list');
    expectGoFields(listed, { keys: 'string[]' }, 'vault policy list');
    expect(listed['keys']).toContain('reader');
  });

  it('vault token create / lookup / revoke (command/token_*.go → api/auth_token.go CreateWithContext, LookupWithContext, RevokeTreeWithContext)', async () => {
    // api/auth_token.go TokenCreateRequest: omitempty except display_name and num_uses; the CLI
    // sends -ttl as time.Duration.String() and renewable (default true).
    const created = await go('POST', 'auth/token/create', { token: root, body: { policies: ['reader'], ttl: '1h0m0s', display_name: '', num_uses: 0, renewable: true } });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const auth = created.body['auth'] as Record<string, unknown>;
    expectGoFields(auth, { client_token: 'string', accessor: 'string', policies: 'string[]', token_policies: 'string[]', lease_duration: 'int', renewable: 'bool' }, 'vault token create: auth');
    const token = String(auth['client_token']);
    const looked = secretData(await go('POST', 'auth/token/lookup', { token: root, body: goMap({ token }) }), 'vault token lookup');
    expectGoFields(looked, { accessor: 'string', policies: 'string[]', ttl: 'int', num_uses: 'int', display_name: 'string', id: 'string' }, 'vault token lookup');
    expect(looked['policies']).toContain('reader');
    expect((await go('PUT', 'auth/token/revoke', { token: root, body: goMap({ token }) })).status).toBe(204);
    expectGoError(await go('GET', 'auth/token/lookup-self', { token }), 403, 'revoked token');
  });

  it('vault kv put / get / list / metadata get / delete (command/kv_*.go; kv_helpers.go kvPreflightVersionRequest → api/logical.go)', async () => {
    // Every `vault kv` command asks first which engine serves the path.
    const preflight = async (path: string) => {
      const data = secretData(await go('GET', `sys/internal/ui/mounts/${path}`, { token: root }), 'kv preflight');
      expect(data['path']).toBe('secret/');
      expect((data['options'] as Record<string, unknown>)['version']).toBe('2');
    };
    await preflight('secret/app/db');
    const put = secretData(await go('PUT', 'secret/data/app/db', { token: root, body: goMap({ data: { password: 'hunter2' }, options: {} }) }), 'vault kv put');
    expectGoFields(put, { version: 'int', created_time: 'time', deletion_time: 'string', destroyed: 'bool' }, 'vault kv put');
    await preflight('secret/app/db');
    const got = secretData(await go('GET', 'secret/data/app/db', { token: root }), 'vault kv get');
    expect(got['data']).toEqual({ password: 'hunter2' });
    expectGoFields(got['metadata'] as Record<string, unknown>, { version: 'int', created_time: 'time' }, 'vault kv get metadata');
    await preflight('secret/app');
    const listed = secretData(await go('LIST', 'secret/metadata/app', { token: root }), 'vault kv list');
    expect(listed['keys']).toEqual(['db']);
    await preflight('secret/app/db');
    const metadata = secretData(await go('GET', 'secret/metadata/app/db', { token: root }), 'vault kv metadata get');
    expectGoFields(metadata, { current_version: 'int', oldest_version: 'int', max_versions: 'int', created_time: 'time', versions: 'map' }, 'vault kv metadata get');
    await preflight('secret/app/db');
    expect((await go('DELETE', 'secret/data/app/db', { token: root })).status).toBe(204);
    // kv_helpers.go kvReadRequest: a 404 with data (the deleted version's metadata) is still read.
    const deleted = await go('GET', 'secret/data/app/db', { token: root });
    expect(deleted.status).toBe(404);
    expect(((deleted.body['data'] as Record<string, unknown>)['metadata'] as Record<string, unknown>)['deletion_time']).not.toBe('');
  });

  it('vault write -wrap-ttl, then vault unwrap (command/unwrap.go → api/logical.go UnwrapWithContext)', async () => {
    const wrapped = await go('PUT', 'sys/wrapping/wrap', { token: root, wrapTtl: '5m', body: goMap({ handoff: 'to-ben' }) });
    expect(wrapped.status).toBe(200);
    const info = wrapped.body['wrap_info'] as Record<string, unknown>;
    expectGoFields(info, { token: 'string', accessor: 'string', ttl: 'int', creation_time: 'time', creation_path: 'string' }, 'wrap_info');
    const unwrapped = secretData(await go('PUT', 'sys/wrapping/unwrap', { token: root, body: goMap({ token: info['token'] }) }), 'vault unwrap');
    expect(unwrapped).toEqual({ handoff: 'to-ben' });
  });

  it('vault operator rekey -init -verify, provide, -verify provide (command/operator_rekey.go → api/sys_rekey.go RekeyInit, RekeyUpdate, RekeyVerificationStatus, RekeyVerificationUpdate)', async () => {
    const started = await go('PUT', 'sys/rekey/init', { body: { secret_shares: 3, secret_threshold: 2, stored_shares: 0, pgp_keys: null, Backup: false, require_verification: true } });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expectGoFields(started.body, REKEY_STATUS, 'vault operator rekey -init');
    expect(started.body).toMatchObject({ started: true, t: 2, n: 3, verification_required: true });
    const done = await vaultOperatorRekeyProvide(keys.slice(0, 2));
    expect(done).toMatchObject({ complete: true, verification_required: true });
    expectGoFields(done, { verification_nonce: 'string' }, 'rekey update');
    const fresh = done['keys'] as string[];
    let verified: Record<string, unknown> = {};
    for (const key of fresh.slice(1, 3)) {
      const status = await go('GET', 'sys/rekey/verify');
      expectGoFields(status.body, { nonce: 'string', started: 'bool', t: 'int', n: 'int', progress: 'int' }, 'vault operator rekey -verify: status');
      verified = (await go('PUT', 'sys/rekey/verify', { body: goMap({ key, nonce: status.body['nonce'] }) })).body;
    }
    expectGoFields(verified, { nonce: 'string', complete: 'bool' }, 'vault operator rekey -verify');
    expect(verified['complete']).toBe(true);
    keys = fresh;
  });

  it('vault operator rekey -cancel sends no nonce, and Symbolon refuses it readably (a stranger must not cancel a ceremony)', async () => {
    const started = await go('PUT', 'sys/rekey/init', { body: { secret_shares: 3, secret_threshold: 2, stored_shares: 0, pgp_keys: null, Backup: false, require_verification: false } });
    expect(started.status).toBe(200);
    // api/sys_rekey.go RekeyCancelWithContext: DELETE, no body.
    expect(expectGoError(await go('DELETE', 'sys/rekey/init'), 400, 'vault operator rekey -cancel')).toMatch(/nonce/);
    // Cancelled with the nonce (the UI and scripts that know it).
    expect((await go('DELETE', 'sys/rekey/init', { body: goMap({ nonce: started.body['nonce'] }) })).status).toBe(204);
  });

  it('vault operator rekey -init -pgp-keys -backup, then -backup-retrieve and -backup-delete (api/sys_rekey.go RekeyInit with untagged Backup, RekeyRetrieveBackup, RekeyDeleteBackup)', async () => {
    const started = await go('PUT', 'sys/rekey/init', {
      body: { secret_shares: 3, secret_threshold: 2, stored_shares: 0, pgp_keys: people.map((p) => p.publicBase64), Backup: true, require_verification: false },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expectGoFields(started.body, REKEY_STATUS, 'vault operator rekey -init -backup');
    // The Go client spells it "Backup"; Go's decoding matches it to `backup`, and so must Symbolon.
    expect(started.body['backup']).toBe(true);
    expect(started.body['pgp_fingerprints']).toEqual(people.map((p) => p.fingerprint));
    const done = await vaultOperatorRekeyProvide(keys.slice(0, 2));
    expect(done).toMatchObject({ complete: true, backup: true, verification_required: false });
    const shares = await Promise.all((done['keys_base64'] as string[]).map((k, i) => decrypt(people[i] as PgpCustodian, k)));
    const backup = secretData(await go('GET', 'sys/rekey/backup', { token: root }), 'vault operator rekey -backup-retrieve');
    expectGoFields(backup, { nonce: 'string', keys: 'map[string][]string', keys_base64: 'map[string][]string' }, 'RekeyRetrieveResponse');
    expect(Object.keys(backup['keys'] as object).sort()).toEqual(people.map((p) => p.fingerprint).sort());
    expect((await go('DELETE', 'sys/rekey/backup', { token: root })).status).toBe(204);
    expectGoError(await go('GET', 'sys/rekey/backup', { token: root }), 400, 'backup deleted');
    keys = shares;
  });

  it('vault operator generate-root -init (server OTP), provide, -decode; -init -otp; -init -pgp-key; -cancel (command/operator_generate_root.go → api/sys_generate_root.go)', async () => {
    // GenerateRootInit(otp, pgpKey) always sends both fields; empty means "not given".
    const started = await go('PUT', 'sys/generate-root/attempt', { body: goMap({ otp: '', pgp_key: '' }) });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expectGoFields(started.body, ROOT_STATUS, 'vault operator generate-root -init');
    const otp = String(started.body['otp']);
    expect(otp).toHaveLength(Number(started.body['otp_length']));
    const done = await vaultOperatorGenerateRootProvide(keys.slice(0, 2));
    const token = decodeRootToken(String(done['encoded_token']), otp);
    expect(secretData(await go('GET', 'auth/token/lookup-self', { token }), 'new root token')['policies']).toEqual(['root']);

    // -generate-otp makes the OTP locally, at the length the status asks for.
    const length = Number((await go('GET', 'sys/generate-root/attempt')).body['otp_length']);
    const own = generateOtp(length);
    const withOtp = await go('PUT', 'sys/generate-root/attempt', { body: goMap({ otp: own, pgp_key: '' }) });
    expect(withOtp.status, JSON.stringify(withOtp.body)).toBe(200);
    const second = await vaultOperatorGenerateRootProvide(keys.slice(1, 3));
    expect(secretData(await go('GET', 'auth/token/lookup-self', { token: decodeRootToken(String(second['encoded_token']), own) }), 'OTP root')['policies']).toEqual(['root']);

    const withPgp = await go('PUT', 'sys/generate-root/attempt', { body: goMap({ otp: '', pgp_key: people[0]?.publicBase64 }) });
    expect(withPgp.body['pgp_fingerprint']).toBe(people[0]?.fingerprint);
    const third = await vaultOperatorGenerateRootProvide(keys.slice(0, 2));
    const pgpToken = await decrypt(people[0] as PgpCustodian, String(third['encoded_token']));
    expect(secretData(await go('GET', 'auth/token/lookup-self', { token: pgpToken }), 'PGP root')['policies']).toEqual(['root']);

    expect((await go('PUT', 'sys/generate-root/attempt', { body: goMap({ otp: '', pgp_key: '' }) })).status).toBe(200);
    expect((await go('DELETE', 'sys/generate-root/attempt')).status).toBe(204);
    expect((await go('GET', 'sys/generate-root/attempt')).body['started']).toBe(false);
  });

  it('vault operator seal (command/operator_seal.go → api/sys_seal.go SealWithContext), then vault status reports sealed', async () => {
    expect((await go('PUT', 'sys/seal', { token: root })).status).toBe(204);
    expect(await vaultStatus()).toMatchObject({ sealed: true, t: 2, n: 3 });
    const status = await go('GET', 'sys/seal-status');
    expect(status.body['cluster_id']).toBeUndefined();
  });
});
