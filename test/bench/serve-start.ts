/**
 * Benchmark (issue 17): how long the README's own command, `npm run serve`, takes to print its
 * listening line when nothing changed since the last build, against the floor it cannot beat:
 * `node out/electron/cli/main.js serve` alone (the same server without npm and the build check).
 * Both are spawned from the repository root on a fresh keyring file, one warm-up each (the first
 * run of `npm run serve` also builds if the sources changed), then `samples` alternating runs;
 * medians are reported. Target: `npm run serve` < 1 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, median, round, spawnListening } from './bench-process.js';

/** The repository root, seen from out/test/bench/. */
const ROOT = join(import.meta.dirname, '..', '..', '..');

export interface ServeStartBench {
  readonly samples: number;
  /** `npm run serve -- --data … --port 0` → listening line. */
  readonly npmServeMs: number;
  /** `node out/electron/cli/main.js serve …` → listening line. */
  readonly nodeAloneMs: number;
  readonly npmServeSamplesMs: number[];
  readonly nodeAloneSamplesMs: number[];
}

/** npm as this process was started by it (`npm run bench` sets npm_execpath), else npm on PATH. */
function npmCommand(): { command: string; script: string } {
  const cli = process.env['npm_execpath'];
  return cli && cli.endsWith('.js') ? { command: process.execPath, script: cli } : { command: 'npm', script: 'run' };
}

async function timeStart(kind: 'npm' | 'node', dataPath: string): Promise<number> {
  const serveArgs = ['--data', dataPath, '--port', '0'];
  const npm = npmCommand();
  const started =
    kind === 'npm'
      ? await spawnListening(npm.script, [...(npm.script === 'run' ? [] : ['run']), '--silent', 'serve', '--', ...serveArgs], { command: npm.command, cwd: ROOT, group: true })
      : await spawnListening(CLI, ['serve', ...serveArgs], { cwd: ROOT });
  await started.stop();
  return started.startMs;
}

export async function benchServeStart(samples: number): Promise<ServeStartBench> {
  if (!Number.isInteger(samples) || samples < 1) throw new RangeError('samples must be a positive integer');
  const dir = mkdtempSync(join(tmpdir(), 'symbolon-bench-start-'));
  try {
    let n = 0;
    const file = () => join(dir, `k${n++}.db`);
    await timeStart('npm', file());
    await timeStart('node', file());
    const npmServeSamplesMs: number[] = [];
    const nodeAloneSamplesMs: number[] = [];
    for (let i = 0; i < samples; i++) {
      npmServeSamplesMs.push(round(await timeStart('npm', file()), 1));
      nodeAloneSamplesMs.push(round(await timeStart('node', file()), 1));
    }
    return { samples, npmServeMs: round(median(npmServeSamplesMs)), nodeAloneMs: round(median(nodeAloneSamplesMs)), npmServeSamplesMs, nodeAloneSamplesMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
