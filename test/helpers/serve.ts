/**
 * Test harness for the real interface: spawns `symbolon serve` (the compiled CLI, as a user runs
 * it) on a temporary keyring file and a free port, and speaks HTTP to it.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InitResponse } from '../../shared/api/init.js';

/** The compiled CLI; SYMBOLON_CLI points the tests at another build (e.g. a private snapshot of out/). */
export const CLI = process.env['SYMBOLON_CLI'] ?? join(import.meta.dirname, '..', '..', 'out', 'electron', 'cli', 'main.js');

export interface ServeProcess {
  readonly url: string;
  readonly base: string;
  readonly port: number;
  readonly dataPath: string;
  readonly child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM and wait (seals cleanly). */
  stop(): Promise<void>;
  /** SIGKILL and wait: a crash at this instant. */
  kill(): Promise<void>;
}

export function tempDir(prefix = 'symbolon-test-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function startServe(options: { dataPath: string; args?: string[]; port?: number }): Promise<ServeProcess> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  const child = spawn(process.execPath, [CLI, 'serve', '--data', options.dataPath, '--port', String(options.port ?? 0), ...(options.args ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${output}`)), 15_000);
    const onData = () => {
      const match = /Symbolon listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${String(code)}:\n${output}`));
    });
  });
  const port = Number(new URL(url).port);
  return {
    url,
    base: `${url}/v1/`,
    port,
    dataPath: options.dataPath,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

export interface ApiResult<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
  readonly text: string;
}

/** One HTTP request to the API: JSON in, JSON (or nothing) out. */
export async function api<T = Record<string, unknown>>(
  server: { base: string },
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string>; rawBody?: string } = {},
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers['X-Vault-Token'] = options.token;
  let payload: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    payload = JSON.stringify(options.body);
    headers['Content-Type'] ??= 'application/json';
  }
  const response = await fetch(server.base + path, { method, headers, ...(payload === undefined ? {} : { body: payload }) });
  const text = await response.text();
  return { status: response.status, body: parseBody(text) as T, headers: response.headers, text };
}

/** The JSON body, or null when there is none or it is not JSON. */
function parseBody(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : null;
  } catch {
    return null;
  }
}

export type { InitResponse } from '../../shared/api/init.js';

/** Initializes T-of-N and unseals with the first T shares; returns the init response. */
export async function initAndUnseal(server: { base: string }, shares = 3, threshold = 2, custodians?: string[]): Promise<InitResponse> {
  const init = await api<InitResponse>(server, 'PUT', 'sys/init', {
    body: { secret_shares: shares, secret_threshold: threshold, ...(custodians ? { custodians } : {}) },
  });
  if (init.status !== 200) throw new Error(`init failed: ${init.status} ${init.text}`);
  for (const key of init.body.keys.slice(0, threshold)) {
    const r = await api(server, 'PUT', 'sys/unseal', { body: { key } });
    if (r.status !== 200) throw new Error(`unseal failed: ${r.status} ${r.text}`);
  }
  return init.body;
}

/**
 * A served, initialized 1-of-1, unsealed keyring on a fresh temporary file, for a test file's
 * `beforeAll`; `stop` seals it, ends the process and removes the file.
 */
export async function serveUnsealedKeyring(): Promise<{ server: ServeProcess; root: string; stop: () => Promise<void> }> {
  const dir = tempDir();
  const server = await startServe({ dataPath: `${dir.dir}/keyring.db` });
  const root = (await initAndUnseal(server, 1, 1)).root_token;
  return {
    server,
    root,
    stop: async () => {
      await server.stop();
      dir.remove();
    },
  };
}
