/**
 * KV version 2 at `secret/` through real HTTP against `symbolon serve` on a real keyring file
 * (HashiCorp Vault API docs, "KV secrets engine - version 2"; vault-plugin-secrets-kv behaviour):
 * versions, check-and-set, soft delete / undelete / destroy, metadata, listing, config, the 404s
 * (a deleted version answers 404 with its metadata, as Vault does), the mount lookup of
 * `vault kv`, and that no value reaches the keyring file in the clear.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, initAndUnseal, startServe, tempDir } from '../../helpers/serve.js';
import type { ServeProcess } from '../../helpers/serve.js';
import type { KvReadData, KvVersionMetadata } from '../../../shared/api/kv.js';
import type { UiMountData } from '../../../shared/api/mounts.js';

interface Envelope<T = Record<string, unknown>> {
  request_id: string;
  lease_id: string;
  renewable: boolean;
  lease_duration: number;
  data: T;
  wrap_info: null;
  warnings: string[] | null;
  auth: null;
  errors?: string[];
  error_code?: string;
}
/** The answers' shapes are the API's own (shared/api/kv.ts). */
type VersionMeta = KvVersionMetadata;
type SecretData = KvReadData;

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const CAS_MISMATCH = 'check-and-set parameter did not match the current version';

describe('KV version 2 (HTTP)', () => {
  let dir: ReturnType<typeof tempDir>;
  let server: ServeProcess;
  let token: string;
  const call = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) =>
    api<Envelope<T>>(server, method, path, { token, ...(body === undefined ? {} : { body }) });

  beforeAll(async () => {
    dir = tempDir();
    server = await startServe({ dataPath: join(dir.dir, 'k.db') });
    token = (await initAndUnseal(server, 1, 1)).root_token;
  });
  afterAll(async () => {
    await server.stop();
    dir.remove();
  });

  it('writes a version and answers with its metadata, as Vault does', async () => {
    const r = await call<VersionMeta>('POST', 'secret/data/app/db', { data: { password: 'hunter2', port: 5432 } });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body.data).sort()).toEqual(['created_time', 'custom_metadata', 'deletion_time', 'destroyed', 'version']);
    expect(r.body.data).toMatchObject({ version: 1, deletion_time: '', destroyed: false, custom_metadata: null });
    expect(r.body.data.created_time).toMatch(RFC3339);
    expect(r.body).toMatchObject({ lease_id: '', renewable: false, lease_duration: 0, wrap_info: null, auth: null });
  });

  it('reads the current version and any kept version with ?version=', async () => {
    await call('PUT', 'secret/data/app/db', { data: { password: 'hunter3' } });
    const current = await call<SecretData>('GET', 'secret/data/app/db');
    expect(current.status).toBe(200);
    expect(current.body.data.data).toEqual({ password: 'hunter3' });
    expect(current.body.data.metadata).toMatchObject({ version: 2, deletion_time: '', destroyed: false });
    const first = await call<SecretData>('GET', 'secret/data/app/db?version=1');
    expect(first.body.data.data).toEqual({ password: 'hunter2', port: 5432 });
    expect(first.body.data.metadata.version).toBe(1);
    expect((await call('GET', 'secret/data/app/db?version=9')).status).toBe(404);
    expect((await call('GET', 'secret/data/app/db?version=one')).status).toBe(400);
  });

  it('applies check-and-set: 0 only creates, n must be the current version, mismatches change nothing', async () => {
    expect((await call('POST', 'secret/data/cas', { data: { v: 1 }, options: { cas: 0 } })).status).toBe(200);
    const again = await call('POST', 'secret/data/cas', { data: { v: 2 }, options: { cas: 0 } });
    expect(again.status).toBe(400);
    expect(again.body.errors).toEqual([CAS_MISMATCH]);
    expect((await call('POST', 'secret/data/cas', { data: { v: 2 }, options: { cas: 5 } })).body.errors).toEqual([CAS_MISMATCH]);
    expect((await call('POST', 'secret/data/cas', { data: { v: 2 }, options: { cas: 'x' } })).body.errors).toEqual(['error parsing check-and-set parameter']);
    expect((await call<SecretData>('GET', 'secret/data/cas')).body.data.data).toEqual({ v: 1 });
    const ok = await call<VersionMeta>('POST', 'secret/data/cas', { data: { v: 2 }, options: { cas: 1 } });
    expect(ok.body.data.version).toBe(2);
  });

  it('enforces cas_required set on the secret', async () => {
    await call('POST', 'secret/metadata/strict', { cas_required: true });
    const r = await call('POST', 'secret/data/strict', { data: { v: 1 } });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual(['check-and-set parameter required for this call']);
    expect((await call('POST', 'secret/data/strict', { data: { v: 1 }, options: { cas: 0 } })).status).toBe(200);
  });

  it('soft-deletes the latest version; reading it is a 404 that carries the metadata; undelete restores it', async () => {
    await call('POST', 'secret/data/soft', { data: { v: 'one' } });
    await call('POST', 'secret/data/soft', { data: { v: 'two' } });
    const del = await call('DELETE', 'secret/data/soft');
    expect(del.status).toBe(204);
    const gone = await call<SecretData>('GET', 'secret/data/soft');
    expect(gone.status).toBe(404);
    expect(gone.body.data.data).toBeNull();
    expect(gone.body.data.metadata).toMatchObject({ version: 2, destroyed: false });
    expect(gone.body.data.metadata.deletion_time).toMatch(RFC3339);
    expect(gone.text).not.toContain('two');
    // Earlier versions stay readable.
    expect((await call<SecretData>('GET', 'secret/data/soft?version=1')).body.data.data).toEqual({ v: 'one' });
    expect((await call('POST', 'secret/undelete/soft', { versions: [2] })).status).toBe(204);
    const back = await call<SecretData>('GET', 'secret/data/soft');
    expect(back.body.data).toMatchObject({ data: { v: 'two' }, metadata: { deletion_time: '' } });
  });

  it('deletes chosen versions through secret/delete and requires a version list', async () => {
    await call('POST', 'secret/data/multi', { data: { v: 1 } });
    await call('POST', 'secret/data/multi', { data: { v: 2 } });
    await call('POST', 'secret/data/multi', { data: { v: 3 } });
    expect((await call('POST', 'secret/delete/multi', { versions: [1, 2] })).status).toBe(204);
    expect((await call('GET', 'secret/data/multi?version=1')).status).toBe(404);
    expect((await call('GET', 'secret/data/multi?version=2')).status).toBe(404);
    expect((await call<SecretData>('GET', 'secret/data/multi')).body.data.data).toEqual({ v: 3 });
    const none = await call('POST', 'secret/delete/multi', {});
    expect(none.status).toBe(400);
    expect(none.body.errors).toEqual(['No version number provided']);
    // A comma-separated list is accepted, as Vault's TypeCommaIntSlice does.
    expect((await call('POST', 'secret/undelete/multi', { versions: '1,2' })).status).toBe(204);
    expect((await call<SecretData>('GET', 'secret/data/multi?version=1')).body.data.data).toEqual({ v: 1 });
  });

  it('destroys versions for good: 404 with destroyed:true, and undelete cannot bring them back', async () => {
    await call('POST', 'secret/data/burn', { data: { v: 'ashes' } });
    expect((await call('POST', 'secret/destroy/burn', { versions: [1] })).status).toBe(204);
    const r = await call<SecretData>('GET', 'secret/data/burn');
    expect(r.status).toBe(404);
    expect(r.body.data.metadata).toMatchObject({ version: 1, destroyed: true });
    await call('POST', 'secret/undelete/burn', { versions: [1] });
    expect((await call('GET', 'secret/data/burn')).status).toBe(404);
    expect((await call('POST', 'secret/destroy/burn', {})).body.errors).toEqual(['no version number provided']);
  });

  it('reads and writes key metadata in Vault\'s shape and keeps only max_versions versions', async () => {
    expect((await call('POST', 'secret/metadata/meta', { max_versions: 2, custom_metadata: { owner: 'ops-team-77c1', ticket: 42 } })).status).toBe(204);
    for (const v of [1, 2, 3]) await call('POST', 'secret/data/meta', { data: { v } });
    const r = await call<Record<string, unknown>>('GET', 'secret/metadata/meta');
    expect(r.status).toBe(200);
    expect(Object.keys(r.body.data).sort()).toEqual([
      'cas_required', 'created_time', 'current_version', 'custom_metadata', 'delete_version_after',
      'max_versions', 'oldest_version', 'updated_time', 'versions',
    ]);
    expect(r.body.data).toMatchObject({
      cas_required: false, current_version: 3, oldest_version: 2, max_versions: 2, delete_version_after: '0s',
      custom_metadata: { owner: 'ops-team-77c1', ticket: '42' },
    });
    expect(Object.keys(r.body.data['versions'] as object)).toEqual(['2', '3']);
    expect((await call<SecretData>('GET', 'secret/data/meta')).body.data.metadata.custom_metadata).toEqual({ owner: 'ops-team-77c1', ticket: '42' });
    expect((await call('GET', 'secret/data/meta?version=1')).status).toBe(404);
    const bad = await call('POST', 'secret/metadata/meta', { custom_metadata: { owner: '' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]).toMatch(/^custom_metadata validation failed: length of value for key "owner" is 0/);
    expect((await call('POST', 'secret/metadata/meta', { delete_version_after: '1h' })).status).toBe(400);
  });

  it('deletes every version and the metadata through DELETE secret/metadata', async () => {
    await call('POST', 'secret/data/doomed', { data: { v: 1 } });
    expect((await call('DELETE', 'secret/metadata/doomed')).status).toBe(204);
    expect((await call('GET', 'secret/metadata/doomed')).status).toBe(404);
    expect((await call('GET', 'secret/data/doomed')).status).toBe(404);
    // Deleting what does not exist is not an error (Vault).
    expect((await call('DELETE', 'secret/metadata/doomed')).status).toBe(204);
  });

  it('lists keys under a folder with ?list=true or ?list=1, folders ending in /, and 404 when empty', async () => {
    await call('POST', 'secret/data/team/alpha', { data: { v: 1 } });
    await call('POST', 'secret/data/team/deep/beta', { data: { v: 1 } });
    const root = await call<{ keys: string[] }>('GET', 'secret/metadata/?list=true');
    expect(root.status).toBe(200);
    expect(root.body.data.keys).toEqual(expect.arrayContaining(['app/', 'cas', 'team/']));
    expect(root.body.data.keys).toEqual([...root.body.data.keys].sort());
    const team = await call<{ keys: string[] }>('GET', 'secret/metadata/team?list=1');
    expect(team.body.data.keys).toEqual(['alpha', 'deep/']);
    expect((await call('GET', 'secret/metadata/nothing-here/?list=true')).status).toBe(404);
  });

  it('answers 404 for a secret that never existed and 400 for bad input, changing nothing', async () => {
    const missing = await call('GET', 'secret/data/never');
    expect(missing.status).toBe(404);
    expect((await call('GET', 'secret/metadata/never')).status).toBe(404);
    expect((await call('POST', 'secret/data/x', {})).body.errors).toEqual(['no data provided']);
    expect((await call('POST', 'secret/data/x', { data: 'text' })).status).toBe(400);
    expect((await call('POST', 'secret/data/x', { data: { v: 1 }, options: 'cas' })).status).toBe(400);
    expect((await call('POST', 'secret/data/a//b', { data: { v: 1 } })).status).toBe(400);
    expect((await call('POST', 'secret/data', { data: { v: 1 } })).status).toBe(400);
    expect((await call('GET', 'secret/metadata/x')).status).toBe(404);
  });

  it('reads and writes the engine config', async () => {
    const before = await call('GET', 'secret/config');
    expect(before.body.data).toEqual({ max_versions: 0, cas_required: false, delete_version_after: '0s' });
    expect((await call('POST', 'secret/config', { max_versions: 20 })).status).toBe(204);
    expect((await call('GET', 'secret/config')).body.data).toMatchObject({ max_versions: 20, cas_required: false });
    expect((await call('POST', 'secret/config', { max_versions: -1 })).status).toBe(400);
  });

  it('tells `vault kv` that secret/ is KV version 2', async () => {
    const r = await call<UiMountData>('GET', 'sys/internal/ui/mounts/secret/app/db');
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ path: 'secret/', type: 'kv', options: { version: '2' } });
    expect((await call('GET', 'sys/internal/ui/mounts/other/x')).status).toBe(404);
    expect((await api(server, 'GET', 'sys/internal/ui/mounts/secret/x')).status).toBe(403);
  });

  it('asks for create on a new secret and update on an existing one, as Vault\'s existence check does', async () => {
    const policy = (name: string, paths: Record<string, string[]>) =>
      call('PUT', `sys/policies/acl/${name}`, { policy: JSON.stringify({ path: Object.fromEntries(Object.entries(paths).map(([p, c]) => [p, { capabilities: c }])) }) });
    const tokenWith = async (name: string) =>
      (await call<null>('POST', 'auth/token/create', { policies: [name] })).body.auth as unknown as { client_token: string };
    await call('POST', 'secret/data/caps/existing', { data: { v: 1 } });
    expect((await policy('kv-create', { 'secret/data/caps/*': ['create'] })).status).toBe(204);
    expect((await policy('kv-update', { 'secret/data/caps/*': ['update', 'read'], 'secret/metadata/caps/': ['list'] })).status).toBe(204);
    const creator = (await tokenWith('kv-create')).client_token;
    const updater = (await tokenWith('kv-update')).client_token;
    const as = (t: string, method: string, path: string, body?: unknown) => api<Envelope>(server, method, path, { token: t, ...(body === undefined ? {} : { body }) });

    expect((await as(creator, 'POST', 'secret/data/caps/new', { data: { v: 1 } })).status).toBe(200);
    const refusedUpdate = await as(creator, 'POST', 'secret/data/caps/existing', { data: { v: 2 } });
    expect(refusedUpdate.status).toBe(403);
    expect(refusedUpdate.body).toMatchObject({ error_code: 'PERMISSION_DENIED', context: { capability: 'update' } });
    const refusedCreate = await as(updater, 'POST', 'secret/data/caps/brand-new', { data: { v: 1 } });
    expect(refusedCreate.status).toBe(403);
    expect(refusedCreate.body).toMatchObject({ context: { capability: 'create' } });
    expect((await as(updater, 'POST', 'secret/data/caps/existing', { data: { v: 2 } })).status).toBe(200);
    expect((await as(updater, 'GET', 'secret/metadata/caps?list=true')).status).toBe(200);
    expect((await as(updater, 'GET', 'secret/metadata/caps/existing')).status).toBe(403);
    expect((await as(updater, 'DELETE', 'secret/data/caps/existing')).status).toBe(403);
    expect((await as(creator, 'GET', 'secret/data/caps/new')).status).toBe(403);
    // Nothing a refused request tried was stored.
    expect((await call('GET', 'secret/data/caps/brand-new')).status).toBe(404);
    expect((await call<SecretData>('GET', 'secret/data/caps/existing')).body.data.data).toEqual({ v: 2 });
  });

  it('refuses a request without a valid token (403) and every KV path while sealed (503)', async () => {
    expect((await api(server, 'GET', 'secret/data/app/db')).status).toBe(403);
    expect((await api(server, 'GET', 'secret/data/app/db', { token: 'hvs.' + 'x'.repeat(24) })).status).toBe(403);
    expect((await call('PUT', 'sys/seal')).status).toBe(204);
    const sealed = await call('GET', 'secret/data/app/db');
    expect(sealed.status).toBe(503);
    expect(sealed.body.errors).toEqual(['Vault is sealed']);
  });

  it('leaves no secret value in the keyring file in the clear', () => {
    const files = readdirSync(dir.dir).map((f) => readFileSync(join(dir.dir, f)));
    for (const value of ['hunter2', 'hunter3', 'ashes', 'ops-team-77c1']) {
      for (const bytes of files) expect(bytes.includes(Buffer.from(value))).toBe(false);
    }
  });
});
