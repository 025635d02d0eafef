/**
 * Audit archives through the compiled CLI and the served API: the oldest entries move to a 0600
 * JSON Lines file, the live chain continues from an anchor, and `audit verify --file … --data …`
 * checks each archive, the live log, and their join. 100,000 entries archive and verify end to end.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../electron/core/audit/audit-log.js';
import { inTransaction } from '../../../electron/core/storage/database.js';
import { runCli } from '../../helpers/cli.js';
import { api, initAndUnseal, startServe, tempDir } from '../../helpers/serve.js';

const liveSeqs = (path: string): number[] => {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT seq FROM audit_log ORDER BY seq').all() as { seq: number }[]).map((r) => r.seq);
  } finally {
    db.close();
  }
};

describe('audit archive', () => {
  const dir = tempDir('symbolon-archive-');
  const data = join(dir.dir, 'keyring.db');
  const first = join(dir.dir, 'audit-1.jsonl');
  const second = join(dir.dir, 'audit-archives', 'audit-2.jsonl');
  let root: string;
  let unsealKey: string;
  let head: number;

  beforeAll(async () => {
    const s = await startServe({ dataPath: data });
    const init = await initAndUnseal(s, 1, 1);
    root = init.root_token;
    unsealKey = init.keys[0] ?? '';
    for (let i = 0; i < 25; i++) await api(s, 'GET', 'auth/token/lookup-self', { token: root });
    await s.stop();
    head = Math.max(...liveSeqs(data));
  });
  afterAll(() => dir.remove());

  it('moves entries before SEQ to a 0600 file and leaves an anchor the live chain continues from', async () => {
    const r = await runCli(['audit', 'archive', '--data', data, '--out', first, '--before', '20']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('archived entries 1..19 (19)');
    expect(statSync(first).mode & 0o777).toBe(0o600);
    const lines = readFileSync(first, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { seq: number });
    expect(lines.map((l) => l.seq)).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));
    const live = liveSeqs(data);
    expect(live[0]).toBe(20);
    // The archive itself is recorded as the newest entry.
    expect(live.at(-1)).toBe(head + 1);

    const together = await runCli(['audit', 'verify', '--file', first, '--data', data]);
    expect(together.code, together.stdout).toBe(0);
    expect(together.stdout).toContain('together: the archives end at entry 19 exactly where the live log continues');
    const alone = await runCli(['audit', 'verify', '--data', data]);
    expect(alone.code, alone.stdout).toBe(0);
    const file = await runCli(['audit', 'verify', '--file', first]);
    expect(file.code, file.stdout).toBe(0);
  });

  it('refuses an existing file and an empty cut, removing nothing', async () => {
    const before = liveSeqs(data);
    const exists = await runCli(['audit', 'archive', '--data', data, '--out', first, '--before', '30']);
    expect(exists.code).not.toBe(0);
    expect(exists.stderr).toContain('already exists');
    const empty = await runCli(['audit', 'archive', '--data', data, '--out', join(dir.dir, 'none.jsonl'), '--before', '15']);
    expect(empty.code).not.toBe(0);
    expect(empty.stderr).toContain('nothing to archive');
    expect(liveSeqs(data)).toEqual(before);
  });

  it('archives through the API too, and the chain verifies across both archives and the live log', async () => {
    const s = await startServe({ dataPath: data });
    try {
      const unseal = await api(s, 'PUT', 'sys/unseal', { body: { key: unsealKey } });
      expect(unseal.status, unseal.text).toBe(200);
      // The API writes only into the keyring's archive folder: no paths, no hidden names.
      for (const name of ['/tmp/x.jsonl', '../x.jsonl', '.hidden.jsonl', 'x.txt']) {
        const refused = await api(s, 'PUT', 'sys/audit/archive', { token: root, body: { name, before: 30 } });
        expect(refused.status, name).toBe(400);
      }
      const r = await api<{ data: { path: string; first: number; last: number; entries: number; sha256: string } }>(s, 'PUT', 'sys/audit/archive', { token: root, body: { name: 'audit-2.jsonl', older_than: '0s' } });
      expect(r.status, r.text).toBe(200);
      expect(r.body.data.path).toBe(second);
      expect(r.body.data.first).toBe(20);
      expect(statSync(join(dir.dir, 'audit-archives')).mode & 0o777).toBe(0o700);
      expect(statSync(second).mode & 0o777).toBe(0o600);
      const verify = await api<{ data: { ok: boolean; head: { seq: number } } }>(s, 'GET', 'sys/audit/verify', { token: root });
      expect(verify.body.data.ok).toBe(true);
      // New requests keep extending the chain from the anchor.
      await api(s, 'GET', 'auth/token/lookup-self', { token: root });
      const again = await api<{ data: { ok: boolean; head: { seq: number } } }>(s, 'GET', 'sys/audit/verify', { token: root });
      expect(again.body.data.ok).toBe(true);
      expect(again.body.data.head.seq).toBeGreaterThan(r.body.data.last + 1);
    } finally {
      await s.stop();
    }
    const all = await runCli(['audit', 'verify', '--file', first, '--file', second, '--data', data]);
    expect(all.code, all.stdout).toBe(0);
    expect(all.stdout).toContain('audit chain intact from the archives through the live log');
    // Only the newer archive: it does not reach back to entry 1, but it does join the live log.
    const missingFirst = await runCli(['audit', 'verify', '--file', second, '--data', data]);
    expect(missingFirst.code, missingFirst.stdout).toBe(0);
    // The older archive alone ends before the live log begins: they do not join.
    const gap = await runCli(['audit', 'verify', '--file', first, '--data', data]);
    expect(gap.code).toBe(1);
    expect(gap.stdout).toContain('they do NOT join');
    const swapped = await runCli(['audit', 'verify', '--file', second, '--file', first, '--data', data]);
    expect(swapped.code).toBe(1);
  });

  it('finds an edited archive entry', async () => {
    const tampered = join(dir.dir, 'tampered.jsonl');
    const lines = readFileSync(first, 'utf8').trim().split('\n');
    const row = JSON.parse(lines[6] ?? '') as { entry: string };
    row.entry = row.entry.replace('"', '"edited":1,"');
    lines[6] = JSON.stringify(row);
    writeFileSync(tampered, lines.join('\n') + '\n');
    const r = await runCli(['audit', 'verify', '--file', tampered, '--file', second, '--data', data]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('BROKEN at entry 7: entry content does not match its hash');
  });
});

describe('an archive of 100,000 entries', () => {
  const dir = tempDir('symbolon-archive-big-');
  afterAll(() => dir.remove());

  it('is written, verified and removed from the keyring, and verifies end to end', async () => {
    const data = join(dir.dir, 'keyring.db');
    const s = await startServe({ dataPath: data });
    await initAndUnseal(s, 1, 1);
    await s.stop();
    // 100,000 entries the size of a request entry, appended as the running product appends them.
    const db = new Database(data);
    const audit = new AuditLog(db);
    const entry = { type: 'request', path: 'secret/data/poll', padding: 'x'.repeat(600) };
    inTransaction(db, () => {
      for (let i = 0; i < 100_000; i++) audit.append(entry);
    });
    db.close();
    const head = Math.max(...liveSeqs(data));

    const out = join(dir.dir, 'big.jsonl');
    const started = Date.now();
    const r = await runCli(['audit', 'archive', '--data', data, '--out', out, '--before', String(head)]);
    const archiveMs = Date.now() - started;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`archived entries 1..${head - 1} (${head - 1})`);
    const verify = await runCli(['audit', 'verify', '--file', out, '--data', data]);
    expect(verify.code, verify.stdout).toBe(0);
    expect(verify.stdout).toContain(`(${head - 1}), sha256`);
    expect(liveSeqs(data)).toEqual([head, head + 1]);
    // The figure the issue asks for (printed, not asserted: the machine is shared).
    process.stdout.write(`audit archive of ${head - 1} entries: ${archiveMs} ms (CLI, including start-up), file ${statSync(out).size} bytes\n`);
  }, 180_000);
});
