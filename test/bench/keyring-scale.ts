/**
 * Benchmark (issue 7): what a keyring's size does to the process that serves it. Two keyring
 * files, identical but for `records` barrier records (e.g. 100,000), are each served by a
 * spawned `symbolon serve`:
 *   start-up       spawn → "listening" line (median of `startups`);
 *   unseal         the HTTP round trip of the share that reaches threshold on a 3-of-5 keyring
 *                  (median of `unseals`, after one warm-up; sealed again between samples) — it
 *                  must not grow with the record count;
 *   memory         resident set after unseal, after a full scan (`GET sys/rewrap` reads every
 *                  record's header), and the peak (VmHWM).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Core, decodeShare } from '../../electron/core/core.js';
import { inTransaction } from '../../electron/core/storage/database.js';
import { median, ok, residentMemory, round, spawnServe } from './bench-process.js';
import { dbOf } from '../helpers/core-internals.js';
import { readInitRequest } from '../../electron/api/init-request.js';

export interface ScaleBenchOptions {
  readonly records: number;
  readonly recordBytes: number;
  readonly startups: number;
  readonly unseals: number;
}

export interface ServedFigures {
  readonly records: number;
  readonly fileMiB: number;
  readonly startupMs: number;
  readonly unsealMedianMs: number;
  readonly unsealSamplesMs: number[];
  readonly rssAfterUnsealMiB: number | null;
  readonly rssAfterScanMiB: number | null;
  readonly peakRssMiB: number | null;
}

export interface ScaleBench {
  readonly options: ScaleBenchOptions;
  readonly seedRecordsPerSecond: number;
  readonly empty: ServedFigures;
  readonly full: ServedFigures;
  /** full ÷ empty unseal latency: ≈ 1 means it does not grow with the record count. */
  readonly unsealGrowth: number;
}

const SEED_BATCH = 5000;

/** A 3-of-5 keyring with `records` records; returns its shares and root token. */
async function prepare(path: string, records: number, recordBytes: number): Promise<{ keys: string[]; token: string; ms: number }> {
  const core = Core.open({ path });
  try {
    const init = await core.initialize(readInitRequest({ secret_shares: 5, secret_threshold: 3 }));
    const keys = init.shares.map((s) => s.keyBase64);
    for (const key of keys.slice(0, 3)) await core.seal.unseal(decodeShare(key));
    const value = Buffer.alloc(recordBytes, 0x5a);
    const started = performance.now();
    for (let from = 0; from < records; from += SEED_BATCH) {
      inTransaction(dbOf(core), () => {
        for (let i = from; i < Math.min(records, from + SEED_BATCH); i++) core.barrier.put(`bench/scale/${String(i).padStart(8, '0')}`, value);
      });
    }
    return { keys, token: init.rootToken, ms: performance.now() - started };
  } finally {
    core.close();
  }
}

async function served(path: string, records: number, keys: string[], token: string, o: ScaleBenchOptions): Promise<ServedFigures> {
  const startups: number[] = [];
  for (let i = 0; i < o.startups - 1; i++) {
    const s = await spawnServe(path);
    startups.push(s.startMs);
    await s.stop();
  }
  const serve = await spawnServe(path);
  startups.push(serve.startMs);
  try {
    const samples: number[] = [];
    for (let i = 0; i <= o.unseals; i++) {
      await ok(serve.url, 'PUT', 'sys/unseal', { body: { key: keys[0] } });
      await ok(serve.url, 'PUT', 'sys/unseal', { body: { key: keys[1] } });
      const started = performance.now();
      const status = await ok(serve.url, 'PUT', 'sys/unseal', { body: { key: keys[2 + (i % 3)] } });
      const ms = performance.now() - started;
      if (status['sealed'] !== false) throw new Error('the threshold share did not unseal');
      if (i > 0) samples.push(round(ms, 2)); // the first warms the connection and the JIT
      if (i < o.unseals) await ok(serve.url, 'PUT', 'sys/seal', { token });
    }
    const afterUnseal = residentMemory(serve.child.pid);
    await ok(serve.url, 'GET', 'sys/rewrap', { token });
    const afterScan = residentMemory(serve.child.pid);
    return {
      records,
      fileMiB: round(statSync(path).size / 2 ** 20, 1),
      startupMs: round(median(startups)),
      unsealMedianMs: round(median(samples), 2),
      unsealSamplesMs: samples,
      rssAfterUnsealMiB: afterUnseal?.rssMiB ?? null,
      rssAfterScanMiB: afterScan?.rssMiB ?? null,
      peakRssMiB: afterScan?.peakMiB ?? null,
    };
  } finally {
    await serve.stop();
  }
}

export async function benchScale(o: ScaleBenchOptions): Promise<ScaleBench> {
  for (const [name, v] of Object.entries(o)) if (!Number.isSafeInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer`);
  const dir = mkdtempSync(join(tmpdir(), 'symbolon-bench-scale-'));
  try {
    const emptyPath = join(dir, 'empty.db');
    const fullPath = join(dir, 'full.db');
    const emptyKeyring = await prepare(emptyPath, 0, o.recordBytes);
    const fullKeyring = await prepare(fullPath, o.records, o.recordBytes);
    const empty = await served(emptyPath, 0, emptyKeyring.keys, emptyKeyring.token, o);
    const full = await served(fullPath, o.records, fullKeyring.keys, fullKeyring.token, o);
    return {
      options: o,
      seedRecordsPerSecond: Math.round((o.records / fullKeyring.ms) * 1000),
      empty,
      full,
      unsealGrowth: round(full.unsealMedianMs / empty.unsealMedianMs, 2),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
