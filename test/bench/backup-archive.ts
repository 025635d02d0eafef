/**
 * Benchmark (issue 16): the keyring file's life at scale, through the compiled CLI as an operator
 * runs it.
 *   backup    `symbolon backup` of a stopped keyring of `records` barrier records (512 bytes each):
 *             wall time (Node start-up included), file size; then `backup verify` of it;
 *   snapshot  `GET sys/storage/snapshot` of the same keyring served and unsealed: time to the last byte;
 *   archive   `symbolon audit archive` of `entries` audit entries about the size of a request's
 *             (≈ 0.9 KB), then `audit verify --file --data` of the archive and the keyring together.
 *   node out/test/bench/backup-archive.js [--records N] [--entries N]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Core, decodeShare } from '../../electron/core/core.js';
import { inTransaction } from '../../electron/core/storage/database.js';
import { ok, round, spawnServe } from './bench-process.js';
import { dbOf } from '../helpers/core-internals.js';
import { readInitRequest } from '../../electron/api/init-request.js';

const CLI = join(import.meta.dirname, '..', '..', 'electron', 'cli', 'main.js');
const SEED_BATCH = 5000;

function cli(args: string[]): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`symbolon ${args[0] ?? ''} failed: ${run.stderr}`);
  return performance.now() - started;
}

async function seed(path: string, records: number, entries: number): Promise<{ key: string; token: string }> {
  const core = Core.open({ path });
  try {
    const init = await core.initialize(readInitRequest({ secret_shares: 1, secret_threshold: 1 }));
    const key = init.shares[0]?.keyBase64 ?? '';
    await core.seal.unseal(decodeShare(key));
    const value = Buffer.alloc(512, 0x5a);
    for (let from = 0; from < records; from += SEED_BATCH) {
      inTransaction(dbOf(core), () => {
        for (let i = from; i < Math.min(records, from + SEED_BATCH); i++) core.barrier.put(`bench/backup/${String(i).padStart(8, '0')}`, value);
      });
    }
    const entry = { type: 'request', operation: 'read', path: 'secret/data/poll', padding: 'p'.repeat(700) };
    for (let from = 0; from < entries; from += SEED_BATCH) {
      inTransaction(dbOf(core), () => {
        for (let i = from; i < Math.min(entries, from + SEED_BATCH); i++) core.audit.append(entry);
      });
    }
    return { key, token: init.rootToken };
  } finally {
    core.close();
  }
}

export interface BackupArchiveBench {
  readonly records: number;
  readonly keyringMiB: number;
  readonly backupMs: number;
  readonly backupMiB: number;
  readonly verifyMs: number;
  readonly snapshotMs: number;
  readonly entries: number;
  readonly archiveMs: number;
  readonly archiveMiB: number;
  readonly archiveVerifyMs: number;
}

export async function benchBackupArchive(records: number, entries: number): Promise<BackupArchiveBench> {
  const dir = mkdtempSync(join(tmpdir(), 'symbolon-bench-backup-'));
  try {
    const data = join(dir, 'keyring.db');
    const { key, token } = await seed(data, records, entries);
    const backup = join(dir, 'backup.db');
    const backupMs = cli(['backup', '--data', data, '--out', backup]);
    const verifyMs = cli(['backup', 'verify', '--file', backup]);

    const serve = await spawnServe(data);
    let snapshotMs: number;
    try {
      await ok(serve.url, 'PUT', 'sys/unseal', { body: { key } });
      const started = performance.now();
      const response = await fetch(`${serve.url}/v1/sys/storage/snapshot`, { headers: { 'X-Vault-Token': token } });
      const bytes = await response.arrayBuffer();
      snapshotMs = performance.now() - started;
      if (response.status !== 200 || bytes.byteLength === 0) throw new Error(`snapshot failed: ${response.status}`);
    } finally {
      await serve.stop();
    }

    const archive = join(dir, 'audit.jsonl');
    const archiveMs = cli(['audit', 'archive', '--data', data, '--out', archive, '--before', String(entries)]);
    const archiveVerifyMs = cli(['audit', 'verify', '--file', archive, '--data', data]);
    return {
      records,
      keyringMiB: round(statSync(data).size / 2 ** 20, 1),
      backupMs: round(backupMs),
      backupMiB: round(statSync(backup).size / 2 ** 20, 1),
      verifyMs: round(verifyMs),
      snapshotMs: round(snapshotMs),
      entries,
      archiveMs: round(archiveMs),
      archiveMiB: round(statSync(archive).size / 2 ** 20, 1),
      archiveVerifyMs: round(archiveVerifyMs),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const { values } = parseArgs({ options: { records: { type: 'string', default: '100000' }, entries: { type: 'string', default: '100000' } }, strict: true });
  const figures = await benchBackupArchive(Number(values.records), Number(values.entries));
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
}
