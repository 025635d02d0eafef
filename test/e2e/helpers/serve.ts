/**
 * Starts the real headless product (`node out/electron/cli/main.js serve`) on a free loopback
 * port with a fresh SQLite file, waits for its one "listening" line, and stops it afterwards.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REPO = join(import.meta.dirname, '../../..');
const CLI = join(REPO, 'out/electron/cli/main.js');
const UI = join(REPO, 'out/renderer/index.html');

export interface Served {
  url: string;
  /** Milliseconds from spawn to the "listening" line. */
  startMs: number;
  startedAt: number;
  stop(): Promise<void>;
}

export async function startServe(): Promise<Served> {
  for (const file of [CLI, UI]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` before the e2e tests`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'symbolon-e2e-'));
  const startedAt = Date.now();
  const child = spawn(process.execPath, [CLI, 'serve', '--data', join(dir, 'keyring.db'), '--port', '0'], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start within 20 s\n${out}\n${err}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Symbolon listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1]) { clearTimeout(timer); resolve(m[1]); }
    });
    child.stderr?.on('data', (chunk: Buffer) => { err += chunk.toString(); });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`serve exited with ${code}\n${out}\n${err}`)); });
  });
  const startMs = Date.now() - startedAt;
  return { url, startMs, startedAt, stop: () => stop(child, dir) };
}

async function stop(child: ChildProcess, dir: string): Promise<void> {
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  rmSync(dir, { recursive: true, force: true });
}
