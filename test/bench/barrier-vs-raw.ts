/**
 * Benchmark (issue 7): 4 KiB records written and read through the core's barrier (Barrier.put /
 * Barrier.get on a real keyring file, AES-256-GCM with the record path as AAD, encryption
 * counting) against the physical limit: node:crypto AES-256-GCM plus better-sqlite3 on the same
 * schema, opened by the same openDatabase (WAL, synchronous=FULL), with the same transaction
 * granularity:
 *   batched — `batch` records per transaction (rewrap, restore);
 *   single  — one transaction per record, so one fsync each (an API write);
 *   read    — every record read back and decrypted.
 * Each side runs `reps` times, alternating, and keeps its best figure: load on a shared machine
 * only ever slows a run down. Target: barrier ≥ 0.5 × raw for each figure.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Core, decodeShare } from '../../electron/core/core.js';
import { inTransaction, openDatabase } from '../../electron/core/storage/database.js';
import type { Db } from '../../electron/core/storage/database.js';
import { round } from './bench-process.js';
import { dbOf } from '../helpers/core-internals.js';
import { readInitRequest } from '../../electron/api/init-request.js';

export const RECORD_BYTES = 4096;

export interface BarrierBenchOptions {
  readonly records: number;
  readonly batch: number;
  readonly singles: number;
  readonly reps: number;
}

export interface Throughput {
  readonly batchedWritesPerSecond: number;
  readonly singleWritesPerSecond: number;
  readonly readsPerSecond: number;
}

export interface BarrierBench {
  readonly options: BarrierBenchOptions;
  readonly raw: Throughput;
  readonly barrier: Throughput;
  readonly ratio: { readonly batchedWrites: number; readonly singleWrites: number; readonly reads: number };
}

/** One side of the comparison: how to write and read one record. */
interface Side {
  put(path: string, value: Buffer): void;
  get(path: string): Buffer | null;
  readonly db: Db;
  close(): void;
}

function rawSide(path: string): Side {
  const db = openDatabase(path);
  const key = randomBytes(32);
  const upsert = db.prepare('INSERT INTO records (path, value) VALUES (?, ?) ON CONFLICT(path) DO UPDATE SET value = excluded.value');
  const select = db.prepare('SELECT value FROM records WHERE path = ?');
  return {
    db,
    put(p, value) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      cipher.setAAD(Buffer.from(p, 'utf8'));
      upsert.run(p, Buffer.concat([nonce, cipher.update(value), cipher.final(), cipher.getAuthTag()]));
    },
    get(p) {
      const row = select.get(p) as { value: Buffer } | undefined;
      if (!row) return null;
      const decipher = createDecipheriv('aes-256-gcm', key, row.value.subarray(0, 12));
      decipher.setAAD(Buffer.from(p, 'utf8'));
      decipher.setAuthTag(row.value.subarray(row.value.length - 16));
      return Buffer.concat([decipher.update(row.value.subarray(12, row.value.length - 16)), decipher.final()]);
    },
    close: () => db.close(),
  };
}

async function barrierSide(path: string): Promise<Side> {
  const core = Core.open({ path });
  const init = await core.initialize(readInitRequest({ secret_shares: 1, secret_threshold: 1 }));
  const outcome = await core.seal.unseal(decodeShare(init.shares[0]?.keyBase64));
  if (outcome.status.sealed) throw new Error('bench keyring did not unseal');
  return { db: dbOf(core), put: (p, v) => core.barrier.put(p, v), get: (p) => core.barrier.get(p), close: () => core.close() };
}

function measure(side: Side, o: BarrierBenchOptions, value: Buffer): Throughput {
  const paths = Array.from({ length: o.records }, (_, i) => `bench/batched/${String(i).padStart(8, '0')}`);
  let start = performance.now();
  for (let from = 0; from < paths.length; from += o.batch) {
    inTransaction(side.db, () => {
      for (const p of paths.slice(from, from + o.batch)) side.put(p, value);
    });
  }
  const batchedMs = performance.now() - start;

  start = performance.now();
  for (let i = 0; i < o.singles; i++) inTransaction(side.db, () => side.put(`bench/single/${i}`, value));
  const singleMs = performance.now() - start;

  start = performance.now();
  for (const p of paths) if (side.get(p)?.length !== value.length) throw new Error(`${p} did not read back`);
  const readMs = performance.now() - start;
  const perSecond = (n: number, ms: number) => Math.round((n / ms) * 1000);
  return { batchedWritesPerSecond: perSecond(o.records, batchedMs), singleWritesPerSecond: perSecond(o.singles, singleMs), readsPerSecond: perSecond(o.records, readMs) };
}

const best = (a: Throughput | null, b: Throughput): Throughput =>
  a === null ? b : {
    batchedWritesPerSecond: Math.max(a.batchedWritesPerSecond, b.batchedWritesPerSecond),
    singleWritesPerSecond: Math.max(a.singleWritesPerSecond, b.singleWritesPerSecond),
    readsPerSecond: Math.max(a.readsPerSecond, b.readsPerSecond),
  };

export async function benchBarrier(o: BarrierBenchOptions): Promise<BarrierBench> {
  for (const [name, v] of Object.entries(o)) if (!Number.isSafeInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer`);
  const dir = mkdtempSync(join(tmpdir(), 'symbolon-bench-barrier-'));
  const value = randomBytes(RECORD_BYTES);
  let raw: Throughput | null = null;
  let barrier: Throughput | null = null;
  try {
    for (let rep = 0; rep < o.reps; rep++) {
      const r = rawSide(join(dir, `raw-${rep}.db`));
      try {
        raw = best(raw, measure(r, o, value));
      } finally {
        r.close();
      }
      const b = await barrierSide(join(dir, `barrier-${rep}.db`));
      try {
        barrier = best(barrier, measure(b, o, value));
      } finally {
        b.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (!raw || !barrier) throw new Error('no repetitions ran');
  return {
    options: o,
    raw,
    barrier,
    ratio: {
      batchedWrites: round(barrier.batchedWritesPerSecond / raw.batchedWritesPerSecond, 2),
      singleWrites: round(barrier.singleWritesPerSecond / raw.singleWritesPerSecond, 2),
      reads: round(barrier.readsPerSecond / raw.readsPerSecond, 2),
    },
  };
}
