/**
 * Benchmark: the two figures issue 2 asks for, measured through the real interface.
 * - serve start-up: spawning `symbolon serve` on a new keyring file until its
 *   "Symbolon listening on …" line arrives (median of 10);
 * - unseal latency: the HTTP round trip of the share that reaches threshold on a 3-of-5 keyring,
 *   from request sent to `sealed:false` received (median of 20; sealed again between samples).
 * Run after a build: `node out/test/bench/serve-latency.js`.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const CLI = join(import.meta.dirname, '..', '..', 'electron', 'cli', 'main.js');

export interface ServeLatencyBench {
  startupMedianMs: number;
  startupSamplesMs: number[];
  unsealMedianMs: number;
  unsealSamplesMs: number[];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function startServe(dataPath: string): Promise<{ child: ChildProcess; base: string; ms: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, 'serve', '--data', dataPath, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /Symbolon listening on (\S+)\n/.exec(out);
      if (match?.[1]) resolve(`${match[1]}/v1/`);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${String(code)}`)));
  });
  return { child, base, ms: performance.now() - started };
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

async function put(base: string, path: string, body: unknown, token?: string): Promise<Record<string, unknown>> {
  const response = await fetch(base + path, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', ...(token ? { 'X-Vault-Token': token } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 400) throw new Error(`${path}: ${response.status} ${text}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export async function benchServeLatency(startups = 10, unseals = 20): Promise<ServeLatencyBench> {
  const dir = mkdtempSync(join(tmpdir(), 'symbolon-bench-'));
  try {
    const startupSamplesMs: number[] = [];
    for (let i = 0; i < startups; i++) {
      const { child, ms } = await startServe(join(dir, `startup-${i}.db`));
      startupSamplesMs.push(ms);
      await stop(child);
    }

    const { child, base } = await startServe(join(dir, 'unseal.db'));
    const init = await put(base, 'sys/init', { secret_shares: 5, secret_threshold: 3 });
    const keys = init['keys'] as string[];
    const token = init['root_token'] as string;
    const unsealSamplesMs: number[] = [];
    for (let i = 0; i < unseals + 2; i++) {
      await put(base, 'sys/unseal', { key: keys[0] });
      await put(base, 'sys/unseal', { key: keys[1] });
      const started = performance.now();
      const status = await put(base, 'sys/unseal', { key: keys[2 + (i % 3)] });
      const ms = performance.now() - started;
      if (status['sealed'] !== false) throw new Error('threshold share did not unseal');
      if (i >= 2) unsealSamplesMs.push(ms); // the first two warm the connection and the JIT
      await put(base, 'sys/seal', {}, token);
    }
    await stop(child);
    return { startupMedianMs: median(startupSamplesMs), startupSamplesMs, unsealMedianMs: median(unsealSamplesMs), unsealSamplesMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchServeLatency();
  const round = (values: number[]) => values.map((v) => Math.round(v * 10) / 10);
  process.stdout.write(`serve start-up (spawn → listening line), median of ${result.startupSamplesMs.length}: ${result.startupMedianMs.toFixed(0)} ms ${JSON.stringify(round(result.startupSamplesMs))}\n`);
  process.stdout.write(`unseal latency (threshold share → sealed:false), median of ${result.unsealSamplesMs.length}: ${result.unsealMedianMs.toFixed(1)} ms ${JSON.stringify(round(result.unsealSamplesMs))}\n`);
}
