/**
 * Crash safety of backups and audit archives: the compiled CLI is SIGKILLed at random instants
 * while it writes a backup or an archive (at least 50 runs in all, small data so each is quick).
 * After every kill:
 *   - the keyring passes its integrity check and its live chain verifies from its anchor;
 *   - no audit entry is lost: each entry of the keyring before the run is still in the live log,
 *     or (only once the anchor says so) in the archive file, which then verifies whole and ends
 *     exactly at the anchor;
 *   - a backup file, if there is one under the chosen name, is whole: integrity ok, its chain
 *     intact, every record of the keyring in it. A half-written copy only ever exists under a
 *     temporary name.
 * Kill instants are spread over a typical run's duration (measured first), so they land in
 * start-up, in the copy, in the check, and around the final rename and commit.
 * A served keyring killed while it streams a snapshot is checked the same way, and its next
 * start clears the temporary copy. SYMBOLON_CRASH_RUNS overrides the number of runs of each kind.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyArchiveFile } from '../../electron/core/audit/audit-archive.js';
import { readAuditAnchor } from '../../electron/core/audit/audit-anchor.js';
import { verifyChain } from '../../electron/core/audit/audit-log.js';
import type { AuditRow } from '../../electron/core/audit/audit-log.js';
import { inspectKeyring, openCopyInMemory } from '../../electron/core/storage/backup-inspect.js';
import { CLI, api, initAndUnseal, startServe, tempDir } from '../helpers/serve.js';

const RUNS = Number(process.env['SYMBOLON_CRASH_RUNS'] ?? 30);
const PARALLEL = 2;
const SNAPSHOT_RUNS = Math.max(5, Math.round(RUNS / 3));

const dir = tempDir('symbolon-backup-crash-');
const templatePath = join(dir.dir, 'template.db');
let templateRows: Map<number, string>;
let templateRecords: number;
let templateKey: string;
let templateToken: string;

function rowsOf(path: string): { rows: AuditRow[]; records: number; integrity: string; anchor: { seq: number; hash: string } | null } {
  // Opened as the product opens it after a crash (read-write, so SQLite can recover the -wal the
  // killed process left): a read-only connection may refuse to run that recovery.
  const db = new Database(path, { fileMustExist: true });
  try {
    return {
      rows: db.prepare('SELECT seq, time, entry, prev_hash, hash FROM audit_log ORDER BY seq').all() as AuditRow[],
      records: (db.prepare('SELECT COUNT(*) AS n FROM records').get() as { n: number }).n,
      integrity: db.pragma('integrity_check', { simple: true }) as string,
      anchor: readAuditAnchor(db),
    };
  } finally {
    db.close();
  }
}

/** Runs the CLI and SIGKILLs it after `delayMs` (if it is still running); resolves with whether it finished. */
function runAndKill(args: string[], delayMs: number): Promise<{ finished: boolean; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [CLI, ...args], { stdio: 'ignore' });
  const timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
  return new Promise((resolve) => child.once('exit', (code) => {
    clearTimeout(timer);
    resolve({ finished: code === 0, ms: Date.now() - started });
  }));
}

function freshCopy(run: string): string {
  const runDir = join(dir.dir, run);
  mkdirSync(runDir);
  const path = join(runDir, 'keyring.db');
  copyFileSync(templatePath, path);
  return path;
}

/** Every entry the keyring had before the run is still in the live log or the archive. */
async function checkArchiveRun(path: string, out: string): Promise<boolean> {
  const after = rowsOf(path);
  expect(after.integrity).toBe('ok');
  expect(verifyChain(after.rows, after.anchor).ok).toBe(true);
  const kept = new Map(after.rows.map((r) => [r.seq, r.hash]));
  if (after.anchor) {
    const archive = await verifyArchiveFile(out);
    expect(archive.ok).toBe(true);
    expect(archive.head).toEqual({ seq: after.anchor.seq, hash: after.anchor.hash });
    for (const line of readFileSync(out, 'utf8').trim().split('\n')) {
      const row = JSON.parse(line) as AuditRow;
      kept.set(row.seq, row.hash);
    }
  }
  for (const [seq, hash] of templateRows) expect(kept.get(seq), `entry ${seq}`).toBe(hash);
  return after.anchor !== null;
}

function checkBackupRun(path: string, out: string): boolean {
  const after = rowsOf(path);
  expect(after.integrity).toBe('ok');
  expect(verifyChain(after.rows, after.anchor).ok).toBe(true);
  expect(after.records).toBe(templateRecords);
  const kept = new Map(after.rows.map((r) => [r.seq, r.hash]));
  for (const [seq, hash] of templateRows) expect(kept.get(seq), `entry ${seq}`).toBe(hash);
  if (!existsSync(out)) return false;
  const copy = openCopyInMemory(out);
  try {
    const facts = inspectKeyring(copy, out);
    expect(facts.integrity).toBe('ok');
    expect(facts.audit.ok).toBe(true);
    expect(facts.records).toBe(templateRecords);
  } finally {
    copy.close();
  }
  return true;
}

/**
 * Most of a run is Node starting up; the work is the last part. Kill instants are spread from
 * a third of a typical run to a little past its end, so they fall in the work and around its commit.
 */
const killInstant = (typicalMs: number): number => typicalMs * (0.35 + Math.random() * 0.85);

/** How long a run takes when PARALLEL of them run at once, as during the kills. */
async function typicalRun(label: string, args: (name: string) => string[]): Promise<{ ms: number }> {
  const runs = await Promise.all(Array.from({ length: PARALLEL }, (_, j) => runAndKill(args(`typical-${label}-${j}`), 30_000)));
  for (const run of runs) expect(run.finished).toBe(true);
  return { ms: Math.max(...runs.map((r) => r.ms)) };
}

async function inBatches(count: number, work: (i: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < count; i += PARALLEL) {
    await Promise.all(Array.from({ length: Math.min(PARALLEL, count - i) }, (_, j) => work(i + j)));
  }
}

beforeAll(async () => {
  const s = await startServe({ dataPath: templatePath });
  const init = await initAndUnseal(s, 1, 1);
  templateKey = init.keys[0] ?? '';
  templateToken = init.root_token;
  for (let i = 0; i < 40; i++) await api(s, 'PUT', `secret/data/item-${i}`, { token: init.root_token, body: { data: { v: 'y'.repeat(300) } } });
  await s.stop();
  // Fold the WAL into the file, so each run copies one self-contained file.
  const db = new Database(templatePath);
  db.pragma('journal_mode = DELETE');
  db.close();
  const template = rowsOf(templatePath);
  templateRows = new Map(template.rows.map((r) => [r.seq, r.hash]));
  templateRecords = template.records;
  expect(existsSync(`${templatePath}-wal`)).toBe(false);
});
afterAll(() => dir.remove());

describe('SIGKILL during backup and audit archive', () => {
  it(`loses no entry when an archive is killed at random instants (${RUNS} runs)`, async () => {
    const head = Math.max(...templateRows.keys());
    const typical = await typicalRun('archive', (name) => ['audit', 'archive', '--data', freshCopy(name), '--out', join(dir.dir, name, 'a.jsonl'), '--before', String(head)]);
    let committed = 0;
    await inBatches(RUNS, async (i) => {
      const path = freshCopy(`archive-${i}`);
      const out = join(dir.dir, `archive-${i}`, 'a.jsonl');
      const before = 2 + Math.floor(Math.random() * (head - 1));
      await runAndKill(['audit', 'archive', '--data', path, '--out', out, '--before', String(before)], killInstant(typical.ms));
      if (await checkArchiveRun(path, out)) committed += 1;
    });
    // Both sides of the commit were reached (printed: on a loaded machine the split varies).
    process.stdout.write(`archive crash runs: ${RUNS}, committed before the kill: ${committed}\n`);
  }, 600_000);

  it(`keeps the keyring whole and never leaves a torn backup (${RUNS} runs)`, async () => {
    const typical = await typicalRun('backup', (name) => ['backup', '--data', freshCopy(name), '--out', join(dir.dir, name, 'b.db')]);
    let written = 0;
    await inBatches(RUNS, async (i) => {
      const path = freshCopy(`backup-${i}`);
      const out = join(dir.dir, `backup-${i}`, 'b.db');
      await runAndKill(['backup', '--data', path, '--out', out], killInstant(typical.ms));
      if (checkBackupRun(path, out)) written += 1;
    });
    process.stdout.write(`backup crash runs: ${RUNS}, backup complete before the kill: ${written}\n`);
  }, 600_000);

  it(`keeps the keyring whole when serve is killed during GET sys/storage/snapshot (${SNAPSHOT_RUNS} runs)`, async () => {
    for (let i = 0; i < SNAPSHOT_RUNS; i++) {
      const path = freshCopy(`snapshot-${i}`);
      const s = await startServe({ dataPath: path });
      const unseal = await api(s, 'PUT', 'sys/unseal', { body: { key: templateKey } });
      expect(unseal.status).toBe(200);
      const download = fetch(s.base + 'sys/storage/snapshot', { headers: { 'X-Vault-Token': templateToken } }).then((r) => r.arrayBuffer()).catch(() => null);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 40));
      await s.kill();
      await download;
      const after = rowsOf(path);
      expect(after.integrity).toBe('ok');
      expect(verifyChain(after.rows, after.anchor).ok).toBe(true);
      expect(after.records).toBe(templateRecords);
      // The next start clears whatever the killed snapshot left beside the keyring.
      const again = await startServe({ dataPath: path });
      await again.stop();
      expect(readdirSync(join(dir.dir, `snapshot-${i}`)).filter((n) => n.startsWith('.symbolon-snapshot-'))).toEqual([]);
    }
  }, 600_000);
});
