/**
 * An operator's first day, tried as a new user would, through the real interface only (the compiled
 * `symbolon serve` on a real keyring file, HTTP, and the `symbolon audit` CLI):
 *  1. the operator initializes 2-of-3, unseals, writes a policy and gives a script a limited token;
 *  2. the script stores secrets in KV (and is refused outside its path);
 *  3. the operator rotates: term 2, every secret still reads;
 *  4. the operator wraps a secret for a colleague, who looks it up and unwraps it once (a second
 *     unwrap fails);
 *  5. the operator rewraps every record to the new term and watches the progress to the end; the
 *     file then holds no record under term 1;
 *  6. the audit chain verifies (API and offline CLI), records the rotation and the rewrap, and
 *     holds none of the secrets, shares or tokens; after a restart everything reads back.
 * Figures noted in the same run: 4 KiB records/s through the API (HTTP, ACL, barrier, audit),
 * through the barrier alone, and raw AES-256-GCM + SQLite (same pragmas, one transaction each).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Barrier, KEYRING_PATH } from '../../../electron/core/barrier/barrier.js';
import { gcmEncrypt } from '../../../electron/core/crypto/aes-gcm.js';
import { inTransaction, openDatabase } from '../../../electron/core/storage/database.js';
import type { RewrapData } from '../../../shared/api/rewrap.js';
import type { WrapInfoResponse } from '../../../shared/api/wrapping.js';
import { CLI, api, startServe, tempDir } from '../../helpers/serve.js';
import type { InitResponse, ServeProcess } from '../../helpers/serve.js';
import { unsealedCore } from '../../helpers/unsealed-core.js';
import { dbOf } from '../../helpers/core-internals.js';

const RECORDS = 200;
const VALUE_BYTES = 4096;

interface Envelope<T> {
  data: T;
  wrap_info: WrapInfoResponse | null;
  auth: { client_token: string; accessor: string; policies: string[] } | null;
  errors?: string[];
}

type RewrapProgress = Pick<RewrapData, 'running' | 'remaining' | 'done' | 'terms' | 'error'>;

const value4k = (i: number) => randomBytes(VALUE_BYTES / 2).toString('hex').slice(0, VALUE_BYTES - 8) + String(i).padStart(8, '0');
const perSecond = (n: number, ms: number) => Math.round((n / ms) * 1000);

/** Raw AES-256-GCM + SQLite: the floor the barrier adds to (same pragmas, one transaction per record). */
function rawGcmSqlite(file: string, values: string[]): number {
  const db = openDatabase(file);
  const key = randomBytes(32);
  const insert = db.prepare('INSERT INTO records (path, value) VALUES (?, ?)');
  const start = performance.now();
  values.forEach((v, i) => {
    const path = `raw/${i}`;
    db.transaction(() => insert.run(path, Buffer.from(gcmEncrypt(key, Buffer.from(v), Buffer.from(path))))).immediate();
  });
  const ms = performance.now() - start;
  db.close();
  return perSecond(values.length, ms);
}

async function barrierOnly(file: string, values: string[]): Promise<number> {
  const { core } = await unsealedCore(file);
  try {
    const start = performance.now();
    values.forEach((v, i) => inTransaction(dbOf(core), () => core.barrier.put(`bench/${i}`, Buffer.from(v))));
    return perSecond(values.length, performance.now() - start);
  } finally {
    core.close();
  }
}

describe('an operator’s first day: a limited script, rotate, wrap for a colleague, rewrap, verify the audit', () => {
  const dir = tempDir();
  const file = join(dir.dir, 'keyring.db');
  let server: ServeProcess;
  let init: InitResponse;
  let root: string;
  let script: string;
  const secrets: string[] = [];
  const values = Array.from({ length: RECORDS }, (_, i) => value4k(i));
  const figures: Record<string, number> = {};

  beforeAll(async () => {
    server = await startServe({ dataPath: file });
  });
  afterAll(async () => {
    await server.stop();
    dir.remove();
    console.log(`[operator walkthrough] 4 KiB records/s: API ${figures['api']} · barrier ${figures['barrier']} · raw AES-256-GCM+SQLite ${figures['raw']} (n=${RECORDS})`);
  });

  it('1. the operator initializes, unseals and issues a limited token to the script', async () => {
    const r = await api<InitResponse>(server, 'PUT', 'sys/init', { body: { secret_shares: 3, secret_threshold: 2, custodians: ['Alice', 'Bob', 'Carol'] } });
    expect(r.status).toBe(200);
    init = r.body;
    root = init.root_token;
    secrets.push(root, ...init.keys, ...init.keys_base64);
    for (const key of [init.keys[0], init.keys[2]]) expect((await api(server, 'PUT', 'sys/unseal', { body: { key } })).status).toBe(200);
    expect((await api<{ sealed: boolean }>(server, 'GET', 'sys/seal-status')).body.sealed).toBe(false);

    const policy = { path: { 'secret/data/ci/*': { capabilities: ['create', 'update', 'read'] }, 'secret/metadata/ci/': { capabilities: ['list'] } } };
    expect((await api(server, 'PUT', 'sys/policies/acl/ci-script', { token: root, body: { policy: JSON.stringify(policy) } })).status).toBe(204);
    const created = await api<Envelope<null>>(server, 'POST', 'auth/token/create', { token: root, body: { policies: ['ci-script'], ttl: '2h', display_name: 'ci' } });
    expect(created.status).toBe(200);
    script = created.body.auth?.client_token ?? '';
    secrets.push(script);
    expect(created.body.auth?.policies).toContain('ci-script');
  });

  it('2. the script stores secrets in KV with its limited token, and nothing outside its path', async () => {
    const deployKey = 'deploy-key-' + randomBytes(16).toString('hex');
    secrets.push(deployKey);
    expect((await api(server, 'POST', 'secret/data/ci/deploy', { token: script, body: { data: { key: deployKey }, options: { cas: 0 } } })).status).toBe(200);
    const start = performance.now();
    for (const [i, v] of values.entries()) {
      const w = await api(server, 'POST', `secret/data/ci/blob-${i}`, { token: script, body: { data: { v } } });
      if (w.status !== 200) throw new Error(`write ${i}: ${w.status} ${w.text}`);
    }
    figures['api'] = perSecond(RECORDS, performance.now() - start);
    const listed = await api<Envelope<{ keys: string[] }>>(server, 'GET', 'secret/metadata/ci?list=true', { token: script });
    expect(listed.body.data.keys).toHaveLength(RECORDS + 1);
    expect((await api(server, 'POST', 'secret/data/prod/db', { token: script, body: { data: { v: 'x' } } })).status).toBe(403);
    expect((await api(server, 'PUT', 'sys/rotate', { token: script })).status).toBe(403);
    secrets.push(...values.slice(0, 5));
  });

  it('3. the operator rotates; secrets written under term 1 still read', async () => {
    const before = await api<Envelope<{ term: number }>>(server, 'GET', 'sys/key-status', { token: root });
    expect(before.body.data.term).toBe(1);
    expect((await api(server, 'PUT', 'sys/rotate', { token: root })).status).toBe(204);
    const after = await api<Envelope<{ term: number }>>(server, 'GET', 'sys/key-status', { token: root });
    expect(after.body.data.term).toBe(2);
    const read = await api<Envelope<{ data: { v: string } }>>(server, 'GET', 'secret/data/ci/blob-7', { token: script });
    expect(read.body.data.data.v).toBe(values[7]);
  });

  it('4. the operator wraps a secret for a colleague, who unwraps it exactly once', async () => {
    const wrapped = await api<Envelope<null>>(server, 'GET', 'secret/data/ci/deploy', { token: root, headers: { 'X-Vault-Wrap-TTL': '15m' } });
    expect(wrapped.status).toBe(200);
    expect(wrapped.body.data).toBeNull();
    const wrapToken = wrapped.body.wrap_info?.token ?? '';
    secrets.push(wrapToken);
    // The colleague checks what they were given before opening it.
    const lookup = await api<Envelope<{ creation_path: string; creation_ttl: number }>>(server, 'POST', 'sys/wrapping/lookup', { body: { token: wrapToken } });
    expect(lookup.body.data).toMatchObject({ creation_path: 'secret/data/ci/deploy', creation_ttl: 900 });
    const opened = await api<Envelope<{ data: { key: string } }>>(server, 'POST', 'sys/wrapping/unwrap', { token: wrapToken });
    expect(opened.status).toBe(200);
    expect(opened.body.data.data.key).toBe(secrets.find((s) => s.startsWith('deploy-key-')));
    const again = await api(server, 'POST', 'sys/wrapping/unwrap', { token: wrapToken });
    expect(again.status).toBe(400);
    expect((again.body as { errors: string[] }).errors).toEqual(['wrapping token is not valid or does not exist']);
  });

  it('5. the operator rewraps every record to the new term and follows the progress to the end', async () => {
    const started = await api<Envelope<Pick<RewrapData, 'target_term' | 'remaining'>>>(server, 'POST', 'sys/rewrap', { token: root });
    expect(started.status).toBe(200);
    expect(started.body.data.target_term).toBe(2);
    const poll = async () => (await api<Envelope<RewrapProgress>>(server, 'GET', 'sys/rewrap', { token: root })).body.data;
    let progress = await poll();
    for (let i = 0; i < 600 && (progress.running || progress.remaining > 0); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      progress = await poll();
    }
    expect(progress).toMatchObject({ running: false, remaining: 0, error: null });
    expect(progress.done).toBeGreaterThan(RECORDS);
    expect(Object.keys(progress.terms)).toEqual(['2']);
    // Read the file itself: no record is left under term 1 (the keyring record is under the root key, term 0).
    const db = new Database(file, { readonly: true });
    const terms = new Set((db.prepare('SELECT path, value FROM records WHERE path != ?').all(KEYRING_PATH) as { value: Buffer }[]).map((r) => Barrier.termOf(r.value)));
    db.close();
    expect([...terms]).toEqual([2]);
    expect((await api<Envelope<{ data: { v: string } }>>(server, 'GET', 'secret/data/ci/blob-199', { token: script })).body.data.data.v).toBe(values[199]);
  });

  it('6. the audit chain verifies, tells the story, holds no secret, and everything survives a restart', async () => {
    const verdict = await api<Envelope<{ ok: boolean; entries: number }>>(server, 'GET', 'sys/audit/verify', { token: root });
    expect(verdict.body.data.ok).toBe(true);
    await server.stop();

    const cli = spawnSync(process.execPath, [CLI, 'audit', 'verify', '--data', file], { encoding: 'utf8' });
    expect(cli.status).toBe(0);
    expect(cli.stdout).toMatch(/audit chain intact: \d+ entries checked/);

    const db = new Database(file, { readonly: true });
    const entries = (db.prepare('SELECT entry FROM audit_log ORDER BY seq').all() as { entry: string }[]).map((r) => r.entry);
    db.close();
    const all = entries.join('\n');
    for (const secret of secrets) expect(all.includes(secret), `a secret of length ${secret.length} is in the audit log`).toBe(false);
    const parsed = entries.map((e) => JSON.parse(e) as Record<string, unknown>);
    expect(parsed.find((e) => e['type'] === 'rotation')).toMatchObject({ reason: 'manual', term: 2, previous_term: 1 });
    expect(parsed.filter((e) => e['type'] === 'rewrap').map((e) => e['step'])).toEqual(['started', 'finished']);
    expect(parsed.some((e) => e['path'] === 'sys/wrapping/unwrap' && e['status'] === 200)).toBe(true);
    expect(parsed.some((e) => e['path'] === 'sys/wrapping/unwrap' && e['status'] === 400)).toBe(true);

    server = await startServe({ dataPath: file });
    for (const key of [init.keys_base64[1], init.keys_base64[2]]) await api(server, 'PUT', 'sys/unseal', { body: { key } });
    const read = await api<Envelope<{ data: { v: string } }>>(server, 'GET', 'secret/data/ci/blob-0', { token: script });
    expect(read.body.data.data.v).toBe(values[0]);
    expect((await api<Envelope<{ term: number }>>(server, 'GET', 'sys/key-status', { token: root })).body.data.term).toBe(2);

    // Figures in the same run, on the same disk.
    figures['barrier'] = await barrierOnly(join(dir.dir, 'barrier-bench.db'), values);
    figures['raw'] = rawGcmSqlite(join(dir.dir, 'raw-bench.db'), values);
    expect(figures['api']).toBeGreaterThan(0);
  });
});
