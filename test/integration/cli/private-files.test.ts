/**
 * Every file Symbolon creates is owner-only, whatever the umask (issue 12, DESIGN.md "Files"):
 * the keyring, its -wal/-shm, the .lock file, the audit export; the default data folder is 0700.
 * An existing keyring that others can read is tightened when opened, and one that cannot be
 * tightened (another user owns it) is refused with the command to run. The whole file runs under
 * `umask 022` (inherited by the spawned `serve`), the usual desktop default.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, api, initAndUnseal, startServe, tempDir } from '../../helpers/serve.js';

function mode(path: string): string {
  return (statSync(path).mode & 0o777).toString(8);
}

function keyringFiles(dataPath: string): string[] {
  return [dataPath, `${dataPath}-wal`, `${dataPath}-shm`, `${dataPath}.lock`];
}

async function writeSomething(server: { base: string }, token: string): Promise<void> {
  const r = await api(server, 'POST', 'secret/data/private/files', { token, body: { data: { a: 1 } } });
  expect(r.status).toBe(200);
}

describe.runIf(process.platform !== 'win32')('private files under umask 022', () => {
  let previousUmask = 0;
  const dir = tempDir();

  beforeAll(() => {
    previousUmask = process.umask(0o022);
    chmodSync(dir.dir, 0o755);
  });

  afterAll(() => {
    process.umask(previousUmask);
    dir.remove();
  });

  it('creates the keyring, -wal, -shm and .lock 0600 in a 0755 folder given with --data', async () => {
    const dataPath = join(dir.dir, 'fresh.db');
    const server = await startServe({ dataPath });
    try {
      const init = await initAndUnseal(server, 1, 1);
      await writeSomething(server, init.root_token);
      for (const file of keyringFiles(dataPath)) {
        expect(existsSync(file), file).toBe(true);
        expect(mode(file), file).toBe('600');
      }
    } finally {
      await server.kill();
    }
  });

  it('tightens an existing keyring and its siblings that others can read, and the keyring still opens', async () => {
    const dataPath = join(dir.dir, 'loose.db');
    const first = await startServe({ dataPath });
    const init = await initAndUnseal(first, 1, 1);
    await writeSomething(first, init.root_token);
    // Killed, so -wal and -shm stay behind as an earlier release would have left them.
    await first.kill();
    for (const file of keyringFiles(dataPath)) if (existsSync(file)) chmodSync(file, 0o644);
    expect(mode(`${dataPath}-wal`)).toBe('644');

    const second = await startServe({ dataPath });
    try {
      for (const file of keyringFiles(dataPath)) expect(mode(file), file).toBe('600');
      expect((await api(second, 'PUT', 'sys/unseal', { body: { key: init.keys[0] } })).body).toMatchObject({ sealed: false });
      await writeSomething(second, init.root_token);
      for (const file of keyringFiles(dataPath)) expect(mode(file), file).toBe('600');
    } finally {
      await second.stop();
    }
  });

  it('makes an existing default data folder 0700 and the keyring in it 0600', async () => {
    const config = join(dir.dir, 'config');
    const folder = join(config, 'Symbolon');
    mkdirSync(folder, { recursive: true, mode: 0o755 });
    chmodSync(folder, 0o755);
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0'], { env: { ...process.env, XDG_CONFIG_HOME: config }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(`${String(code)} ${String(signal)}`)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not start:\n${output}`)), 15_000);
      child.stdout.on('data', () => {
        if (output.includes('Symbolon listening on')) {
          clearTimeout(timer);
          resolve();
        }
      });
      void exited.then(() => reject(new Error(`serve exited:\n${output}`)));
    });
    child.kill('SIGTERM');
    expect(await exited, output).toBe('0 null');
    expect(mode(folder)).toBe('700');
    expect(mode(join(folder, 'keyring.db'))).toBe('600');
    expect(mode(join(folder, 'keyring.db.lock'))).toBe('600');
  });

  it('writes the audit export 0600', async () => {
    const dataPath = join(dir.dir, 'audited.db');
    const server = await startServe({ dataPath });
    await initAndUnseal(server, 1, 1);
    await server.stop();
    const out = join(dir.dir, 'audit.jsonl');
    const run = spawnSync(process.execPath, [CLI, 'audit', 'export', '--data', dataPath, '--out', out], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(mode(out)).toBe('600');
  });

  // Only root can hand a file to another owner; CI runs as root. `serve` runs as nobody here.
  it.runIf(process.getuid?.() === 0)('refuses a keyring others can read that it cannot tighten (another user owns it), naming the chmod, and never listens', () => {
    const NOBODY = 65534;
    const shared = join(dir.dir, 'shared');
    mkdirSync(shared, { mode: 0o755 });
    chownSync(shared, NOBODY, NOBODY);
    const dataPath = join(shared, 'foreign.db');
    // Owned by root, readable and writable by everyone: nobody can open it but not chmod it.
    writeFileSync(dataPath, '');
    chmodSync(dataPath, 0o666);
    const run = spawnSync(process.execPath, [CLI, 'serve', '--data', dataPath, '--port', '0'], {
      uid: NOBODY,
      gid: NOBODY,
      encoding: 'utf8',
      timeout: 20_000,
    });
    const output = run.stdout + run.stderr;
    expect(run.status, output).not.toBe(0);
    expect(output).not.toContain('Symbolon listening on');
    expect(output).toContain(`${dataPath} can be read by other users and could not be made private (EPERM); run \`chmod 600 ${dataPath}\` as its owner, or move it`);
    expect(mode(dataPath)).toBe('666');
  });
});

