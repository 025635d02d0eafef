/**
 * sys/rewrap (Symbolon extension) through real HTTP: progress before, during and after a job,
 * every record (KV secrets written over HTTP, and records seeded in the file) ending under the
 * active term and reading back unchanged, a seal in the middle of a job and the resume on unseal,
 * and what each method needs (GET read, POST update+sudo).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RewrapData } from '../../../shared/api/rewrap.js';
import { api, startServe, tempDir } from '../../helpers/serve.js';
import type { ServeProcess } from '../../helpers/serve.js';
import { recordValue, reopenUnsealed, seedRecords, unsealedCore } from '../../helpers/unsealed-core.js';

/** The answer as the contract defines it. */
type Progress = RewrapData;

const SEEDED = 5_000;
const SEED_SIZE = 64;
const SECRETS = 40;

describe('sys/rewrap', () => {
  let dir: ReturnType<typeof tempDir>;
  let dataPath: string;
  let server: ServeProcess;
  let root: string;
  let key: string;
  let seeded: string[];

  beforeAll(async () => {
    dir = tempDir();
    dataPath = join(dir.dir, 'keyring.db');
    // Many small records are seeded in-process (fast); the API only knows them as barrier records.
    const prepared = await unsealedCore(dataPath);
    seeded = seedRecords(prepared.core, SEEDED, SEED_SIZE);
    prepared.core.close();
    root = prepared.rootToken;
    key = prepared.key;
    server = await startServe({ dataPath });
    expect((await api(server, 'PUT', 'sys/unseal', { body: { key } })).status).toBe(200);
  });
  afterAll(async () => {
    await server.stop();
    dir.remove();
  });

  async function progress(token = root): Promise<Progress> {
    const r = await api<{ data: Progress }>(server, 'GET', 'sys/rewrap', { token });
    expect(r.status).toBe(200);
    return r.body.data;
  }

  async function untilIdle(): Promise<Progress> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const p = await progress();
      if (!p.running) return p;
      if (Date.now() > deadline) throw new Error(`rewrap still running: ${JSON.stringify(p)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('reports records per term and nothing to do before any rotation', async () => {
    const p = await progress();
    expect(p).toMatchObject({ running: false, done: 0, remaining: 0, total: 0, started_at: null, finished_at: null, target_term: 1, error: null });
    expect(p.terms['1']).toBeGreaterThanOrEqual(SEEDED);
  });

  it('rewraps every older record to the active term; values read back unchanged', async () => {
    for (let i = 0; i < SECRETS; i++) {
      expect((await api(server, 'PUT', `secret/data/app/${i}`, { token: root, body: { data: { value: `secret ${i}` } } })).status).toBe(200);
    }
    expect((await api(server, 'POST', 'sys/rotate', { token: root })).status).toBe(204);
    const before = await progress();
    expect(before.target_term).toBe(2);
    expect(before.remaining).toBeGreaterThanOrEqual(SEEDED + SECRETS);
    expect(before.remaining).toBe(before.terms['1']);

    const started = await api<{ data: Progress; warnings: string[] | null }>(server, 'POST', 'sys/rewrap', { token: root, body: {} });
    expect(started.status).toBe(200);
    expect(started.body.data).toMatchObject({ running: true, done: 0, target_term: 2 });
    expect(started.body.data.started_at).not.toBeNull();
    expect(started.body.warnings).toBeNull();

    // Requests are served while the job runs; a second start reports the running job.
    const again = await api<{ data: Progress; warnings: string[] | null }>(server, 'POST', 'sys/rewrap', { token: root, body: {} });
    expect(again.status).toBe(200);
    if (again.body.data.running) expect(again.body.warnings).toEqual(['a rewrap job is already running; this is its progress']);

    const after = await untilIdle();
    expect(after).toMatchObject({ running: false, remaining: 0, target_term: 2, error: null });
    expect(after.done).toBe(before.remaining);
    expect(after.total).toBe(after.done);
    expect(Object.keys(after.terms)).toEqual(['2']);
    expect(after.finished_at).not.toBeNull();
    for (let i = 0; i < SECRETS; i += 7) {
      const r = await api<{ data: { data: { value: string } } }>(server, 'GET', `secret/data/app/${i}`, { token: root });
      expect(r.body.data.data.value).toBe(`secret ${i}`);
    }
  });

  it('stops on seal and resumes on unseal, to completion', async () => {
    expect((await api(server, 'POST', 'sys/rotate', { token: root })).status).toBe(204);
    expect((await api(server, 'POST', 'sys/rewrap', { token: root, body: {} })).status).toBe(200);
    expect((await api(server, 'PUT', 'sys/seal', { token: root })).status).toBe(204);
    expect((await api(server, 'GET', 'sys/rewrap', { token: root })).status).toBe(503);
    expect((await api(server, 'POST', 'sys/rewrap', { token: root, body: {} })).status).toBe(503);
    expect((await api(server, 'PUT', 'sys/unseal', { body: { key } })).status).toBe(200);
    const resumed = await progress();
    expect(resumed.target_term).toBe(3);
    expect(resumed.running).toBe(true);
    expect(resumed.done).toBeLessThan(SEEDED);
    const final = await untilIdle();
    expect(final).toMatchObject({ running: false, remaining: 0, error: null });
    expect(Object.keys(final.terms)).toEqual(['3']);
  });

  it('needs read to see progress and update plus sudo to start a job', async () => {
    const policy = JSON.stringify({ path: { 'sys/rewrap': { capabilities: ['read', 'update'] } } });
    expect((await api(server, 'PUT', 'sys/policy/rewrap-watcher', { token: root, body: { policy } })).status).toBe(204);
    const created = await api<{ auth: { client_token: string } }>(server, 'POST', 'auth/token/create', { token: root, body: { policies: ['rewrap-watcher'] } });
    const watcher = created.body.auth.client_token;
    expect((await progress(watcher)).running).toBe(false);
    const denied = await api(server, 'POST', 'sys/rewrap', { token: watcher, body: {} });
    expect(denied.status).toBe(403);
    expect(denied.body['context']).toMatchObject({ path: 'sys/rewrap', capability: 'update', sudo: true });
    expect((await api(server, 'GET', 'sys/rewrap')).status).toBe(403);
  });

  it('leaves a file whose every seeded record reads back under the last term', async () => {
    await server.stop();
    const core = await reopenUnsealed(dataPath, key);
    try {
      for (const path of seeded) expect(core.barrier.get(path)?.equals(recordValue(path, SEED_SIZE)), path).toBe(true);
      expect(core.rewrap.progress()).toMatchObject({ running: false, remaining: 0, targetTerm: 3 });
    } finally {
      core.close();
    }
    server = await startServe({ dataPath });
  });
});
