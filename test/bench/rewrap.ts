/**
 * Benchmark: rewrap throughput (records/s) for 4 KiB records, beside the physical limit it is
 * bounded by, measured in the same run on the same disk:
 *   raw     — AES-256-GCM (node:crypto) of 4 KiB + an SQLite UPDATE, 500 per transaction
 *             (WAL, synchronous=FULL), no barrier;
 *   barrier — Barrier.put of 4 KiB records, 500 per transaction;
 *   rewrap  — the rewrap job (decrypt + re-encrypt + update, cursor persisted per batch of 500)
 *             over every record after a rotation, started and awaited in-process.
 * Run: `npx tsc -p electron/tsconfig.build.json && node out/test/bench/rewrap.js [records]` (default 20000).
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Core } from '../../electron/core/core.js';
import { inTransaction, openDatabase } from '../../electron/core/storage/database.js';

const RECORD_BYTES = 4096;
const BATCH = 500;

export interface RewrapBench {
  records: number;
  recordBytes: number;
  rawRecordsPerSecond: number;
  barrierPutRecordsPerSecond: number;
  rewrapRecordsPerSecond: number;
  /** One progress report (sys/rewrap GET): records per term counted from the headers. */
  progressMs: number;
}

function perSecond(count: number, ms: number): number {
  return Math.round((count / ms) * 1000);
}

function benchRaw(dir: string, records: number): number {
  const db = openDatabase(join(dir, 'raw.db'));
  const key = randomBytes(32);
  const value = randomBytes(RECORD_BYTES);
  const insert = db.prepare('INSERT INTO records (path, value) VALUES (?, ?)');
  for (let i = 0; i < records; i++) insert.run(`raw/${i}`, value);
  const update = db.prepare('UPDATE records SET value = ? WHERE path = ?');
  const start = performance.now();
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
  const ms = performance.now() - start;
  db.close();
  return perSecond(records, ms);
}

export async function benchRewrap(records = 20_000): Promise<RewrapBench> {
  if (!Number.isSafeInteger(records) || records < BATCH) throw new RangeError(`records must be an integer ≥ ${BATCH}`);
  const dir = mkdtempSync(join(tmpdir(), 'symbolon-bench-rewrap-'));
  try {
    const rawRecordsPerSecond = benchRaw(dir, records);

    const core = Core.open({ path: join(dir, 'keyring.db') });
    try {
      const init = await core.initialize({ secret_shares: 1, secret_threshold: 1 });
      await core.seal.unseal({ key: init.shares[0]?.keyBase64 });
      const value = randomBytes(RECORD_BYTES);
      let start = performance.now();
      for (let from = 0; from < records; from += BATCH) {
        inTransaction(core.parts.db, () => {
          for (let i = from; i < Math.min(records, from + BATCH); i++) core.barrier.put(`bench/${String(i).padStart(8, '0')}`, value);
        });
      }
      const barrierPutRecordsPerSecond = perSecond(records, performance.now() - start);

      core.rotation.rotate('manual');
      start = performance.now();
      core.rewrap.start();
      await core.rewrap.idle();
      const ms = performance.now() - start;
      start = performance.now();
      const progress = core.rewrap.progress();
      const progressMs = Math.round(performance.now() - start);
      if (progress.remaining !== 0 || progress.done < records) throw new Error(`rewrap did not finish: ${JSON.stringify(progress)}`);
      return { records, recordBytes: RECORD_BYTES, rawRecordsPerSecond, barrierPutRecordsPerSecond, rewrapRecordsPerSecond: perSecond(progress.done, ms), progressMs };
    } finally {
      core.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const records = process.argv[2] === undefined ? undefined : Number(process.argv[2]);
  const result = await benchRewrap(records);
  console.log(JSON.stringify(result, null, 2));
}
