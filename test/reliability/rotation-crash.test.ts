/**
 * Crash safety of rotate, rotation config changes and rewrap (DESIGN.md, "Quality bars"; issue 4,
 * "Tests"): a real `symbolon serve` is SIGKILLed at a random moment while a client drives one of
 * those operations together with KV writes, at least 50 times per operation. After each kill the
 * file is opened again (in-process, through the same API pipeline the listener uses, via inject)
 * and must show:
 *   - every acknowledged KV write reads back, and every record seeded in the file still decrypts
 *     to its value;
 *   - key-status answers, with a term that is the last acknowledged one or the one in flight;
 *   - the rotation config is the last acknowledged one or the one in flight, never a mix;
 *   - a rewrap started before the kill resumes on unseal and runs to completion, with no record
 *     left under a term older than its target;
 *   - the audit chain verifies.
 * Runs go in parallel (a few children at a time) on small files to keep the wall time near a
 * minute on two cores.
 */
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../electron/api/server.js';
import type { SymbolonServer } from '../../electron/api/server.js';
import type { ServeProcess } from '../helpers/serve.js';
import { Barrier, KEYRING_PATH } from '../../electron/core/barrier/barrier.js';
import { api, startServe, tempDir } from '../helpers/serve.js';
import { recordValue, seedRecords, unsealedCore } from '../helpers/unsealed-core.js';
import { dbOf } from '../helpers/core-internals.js';

const RUNS = 50;
const PARALLEL = 4;
const SEEDED = 1500;
const SEED_SIZE = 200;
/**
 * Most kills land a uniformly random 0..KILL_WINDOW_MS after the scenario's first acknowledged
 * operation, so they hit the middle of ongoing work whatever the machine's load; every fifth run
 * is killed 0..EARLY_KILL_MS after the client starts, while the first operation is in flight.
 */
const KILL_WINDOW_MS = 60;
const EARLY_KILL_MS = 15;

type Scenario = 'rotate' | 'config' | 'rewrap';

interface ConfigBody {
  max_operations: number;
  interval: string;
  enabled: boolean;
}

interface RunRecord {
  scenario: Scenario;
  run: number;
  early: boolean;
  killAfterMs: number;
  ackedSecrets: Map<string, number>;
  ackedRotations: number;
  rotationInFlight: boolean;
  ackedConfig: ConfigBody | null;
  configInFlight: ConfigBody | null;
  rewrapAcked: boolean;
  rewrapAttempted: boolean;
  /** Set by verify: the rewrap job was still running in the killed file and resumed on unseal. */
  resumed: boolean;
}

describe('crash safety of rotate, rotation config and rewrap', () => {
  let dir: ReturnType<typeof tempDir>;
  let template: string;
  let key: string;
  let root: string;
  let seeded: string[];
  let baseTerm: number;

  beforeAll(async () => {
    dir = tempDir('symbolon-rotation-crash-');
    template = join(dir.dir, 'template.db');
    const prepared = await unsealedCore(template);
    // Records under term 1, then a rotation: the rewrap scenario has old-term records to move.
    seeded = seedRecords(prepared.core, SEEDED, SEED_SIZE);
    prepared.core.rotation.rotate('manual');
    baseTerm = prepared.core.rotation.keyStatus().term;
    prepared.core.close();
    key = prepared.key;
    root = prepared.rootToken;
  });
  afterAll(() => dir.remove());

  function copyTemplate(name: string): string {
    const path = join(dir.dir, `${name}.db`);
    copyFileSync(template, path);
    for (const suffix of ['-wal', '-shm']) if (existsSync(template + suffix)) copyFileSync(template + suffix, path + suffix);
    return path;
  }

  /** Drives one scenario against a spawned server until the kill; returns what was acknowledged. */
  async function crashRun(scenario: Scenario, run: number): Promise<{ path: string; record: RunRecord }> {
    const path = copyTemplate(`${scenario}-${run}`);
    const server = await startServe({ dataPath: path });
    try {
      return { path, record: await drive(server, scenario, run) };
    } finally {
      // Whatever happened, no child outlives its run.
      await server.kill();
    }
  }

  async function drive(server: ServeProcess, scenario: Scenario, run: number): Promise<RunRecord> {
    const unseal = await api(server, 'PUT', 'sys/unseal', { body: { key } });
    if (unseal.status !== 200) throw new Error(`unseal failed: ${unseal.text}`);

    const early = run % 5 === 0;
    const killAfterMs = Math.round(Math.random() * (early ? EARLY_KILL_MS : KILL_WINDOW_MS));
    const record: RunRecord = {
      scenario,
      run,
      early,
      killAfterMs,
      ackedSecrets: new Map(),
      ackedRotations: 0,
      rotationInFlight: false,
      ackedConfig: null,
      configInFlight: null,
      rewrapAcked: false,
      rewrapAttempted: false,
      resumed: false,
    };
    let killed = false;
    let armed = false;
    let fired: () => void = () => undefined;
    const killer = new Promise<void>((resolve) => (fired = resolve));
    /** Starts the kill countdown (once). */
    // Should the first acknowledgement never come, the run is still killed (and then fails).
    const fallback = setTimeout(() => arm(), 10_000);
    const arm = () => {
      if (armed) return;
      armed = true;
      clearTimeout(fallback);
      setTimeout(() => {
        killed = true;
        void server.kill().then(fired);
      }, killAfterMs);
    };
    if (early) arm();

    // Each client loop stops at the first failed request: the process is gone.
    const writeSecrets = async () => {
      for (let i = 0; !killed; i++) {
        const secret = `crash/${scenario}/${i}`;
        const r = await api(server, 'PUT', `secret/data/${secret}`, { token: root, body: { data: { n: i } } }).catch(() => null);
        if (!r) return;
        if (r.status !== 200) throw new Error(`KV write answered ${r.status}: ${r.text}`);
        record.ackedSecrets.set(secret, i);
      }
    };
    const rotate = async () => {
      while (!killed) {
        record.rotationInFlight = true;
        const r = await api(server, 'POST', 'sys/rotate', { token: root }).catch(() => null);
        if (!r) return;
        if (r.status !== 204) throw new Error(`rotate answered ${r.status}: ${r.text}`);
        record.rotationInFlight = false;
        record.ackedRotations += 1;
        arm();
      }
    };
    const configure = async () => {
      for (let i = 1; !killed; i++) {
        const body: ConfigBody = { max_operations: 1_000_000 + i, interval: i % 3 === 0 ? '0' : `${24 + i}h`, enabled: i % 2 === 0 };
        record.configInFlight = body;
        const r = await api(server, 'POST', 'sys/rotate/config', { token: root, body }).catch(() => null);
        if (!r) return;
        if (r.status !== 204) throw new Error(`config answered ${r.status}: ${r.text}`);
        record.ackedConfig = body;
        record.configInFlight = null;
        arm();
      }
    };
    const rewrap = async () => {
      record.rewrapAttempted = true;
      const r = await api(server, 'POST', 'sys/rewrap', { token: root, body: {} }).catch(() => null);
      if (!r) return;
      if (r.status !== 200) throw new Error(`rewrap answered ${r.status}: ${r.text}`);
      record.rewrapAcked = true;
      arm();
      // Now and then a rotation lands in the middle of the job.
      if (run % 3 === 0) {
        record.rotationInFlight = true;
        const rotated = await api(server, 'POST', 'sys/rotate', { token: root }).catch(() => null);
        if (!rotated) return;
        record.rotationInFlight = false;
        record.ackedRotations += 1;
      }
    };

    const loops = [writeSecrets()];
    if (scenario === 'rotate') loops.push(rotate());
    if (scenario === 'config') loops.push(configure());
    if (scenario === 'rewrap') loops.push(rewrap());
    await Promise.all([...loops, killer]);
    return record;
  }

  async function call(server: SymbolonServer, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const r = await server.inject({ method, path, headers: { 'x-vault-token': root }, ...(body === undefined ? {} : { body }) });
    return { status: r.status, body: r.body ? (JSON.parse(r.body) as Record<string, unknown>) : {} };
  }

  /** Opens the killed file in-process and checks every invariant. */
  async function verify(path: string, record: RunRecord): Promise<void> {
    const where = JSON.stringify({ ...record, ackedSecrets: record.ackedSecrets.size });
    const server = await createServer({ dataPath: path, port: 0 });
    try {
      expect((await call(server, 'PUT', 'sys/unseal', { key })).status, where).toBe(200);
      // The resume starts on the next turn of the event loop; nothing has run a batch yet.
      record.resumed = server.core.rewrap.progress().running;

      const status = await call(server, 'GET', 'sys/key-status');
      expect(status.status, where).toBe(200);
      const term = status.body['term'] as number;
      const lowest = baseTerm + record.ackedRotations;
      expect(term, where).toBeGreaterThanOrEqual(lowest);
      expect(term, where).toBeLessThanOrEqual(lowest + (record.rotationInFlight ? 1 : 0));

      const config = (await call(server, 'GET', 'sys/rotate/config')).body['data'] as { max_operations: number; enabled: boolean; interval: number | string };
      const shown = (c: ConfigBody | null) =>
        c === null ? { max_operations: 3_865_470_566, enabled: true, interval: 0 } : { max_operations: c.max_operations, enabled: c.enabled, interval: c.interval === '0' ? 0 : `${c.interval}0m0s` };
      const allowed = [shown(record.ackedConfig), ...(record.configInFlight ? [shown(record.configInFlight)] : [])];
      expect(allowed, where).toContainEqual(config);

      for (const [secret, n] of record.ackedSecrets) {
        const r = await call(server, 'GET', `secret/data/${secret}`);
        expect(r.status, `${where} ${secret}`).toBe(200);
        expect((r.body['data'] as { data: { n: number } }).data.n, `${where} ${secret}`).toBe(n);
      }

      // A started job resumed on unseal: wait for it, then nothing may remain under its target.
      const core = server.core;
      await core.rewrap.idle();
      const progress = core.rewrap.progress();
      expect(progress.running, where).toBe(false);
      expect(progress.error, where).toBeNull();
      if (record.rewrapAcked) expect(progress.startedAt, where).not.toBeNull();
      if (progress.startedAt !== null) {
        const rotatedDuringJob = record.ackedRotations > 0 || record.rotationInFlight;
        if (!rotatedDuringJob) expect(progress.remaining, where).toBe(0);
        const rows = dbOf(core).prepare('SELECT path, value FROM records WHERE path <> ?').all(KEYRING_PATH) as { path: string; value: Buffer }[];
        const floor = baseTerm;
        for (const row of rows) expect(Barrier.termOf(row.value), `${where} ${row.path}`).toBeGreaterThanOrEqual(floor);
      }
      if (record.scenario === 'rewrap') {
        // And a fresh job always finishes the work.
        expect((await call(server, 'POST', 'sys/rewrap', {})).status, where).toBe(200);
        await core.rewrap.idle();
        expect(core.rewrap.progress(), where).toMatchObject({ running: false, remaining: 0, error: null });
      }

      for (const seededPath of seeded) {
        const value = core.barrier.get(seededPath);
        if (!value?.equals(recordValue(seededPath, SEED_SIZE))) throw new Error(`${where}: ${seededPath} does not read back`);
      }
      expect(core.audit.verify().ok, where).toBe(true);
    } finally {
      await server.close();
    }
  }

  async function runMany(scenario: Scenario): Promise<RunRecord[]> {
    const records: RunRecord[] = [];
    let next = 0;
    let failed = false;
    const worker = async () => {
      while (next < RUNS && !failed) {
        const run = next++;
        try {
          const { path, record } = await crashRun(scenario, run);
          await verify(path, record);
          records.push(record);
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    };
    // Every worker ends (and kills its child) before the first failure is reported.
    const outcomes = await Promise.allSettled(Array.from({ length: PARALLEL }, worker));
    for (const outcome of outcomes) if (outcome.status === 'rejected') throw outcome.reason;
    return records;
  }

  it(`survives SIGKILL during rotate (${RUNS} runs)`, async () => {
    const records = await runMany('rotate');
    expect(records.length).toBe(RUNS);
    // The kills must really have landed among acknowledged work, not before it.
    expect(records.filter((r) => r.ackedRotations > 0).length).toBeGreaterThan(RUNS / 2);
    expect(records.filter((r) => r.ackedSecrets.size > 0).length).toBeGreaterThan(RUNS / 2);
  }, 120_000);

  it(`survives SIGKILL during rotation config changes (${RUNS} runs)`, async () => {
    const records = await runMany('config');
    expect(records.length).toBe(RUNS);
    expect(records.filter((r) => r.ackedConfig !== null).length).toBeGreaterThan(RUNS / 2);
  }, 120_000);

  it(`survives SIGKILL during rewrap and resumes it to completion (${RUNS} runs)`, async () => {
    const records = await runMany('rewrap');
    expect(records.length).toBe(RUNS);
    expect(records.filter((r) => r.rewrapAcked).length).toBeGreaterThan(RUNS / 2);
    // Enough kills landed mid-job for the resume path to be exercised, not just a finished job.
    expect(records.filter((r) => r.resumed).length).toBeGreaterThanOrEqual(5);
  }, 120_000);
});
