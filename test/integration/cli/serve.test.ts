/**
 * `symbolon serve` as a user runs it: exactly one stdout line once ready, `--port 0`, `--dev`,
 * the default data file, clear errors with exit code 1 for bad flags, and a clean exit 0 on
 * SIGTERM/SIGINT (which seals the keyring first).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { api, CLI, initAndUnseal, startServe, tempDir } from '../../helpers/serve.js';

const LISTENING = /^Symbolon listening on http:\/\/127\.0\.0\.1:(\d+)$/;

/** Runs the CLI to its exit (async, so the refusal cases can run side by side). */
function runCli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  return new Promise((resolve) => child.once('close', (status) => {
    clearTimeout(timer);
    resolve({ status, stdout, stderr });
  }));
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Spawns serve with separate stdout and stderr; resolves once the listening line is out. */
async function spawnServe(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const child = spawn(process.execPath, [CLI, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${stdout} ${stderr}`)), 15_000);
    child.stdout.on('data', () => {
      if (/Symbolon listening on \S+\n/.test(stdout)) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(() => reject(new Error(`serve exited: ${stderr}`)));
  });
  const url = /Symbolon listening on (\S+)/.exec(stdout)?.[1] ?? '';
  return { child, url, base: `${url}/v1/`, stdout: () => stdout, stderr: () => stderr, exited };
}

describe('symbolon serve', () => {
  it('prints exactly one stdout line, "Symbolon listening on http://127.0.0.1:<port>", and nothing on stderr', async () => {
    const dir = tempDir();
    try {
      const s = await spawnServe(['--data', join(dir.dir, 'k.db'), '--port', '0']);
      await initAndUnseal(s, 3, 2);
      expect((await api(s, 'GET', 'sys/seal-status')).body).toMatchObject({ sealed: false });
      s.child.kill('SIGTERM');
      const exit = await s.exited;
      expect(exit).toEqual({ code: 0, signal: null });
      const lines = s.stdout().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toBe('');
      const port = Number(LISTENING.exec(lines[0] ?? '')?.[1]);
      expect(port).toBeGreaterThan(0);
      expect(port).not.toBe(8200);
      expect(s.stderr()).toBe('');
    } finally {
      dir.remove();
    }
  });

  it('listens on the port given', async () => {
    const dir = tempDir();
    const port = await freePort();
    const server = await startServe({ dataPath: join(dir.dir, 'k.db'), port });
    try {
      expect(server.url).toBe(`http://127.0.0.1:${port}`);
      expect((await api(server, 'GET', 'sys/health')).status).toBe(501);
    } finally {
      await server.stop();
      dir.remove();
    }
  });

  it('seals on SIGTERM and SIGINT and exits 0: the transcript ends with the shutdown seal', async () => {
    const dir = tempDir();
    try {
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        const dataPath = join(dir.dir, `${signal}.db`);
        const server = await startServe({ dataPath });
        await initAndUnseal(server, 1, 1);
        server.child.kill(signal);
        const code = await new Promise<number | null>((resolve) => server.child.once('exit', (c) => resolve(c)));
        expect(code).toBe(0);
        const db = new Database(dataPath, { readonly: true });
        const last = db.prepare('SELECT entry FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { entry: string };
        db.close();
        expect(JSON.parse(last.entry)).toMatchObject({ ceremony: 'seal', step: 'sealed', reason: 'shutdown' });
      }
    } finally {
      dir.remove();
    }
  });

  it('--dev: warns, prints the unseal key and root token, and serves an unsealed 1-of-1 keyring in memory', async () => {
    const dir = tempDir();
    try {
      const s = await spawnServe(['--dev', '--port', '0'], { ...process.env, XDG_CONFIG_HOME: dir.dir });
      const lines = s.stdout().trimEnd().split('\n');
      expect(lines[0]).toMatch(/^WARNING: dev mode\./);
      expect(lines.join('\n')).toMatch(/Never use dev mode for real keys\./);
      const key = /^Unseal Key: (\S+)$/m.exec(s.stdout())?.[1] ?? '';
      const token = /^Root Token: (hvs\.[0-9A-Za-z]{24})$/m.exec(s.stdout())?.[1] ?? '';
      expect(Buffer.from(key, 'base64')).toHaveLength(32);
      expect(token).not.toBe('');
      expect(lines.at(-1)).toMatch(LISTENING);

      expect((await api(s, 'GET', 'sys/seal-status')).body).toMatchObject({ initialized: true, sealed: false, t: 1, n: 1 });
      expect((await api(s, 'GET', 'auth/token/lookup-self', { token })).status).toBe(200);
      expect((await api(s, 'PUT', 'sys/seal', { token })).status).toBe(204);
      expect((await api(s, 'PUT', 'sys/unseal', { body: { key } })).body).toMatchObject({ sealed: false });

      s.child.kill('SIGTERM');
      expect((await s.exited).code).toBe(0);
      // In memory: nothing was written to the default data folder.
      expect(existsSync(join(dir.dir, 'Symbolon', 'keyring.db'))).toBe(false);
    } finally {
      dir.remove();
    }
  });

  it('keeps the keyring in the per-user data folder when --data is not given', async () => {
    const dir = tempDir();
    try {
      const s = await spawnServe(['--port', '0'], { ...process.env, XDG_CONFIG_HOME: dir.dir });
      s.child.kill('SIGTERM');
      await s.exited;
      const file = join(dir.dir, 'Symbolon', 'keyring.db');
      expect(existsSync(file)).toBe(true);
      expect(statSync(join(dir.dir, 'Symbolon')).mode & 0o777).toBe(0o700);
    } finally {
      dir.remove();
    }
  });

  describe('refuses bad flags with a clear message on stderr and exit code 1', () => {
    const cases: [string, string[], RegExp][] = [
      ['an unknown flag', ['serve', '--bogus'], /^symbolon: .*'--bogus'/],
      ['a non-numeric port', ['serve', '--dev', '--port', 'abc'], /^symbolon: --port must be 0\.\.65535 \(0 picks a free port\), not "abc"$/],
      ['a port above 65535', ['serve', '--dev', '--port', '70000'], /^symbolon: --port must be 0\.\.65535/],
      ['a negative port', ['serve', '--dev', '--port=-1'], /^symbolon: --port must be 0\.\.65535/],
      ['a missing flag value', ['serve', '--port'], /^symbolon: .*--port/],
      ['--dev with --data', ['serve', '--dev', '--data', 'x.db'], /^symbolon: --dev uses an in-memory keyring; do not combine it with --data$/],
      ['a tiny body limit', ['serve', '--dev', '--port', '0', '--max-body-bytes', '10'], /^symbolon: --max-body-bytes must be an integer ≥ 1024$/],
      ['a non-loopback host', ['serve', '--dev', '--port', '0', '--host', '0.0.0.0'], /^symbolon: --host must be 127\.0\.0\.1 or ::1/],
      ['an unknown command', ['frobnicate'], /^symbolon: unknown command "frobnicate"\nusage: symbolon <command>/],
      ['no command', [], /^symbolon: usage: symbolon <command>/],
      ['a positional argument', ['serve', 'extra'], /^symbolon: .*extra/],
    ];
    for (const [name, args, message] of cases) {
      it.concurrent(name, async () => {
        const run = await runCli(args);
        expect(run.status).toBe(1);
        expect(run.stdout).toBe('');
        expect(run.stderr.trimEnd()).toMatch(message);
        expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
      });
    }

    it('a port already in use', async () => {
      const dir = tempDir();
      const first = await startServe({ dataPath: join(dir.dir, 'a.db') });
      try {
        const run = await runCli(['serve', '--data', join(dir.dir, 'b.db'), '--port', String(first.port)]);
        expect(run.status).toBe(1);
        expect(run.stdout).toBe('');
        expect(run.stderr).toMatch(new RegExp(`^symbolon: .*(EADDRINUSE|in use).*${first.port}`));
      } finally {
        await first.stop();
        dir.remove();
      }
    });

    it('a data file that is not a keyring, and a folder that does not exist', async () => {
      const dir = tempDir();
      try {
        const text = join(dir.dir, 'notes.txt');
        writeFileSync(text, 'not a database, but precious: must stay untouched\n'.repeat(100));
        const notDb = await runCli(['serve', '--data', text, '--port', '0']);
        expect(notDb.status).toBe(1);
        expect(notDb.stderr).toMatch(/^symbolon: .*not a database/);
        expect(readFileSync(text, 'utf8')).toBe('not a database, but precious: must stay untouched\n'.repeat(100));
        const missing = await runCli(['serve', '--data', join(dir.dir, 'no', 'such', 'k.db'), '--port', '0']);
        expect(missing.status).toBe(1);
        expect(missing.stderr).toMatch(/^symbolon: .*directory does not exist/);
      } finally {
        dir.remove();
      }
    });

    it('a keyring file another serve process already has open', async () => {
      const dir = tempDir();
      const dataPath = join(dir.dir, 'k.db');
      const first = await startServe({ dataPath });
      try {
        await initAndUnseal(first, 1, 1);
        const second = await runCli(['serve', '--data', dataPath, '--port', '0']);
        expect(second.status).toBe(1);
        expect(second.stdout).toBe('');
        expect(second.stderr).toMatch(/^symbolon: keyring file .*k\.db is in use by another Symbolon process/);
        // The owner is untouched and still serving.
        expect((await api(first, 'GET', 'sys/seal-status')).body['sealed']).toBe(false);
      } finally {
        await first.stop();
      }
      // The lock goes with its process: once the owner has exited, the file opens again.
      const again = await startServe({ dataPath });
      await again.stop();
      dir.remove();
    });

    it('a keyring file whose owner was killed: the OS releases the lock', async () => {
      const dir = tempDir();
      const dataPath = join(dir.dir, 'k.db');
      const first = await startServe({ dataPath });
      await first.kill();
      const again = await startServe({ dataPath });
      await again.stop();
      dir.remove();
    });

    it('a keyring file from a newer Symbolon', async () => {
      const dir = tempDir();
      try {
        const file = join(dir.dir, 'future.db');
        const db = new Database(file);
        db.exec('CREATE TABLE schema_version (version INTEGER NOT NULL) STRICT; INSERT INTO schema_version VALUES (999);');
        db.close();
        const run = await runCli(['serve', '--data', file, '--port', '0']);
        expect(run.status).toBe(1);
        expect(run.stderr).toMatch(/^symbolon: keyring file has schema version 999; this Symbolon understands up to \d+\n$/);
      } finally {
        dir.remove();
      }
    });
  });
});
