/**
 * Process helpers for the benchmarks: spawn the compiled `symbolon serve` (or any node script
 * that prints a "listening on http://…" line) and time it until it listens, read a child's
 * resident memory from /proc, and a small JSON-over-HTTP client.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** out/electron/cli/main.js, seen from out/test/bench/. */
export const CLI = join(import.meta.dirname, '..', '..', 'electron', 'cli', 'main.js');

export interface Child {
  readonly child: ChildProcess;
  readonly url: string;
  /** Spawn → "listening on" line. */
  readonly startMs: number;
  stop(): Promise<void>;
}

/** Where the command runs; `group` puts it in its own process group, stopped as a whole (npm → sh → node). */
export interface SpawnOptions {
  readonly command?: string;
  readonly cwd?: string;
  readonly group?: boolean;
}

/** Spawns `node script ...args` (or `command script ...args`) and waits for its "listening on http://…" line. */
export async function spawnListening(script: string, args: readonly string[], options: SpawnOptions = {}): Promise<Child> {
  const started = performance.now();
  const group = options.group ?? false;
  const child = spawn(options.command ?? process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: group, ...(options.cwd ? { cwd: options.cwd } : {}) });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start:\n${output}`)), 30_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${String(code)}:\n${output}`));
    });
  });
  const startMs = performance.now() - started;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    url,
    startMs,
    async stop() {
      if (child.exitCode === null) {
        if (group && child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
        else child.kill('SIGTERM');
      }
      await exited;
    },
  };
}

export function spawnServe(dataPath: string): Promise<Child> {
  return spawnListening(CLI, ['serve', '--data', dataPath, '--port', '0']);
}

/** Resident set size and its peak (MiB) of a process, from /proc (Linux); null elsewhere. */
export function residentMemory(pid: number | undefined): { rssMiB: number; peakMiB: number } | null {
  if (pid === undefined) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMiB: round(kib('VmRSS') / 1024, 1), peakMiB: round(kib('VmHWM') / 1024, 1) };
  } catch {
    return null;
  }
}

/**
 * CPU time (user + system, seconds) a process has used so far, from /proc (Linux); null
 * elsewhere. CPU time per request is the figure least disturbed by other work on the machine:
 * waiting for a core costs wall time, not CPU time.
 */
export function cpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks / CLOCK_TICKS_PER_SECOND : null;
  } catch {
    return null;
  }
}
/** USER_HZ: 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

export async function http(base: string, method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<{ status: number; text: string; json: Record<string, unknown> }> {
  const response = await fetch(`${base}/v1/${path}`, {
    method,
    headers: { ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }), ...(options.token ? { 'X-Vault-Token': options.token } : {}) },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  if (text) json = JSON.parse(text) as Record<string, unknown>;
  return { status: response.status, text, json };
}

/** Like http(), but anything other than 2xx is an error (a benchmark must not time failures). */
export async function ok(base: string, method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<Record<string, unknown>> {
  const r = await http(base, method, path, options);
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${r.text.slice(0, 300)}`);
  return r.json;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
