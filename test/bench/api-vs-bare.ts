/**
 * Benchmark (issue 7): the API over HTTP keep-alive, driven by autocannon, against a bare
 * node:http server (bare-server.ts) answering the very same JSON bytes — the ceiling any
 * Node HTTP API reaches on this machine. Two reads:
 *   key-status — `GET sys/key-status` with the root token;
 *   kv-read    — `GET secret/data/bench/item` (a KV v2 read) with the root token.
 * Both processes are children of this one, so client and server never share a core's event
 * loop. Each measurement follows a warm-up of 1,000 requests. Target (issue 17): Symbolon ≥ 0.4 ×
 * bare requests/s with p99 < 5 ms; p50 and p99 latency and the server's CPU time per request
 * (the figure a busy machine disturbs least) are reported for both. Afterwards the keyring file
 * tells how much the audit log grew per request.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { cpuSeconds, ok, round, spawnListening, spawnServe } from './bench-process.js';
import type { Child } from './bench-process.js';

export interface ApiBenchOptions {
  readonly seconds: number;
  readonly connections: number;
}

export interface LoadFigures {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly non2xx: number;
  readonly errors: number;
  /** Server CPU time per answered request (µs), null where /proc is missing. */
  readonly cpuUsPerRequest: number | null;
}

/** What the audit log grew by during the load, read from the keyring file after serve stopped. */
export interface AuditGrowth {
  readonly entries: number;
  /** Pages of the audit_log table (SQLite's dbstat), divided by its entries: the disk cost. */
  readonly tableBytesPerEntry: number;
  /** Text stored per entry: the JSON entry, its time and the two chain hashes. */
  readonly storedBytesPerEntry: number;
  /** The JSON entry alone. */
  readonly entryJsonBytes: number;
}

/** Busy work per request in the second ceiling measurement (µs). */
export const CEILING_WORK_US = 10;

export interface ApiBench {
  readonly options: ApiBenchOptions;
  readonly endpoints: Record<
    string,
    {
      readonly symbolon: LoadFigures;
      readonly bare: LoadFigures;
      readonly ratio: number;
      /** fastify + the group commit of a minimal entry, nothing else (ceiling-server.ts). */
      readonly ceiling: LoadFigures;
      readonly ceilingRatio: number;
    }
  >;
  readonly audit: AuditGrowth;
  /** key-status against the ceiling server with CEILING_WORK_US of busy work per request. */
  readonly ceilingWithWork: { readonly workUs: number; readonly figures: LoadFigures; readonly ratio: number };
}

function auditGrowth(path: string): AuditGrowth {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT COUNT(*) AS n, SUM(length(entry) + length(time) + length(prev_hash) + length(hash)) AS stored, SUM(length(entry)) AS json FROM audit_log').get() as { n: number; stored: number; json: number };
    const pages = db.prepare("SELECT SUM(pgsize) AS bytes FROM dbstat WHERE name = 'audit_log'").get() as { bytes: number };
    const per = (total: number) => (rows.n === 0 ? 0 : Math.round(total / rows.n));
    return { entries: rows.n, tableBytesPerEntry: per(pages.bytes), storedBytesPerEntry: per(rows.stored), entryJsonBytes: per(rows.json) };
  } finally {
    db.close();
  }
}

/** Every server is sent the same request bytes, token header included (the others ignore it). */
async function load(url: string, token: string, o: ApiBenchOptions, pid: number | undefined): Promise<LoadFigures> {
  const headers: Record<string, string> = { 'X-Vault-Token': token };
  // Warm-up by count, not time: enough for the JIT and the connection pool, cheap in --quick.
  await autocannon({ url, connections: o.connections, amount: 1000, headers });
  const cpuBefore = cpuSeconds(pid);
  const r = await autocannon({ url, connections: o.connections, duration: o.seconds, headers });
  const cpuAfter = cpuSeconds(pid);
  const cpuUsPerRequest = cpuBefore === null || cpuAfter === null || r.requests.total === 0 ? null : round(((cpuAfter - cpuBefore) / r.requests.total) * 1e6, 1);
  return { requestsPerSecond: Math.round(r.requests.average), p50Ms: r.latency.p50, p99Ms: r.latency.p99, non2xx: r.non2xx, errors: r.errors, cpuUsPerRequest };
}

export async function benchApi(o: ApiBenchOptions): Promise<ApiBench> {
  if (!(o.seconds >= 1) || !Number.isInteger(o.connections) || o.connections < 1) throw new RangeError('seconds ≥ 1 and connections ≥ 1 required');
  const dir = mkdtempSync(join(tmpdir(), 'symbolon-bench-api-'));
  const keyring = join(dir, 'keyring.db');
  const serve = await spawnServe(keyring);
  try {
    const init = await ok(serve.url, 'PUT', 'sys/init', { body: { secret_shares: 1, secret_threshold: 1 } });
    const token = String(init['root_token']);
    await ok(serve.url, 'PUT', 'sys/unseal', { body: { key: (init['keys'] as string[])[0] } });
    await ok(serve.url, 'PUT', 'secret/data/bench/item', { token, body: { data: { username: 'svc-bench', password: 'p'.repeat(32), url: 'https://example.invalid/' } } });
    const paths = { 'key-status': '/v1/sys/key-status', 'kv-read': '/v1/secret/data/bench/item' } as const;

    // The bare server answers the bytes Symbolon answered, so both send the same payload.
    const bodies: Record<string, string> = {};
    for (const path of Object.values(paths)) {
      const r = await fetch(serve.url + path, { headers: { 'X-Vault-Token': token } });
      bodies[path] = await r.text();
    }
    const bodiesFile = join(dir, 'bodies.json');
    writeFileSync(bodiesFile, JSON.stringify(bodies));
    // Every child started is stopped, whichever later start fails.
    const children: Child[] = [];
    const started = async (script: string, args: string[]) => {
      const child = await spawnListening(join(import.meta.dirname, script), args);
      children.push(child);
      return child;
    };
    try {
      const bare = await started('bare-server.js', [bodiesFile]);
      const ceilingServer = await started('ceiling-server.js', [bodiesFile, join(dir, 'ceiling.db')]);
      const workServer = await started('ceiling-server.js', [bodiesFile, join(dir, 'ceiling-work.db'), String(CEILING_WORK_US)]);
      const endpoints: ApiBench['endpoints'] = {};
      for (const [name, path] of Object.entries(paths)) {
        const symbolon = await load(serve.url + path, token, o, serve.child.pid);
        const baseline = await load(bare.url + path, token, o, bare.child.pid);
        const ceiling = await load(ceilingServer.url + path, token, o, ceilingServer.child.pid);
        for (const [server, figures] of [['symbolon', symbolon], ['ceiling', ceiling]] as const) {
          if (figures.non2xx + figures.errors > 0) throw new Error(`${name} (${server}): ${figures.non2xx} non-2xx answers and ${figures.errors} errors under load`);
        }
        endpoints[name] = {
          symbolon,
          bare: baseline,
          ratio: round(symbolon.requestsPerSecond / baseline.requestsPerSecond, 2),
          ceiling,
          ceilingRatio: round(ceiling.requestsPerSecond / baseline.requestsPerSecond, 2),
        };
      }
      const withWork = await load(workServer.url + paths['key-status'], token, o, workServer.child.pid);
      const keyStatusBare = endpoints['key-status']?.bare.requestsPerSecond ?? 0;
      const ceilingWithWork = { workUs: CEILING_WORK_US, figures: withWork, ratio: keyStatusBare > 0 ? round(withWork.requestsPerSecond / keyStatusBare, 2) : 0 };
      // Nearly every entry now is one of the benchmark's reads; stopping checkpoints the WAL.
      await serve.stop();
      return { options: o, endpoints, audit: auditGrowth(keyring), ceilingWithWork };
    } finally {
      for (const child of children) await child.stop();
    }
  } finally {
    await serve.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
