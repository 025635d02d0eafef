/**
 * `symbolon backup` of a stopped keyring and `symbolon restore`, through the compiled CLI and a
 * served keyring: backups are 0600 and never overwrite; restore refuses an existing keyring
 * without --force, keeps the replaced file, and the restored keyring opens with its shares.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, sha256Of } from '../../helpers/cli.js';
import { api, startServe, tempDir } from '../../helpers/serve.js';
import type { InitResponse } from '../../helpers/serve.js';
import { servedKeyring, unsealWith } from '../rekey/rekey-fixture.js';

describe('backup while stopped, and restore', () => {
  const dir = tempDir('symbolon-restore-');
  const data = () => join(dir.dir, readdirSync(dir.dir).find((n) => /^keyring-.*\.db$/.test(n)) ?? 'missing');
  const backupFile = join(dir.dir, 'stick-backup.db');
  let init: InitResponse;

  beforeAll(async () => {
    const k = await servedKeyring(dir.dir, 3, 2, ['Alice', 'Bob', 'Carol']);
    init = k.init;
    const put = await api(k.server, 'PUT', 'secret/data/before', { token: k.token, body: { data: { v: 'in the backup' } } });
    expect(put.status, put.text).toBe(200);
    // A running keyring is backed up through its API, never by a second process.
    const refused = await runCli(['backup', '--data', data(), '--out', backupFile]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('in use by another Symbolon process');
    expect(refused.stderr).toContain('sys/storage/snapshot');
    expect(existsSync(backupFile)).toBe(false);
    await k.server.stop();
  });
  afterAll(() => dir.remove());

  it('writes a 0600 backup, says which generation opens it, and never overwrites', async () => {
    const r = await runCli(['backup', '--data', data(), '--out', backupFile]);
    expect(r.code, r.stderr).toBe(0);
    expect(statSync(backupFile).mode & 0o777).toBe(0o600);
    expect(r.stdout).toContain(`sha256 ${sha256Of(backupFile)}`);
    expect(r.stdout).toContain('it opens only with the shares of generation 1 (2 of 3: Alice, Bob, Carol)');
    // One self-contained file: no -wal or -shm to carry along, no temporary left behind.
    expect(readdirSync(dir.dir).filter((n) => n.startsWith('stick-backup') || n.includes('.partial-'))).toEqual(['stick-backup.db']);

    const hash = sha256Of(backupFile);
    const again = await runCli(['backup', '--data', data(), '--out', backupFile]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('already exists');
    expect(sha256Of(backupFile)).toBe(hash);

    const verify = await runCli(['backup', 'verify', '--file', backupFile]);
    expect(verify.code, verify.stdout).toBe(0);
    expect(verify.stdout).toContain('integrity    ok');
  });

  it('records the backup in the keyring: audit entry and seal-status', async () => {
    const s = await startServe({ dataPath: data() });
    try {
      const status = await api<Record<string, unknown>>(s, 'GET', 'sys/seal-status');
      expect(status.body['last_backup_generation']).toBe(1);
      expect(status.body['last_backup_predates_generation']).toBe(false);
      const audit = await runCli(['audit', 'export', '--data', data()]);
      expect(audit.code).toBe(0);
      const entries = audit.stdout.trim().split('\n').map((l) => JSON.parse((JSON.parse(l) as { entry: string }).entry) as Record<string, unknown>);
      expect(entries.find((e) => e['action'] === 'backup')).toMatchObject({ via: 'cli', generation: 1, term: 1, sha256: sha256Of(backupFile), size: statSync(backupFile).size });
      await unsealWith(s, init.keys.slice(0, 2));
      const put = await api(s, 'PUT', 'secret/data/after', { token: init.root_token, body: { data: { v: 'not in the backup' } } });
      expect(put.status).toBe(200);
    } finally {
      await s.stop();
    }
  });

  it('refuses to replace an existing keyring without --force', async () => {
    const hash = sha256Of(data());
    const r = await runCli(['restore', '--from', backupFile, '--data', data()]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('already holds a keyring; restore replaces it only with --force');
    expect(sha256Of(data())).toBe(hash);
  });

  it('with --force keeps the replaced keyring aside, and the restored one opens with its shares', async () => {
    const path = data();
    const replacedHash = sha256Of(path);
    const r = await runCli(['restore', '--from', backupFile, '--data', path, '--force']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`restored keyring ${init.keyring_id}`);
    expect(r.stdout).toContain('it opens only with the shares of generation 1: 2 of 3 (1 Alice, 2 Bob, 3 Carol)');
    const aside = /moved aside to (\S+) \(not deleted\)/.exec(r.stdout)?.[1] ?? '';
    expect(sha256Of(aside)).toBe(replacedHash);
    expect(statSync(path).mode & 0o777).toBe(0o600);

    const s = await startServe({ dataPath: path });
    try {
      await unsealWith(s, [init.keys[2] ?? '', init.keys[1] ?? '']);
      const before = await api(s, 'GET', 'secret/data/before', { token: init.root_token });
      expect(before.status).toBe(200);
      const after = await api(s, 'GET', 'secret/data/after', { token: init.root_token });
      expect(after.status).toBe(404);
      const verify = await api<{ data: { ok: boolean } }>(s, 'GET', 'sys/audit/verify', { token: init.root_token });
      expect(verify.body.data.ok).toBe(true);
    } finally {
      await s.stop();
    }
  });

  it('restores to a new path without --force', async () => {
    const fresh = join(dir.dir, 'new-laptop.db');
    const r = await runCli(['restore', '--from', backupFile, '--data', fresh]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('moved aside');
    const verify = await runCli(['audit', 'verify', '--data', fresh]);
    expect(verify.code, verify.stdout).toBe(0);
  });
});
