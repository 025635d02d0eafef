/**
 * Benchmark: rewrap throughput (records/s) for 4 KiB records, beside the physical limit it is
 * bounded by, measured in the same run on the same disk:
 *   raw     — AES-256-GCM (node:crypto) of 4 KiB + an SQLite UPDATE, 500 per transaction
 *             (WAL, synchronous=FULL), no barrier;
 *   barrier — Barrier.put of 4 KiB records, 500 per transaction;
 *   rewrap  — the rewrap job (decrypt + re-encrypt + update, cursor persisted per batch of 500)
 *             over every record after a rotation, started and awaited in-process.
 * raw and rewrap alternate `reps` times (a rotation before each rewrap) and each keeps its best
 * figure, since load from other work on a shared machine only ever slows a run down. Beside the
 * wall-clock rates, records per CPU-second (process.cpuUsage) are reported: waiting for a core
 * costs wall time, not CPU time, so that ratio holds even on a busy machine.
 * Run: `npx tsc -p electron/tsconfig.build.json && node out/test/bench/rewrap.js [records] [reps]` (default 20000, 2).
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Core, decodeShare } from '../../electron/core/core.js';
import { inTransaction, openDatabase } from '../../electron/core/storage/database.js';
import { dbOf } from '../helpers/core-internals.js';
import { readInitRequest } from '../../electron/api/init-request.js';

const RECORD_BYTES = 4096;
const BATCH = 500;

export interface RewrapBench {
  records: number;
  recordBytes: number;
  rawRecordsPerSecond: number;
  barrierPutRecordsPerSecond: number;
  rewrapRecordsPerSecond: number;
  /** Records per CPU-second (user + system) of this process. */
  rawRecordsPerCpuSecond: number;
  rewrapRecordsPerCpuSecond: number;
  /** One progress report (sys/rewrap GET): records per term counted from the headers. */
  progressMs: number;
}

function perSecond(count: number, ms: number): number {
  return Math.round((count / ms) * 1000);
}

interface Rate {
  perSecond: number;
  perCpuSecond: number;
}

/** Times `work` on the wall clock and in this process's CPU time; `count` is read after it. */
async function rate(count: () => number, work: () => Promise<void> | void): Promise<Rate> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await work();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { perSecond: perSecond(count(), ms), perCpuSecond: perSecond(count(), (used.user + used.system) / 1000) };
}

function best(a: Rate | null, b: Rate): Rate {
  return a === null ? b : { perSecond: Math.max(a.perSecond, b.perSecond), perCpuSecond: Math.max(a.perCpuSecond, b.perCpuSecond) };
}

function benchRaw(dir: string, records: number, rep: number): Promise<Rate> {
  const db = openDatabase(join(dir, `raw-${rep}.db`));
  const key = randomBytes(32);
  const value = randomBytes(RECORD_BYTES);
  const insert = db.prepare('INSERT INTO records (path, value) VALUES (?, ?)');
  inTransaction(db, () => {
    for (let i = 0; i < records; i++) insert.run(`raw/${i}`, value);
  });
  const update = db.prepare('UPDATE records SET value = ? WHERE path = ?');
  return rate(() => records, () => {
    for (let from = 0; from < records; from += BATCH) {
      inTransaction(db, () => {
        for (let i = from; i < Math.min(records, from + BATCH); i++) {
          const nonce = randomBytes(12);
          const cipher = createCipheriv('aes-256-gcm', key, nonce);
          const body = Buffer.concat([nonce, cipher.update(value), cipher.final(), cipher.getAuthTag()]);
          update.run(body, `raw/${i}`);
        }
      });
    }
  }).finally(() => db.close());
}

export async function benchRewrap(records = 20_000, reps = 2): Promise<RewrapBench> {
  if (!Number.isSafeInteger(records) || records < BATCH) throw new RangeError(`records must be an integer ≥ ${BATCH}`);
  if (!Number.isSafeInteger(reps) || reps < 1) throw new RangeError('reps must be a positive integer');
  const dir = mkdtempSync(join(tmpdir(), 'symbolon-bench-rewrap-'));
  try {
    const core = Core.open({ path: join(dir, 'keyring.db') });
    try {
      const init = await core.initialize(readInitRequest({ secret_shares: 1, secret_threshold: 1 }));
      await core.seal.unseal(decodeShare(init.shares[0]?.keyBase64));
      const value = randomBytes(RECORD_BYTES);
      let start = performance.now();
      for (let from = 0; from < records; from += BATCH) {
        inTransaction(dbOf(core), () => {
          for (let i = from; i < Math.min(records, from + BATCH); i++) core.barrier.put(`bench/${String(i).padStart(8, '0')}`, value);
        });
      }
      const barrierPutRecordsPerSecond = perSecond(records, performance.now() - start);

      let raw: Rate | null = null;
      let rewrap: Rate | null = null;
      let progressMs = 0;
      for (let rep = 0; rep < reps; rep++) {
        raw = best(raw, await benchRaw(dir, records, rep));
        core.rotation.rotate('manual');
        rewrap = best(rewrap, await rate(() => core.rewrap.progress().done, async () => {
          core.rewrap.start();
          await core.rewrap.idle();
        }));
        start = performance.now();
        const progress = core.rewrap.progress();
        progressMs = Math.round(performance.now() - start);
        if (progress.remaining !== 0 || progress.done < records) throw new Error(`rewrap did not finish: ${JSON.stringify(progress)}`);
      }
      if (!raw || !rewrap) throw new Error('no repetition ran');
      return {
        records,
        recordBytes: RECORD_BYTES,
        rawRecordsPerSecond: raw.perSecond,
        barrierPutRecordsPerSecond,
        rewrapRecordsPerSecond: rewrap.perSecond,
        rawRecordsPerCpuSecond: raw.perCpuSecond,
        rewrapRecordsPerCpuSecond: rewrap.perCpuSecond,
        progressMs,
      };
    } finally {
      core.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const records = process.argv[2] === undefined ? undefined : Number(process.argv[2]);
  const reps = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
  const result = await benchRewrap(records, reps);
  console.log(JSON.stringify(result, null, 2));
}
