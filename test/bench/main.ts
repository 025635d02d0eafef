/**
 * `npm run bench`: every benchmark issues 7 and 17 ask for, in one run, printed as a short table
 * and written as JSON (bench-results.json in the working directory, or --out FILE). Ratios
 * compare figures measured in this same run on this same machine.
 *   node out/test/bench/main.js [--quick] [--out FILE] [--only start,barrier,api,scale,rekey,rewrap,audit]
 * --quick runs tiny sizes (seconds; for the smoke test that keeps this harness from rotting).
 * Sizes of the full run fit a 2-core machine in a few minutes.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { benchApi } from './api-vs-bare.js';
import type { ApiBenchOptions } from './api-vs-bare.js';
import { benchAuditAppend } from './audit-append.js';
import { benchBarrier } from './barrier-vs-raw.js';
import type { BarrierBenchOptions } from './barrier-vs-raw.js';
import { round } from './bench-process.js';
import { benchScale } from './keyring-scale.js';
import type { ScaleBenchOptions } from './keyring-scale.js';
import { benchRekey } from './rekey-pgp.js';
import type { RekeyBenchOptions } from './rekey-pgp.js';
import { benchRewrap } from './rewrap.js';
import { benchServeStart } from './serve-start.js';

interface Sizes {
  readonly startSamples: number;
  readonly barrier: BarrierBenchOptions;
  readonly api: ApiBenchOptions;
  readonly scale: ScaleBenchOptions;
  readonly rekey: RekeyBenchOptions;
  readonly rewrapRecords: number;
  readonly rewrapReps: number;
  readonly auditEntries: number;
}

const FULL: Sizes = {
  startSamples: 5,
  barrier: { records: 20_000, batch: 500, singles: 500, reps: 2 },
  api: { seconds: 5, connections: 10 },
  scale: { records: 100_000, recordBytes: 512, startups: 3, unseals: 10 },
  rekey: { shares: 255, threshold: 3 },
  rewrapRecords: 20_000,
  rewrapReps: 2,
  auditEntries: 2_000,
};

const QUICK: Sizes = {
  startSamples: 1,
  barrier: { records: 300, batch: 100, singles: 20, reps: 1 },
  api: { seconds: 1, connections: 4 },
  scale: { records: 1_000, recordBytes: 512, startups: 1, unseals: 2 },
  rekey: { shares: 3, threshold: 2 },
  rewrapRecords: 500,
  rewrapReps: 1,
  auditEntries: 50,
};

const SECTIONS = ['start', 'barrier', 'api', 'scale', 'rekey', 'rewrap', 'audit'] as const;
type Section = (typeof SECTIONS)[number];

interface Row {
  readonly benchmark: string;
  readonly figure: string;
  readonly baseline: string;
  readonly ratio: string;
  readonly target: string;
  readonly verdict: string;
}

function verdict(ok: boolean): string {
  return ok ? 'ok' : 'MISSED';
}

function fmt(n: number, unit = ''): string {
  return `${n.toLocaleString('en-US')}${unit}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, out: { type: 'string' }, only: { type: 'string' } }, strict: true });
  const sizes = values.quick ? QUICK : FULL;
  const only = new Set<Section>((values.only?.split(',') ?? SECTIONS) as Section[]);
  for (const s of only) if (!SECTIONS.includes(s)) throw new RangeError(`unknown section "${s}"; sections: ${SECTIONS.join(', ')}`);
  const out = resolve(values.out ?? 'bench-results.json');
  const results: Record<string, unknown> = {
    when: new Date().toISOString(),
    mode: values.quick ? 'quick' : 'full',
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memoryGiB: round(totalmem() / 2 ** 30, 1), node: process.version, platform: process.platform },
    // A shared machine's other work slows every figure: the 1-minute load average says how much.
    loadAverage: { before: round(loadavg()[0] ?? 0, 2), after: 0 },
  };
  const rows: Row[] = [];
  const timings: Record<string, number> = {};
  const timed = async <T>(section: Section, work: () => Promise<T>): Promise<T | null> => {
    if (!only.has(section)) return null;
    const started = performance.now();
    const result = await work();
    timings[section] = round((performance.now() - started) / 1000, 1);
    results[section] = result;
    return result;
  };

  // First, while nothing else has warmed the disk cache for it: the README's command.
  const start = await timed('start', () => benchServeStart(sizes.startSamples));
  if (start) {
    rows.push({ benchmark: '`npm run serve` → listening, nothing changed', figure: `${fmt(start.npmServeMs)} ms`, baseline: `${fmt(start.nodeAloneMs)} ms node alone`, ratio: String(round(start.npmServeMs / start.nodeAloneMs, 2)), target: '< 1,000 ms', verdict: verdict(start.npmServeMs < 1000) });
  }

  const barrier = await timed('barrier', () => benchBarrier(sizes.barrier));
  if (barrier) {
    const r = barrier.ratio;
    rows.push(
      { benchmark: `barrier write, ${sizes.barrier.batch}/tx (4 KiB)`, figure: fmt(barrier.barrier.batchedWritesPerSecond, '/s'), baseline: fmt(barrier.raw.batchedWritesPerSecond, '/s raw'), ratio: String(r.batchedWrites), target: '≥ 0.5', verdict: verdict(r.batchedWrites >= 0.5) },
      { benchmark: 'barrier write, 1/tx (4 KiB)', figure: fmt(barrier.barrier.singleWritesPerSecond, '/s'), baseline: fmt(barrier.raw.singleWritesPerSecond, '/s raw'), ratio: String(r.singleWrites), target: '≥ 0.5', verdict: verdict(r.singleWrites >= 0.5) },
      { benchmark: 'barrier read (4 KiB)', figure: fmt(barrier.barrier.readsPerSecond, '/s'), baseline: fmt(barrier.raw.readsPerSecond, '/s raw'), ratio: String(r.reads), target: '≥ 0.5', verdict: verdict(r.reads >= 0.5) },
    );
  }

  const api = await timed('api', () => benchApi(sizes.api));
  if (api) {
    for (const [name, e] of Object.entries(api.endpoints)) {
      rows.push({
        benchmark: `API ${name} (keep-alive, ${sizes.api.connections} conns)`,
        figure: `${fmt(e.symbolon.requestsPerSecond, '/s')} p99 ${e.symbolon.p99Ms} ms`,
        baseline: `${fmt(e.bare.requestsPerSecond, '/s')} p99 ${e.bare.p99Ms} ms bare`,
        ratio: String(e.ratio),
        target: '≥ 0.4, p99 < 5 ms',
        verdict: verdict(e.ratio >= 0.4 && e.symbolon.p99Ms < 5),
      });
      rows.push({
        benchmark: `API ${name} ceiling: fastify + audit commit only (diagnostic)`,
        figure: `${fmt(e.ceiling.requestsPerSecond, '/s')} p99 ${e.ceiling.p99Ms} ms`,
        baseline: `${fmt(e.bare.requestsPerSecond, '/s')} bare`,
        ratio: String(e.ceilingRatio),
        target: '—',
        verdict: '',
      });
      const cpu = e.symbolon.cpuUsPerRequest;
      const bareCpu = e.bare.cpuUsPerRequest;
      if (cpu !== null && bareCpu !== null) {
        rows.push({ benchmark: `API ${name}, server CPU per request (diagnostic)`, figure: `${cpu} µs`, baseline: `${bareCpu} µs bare`, ratio: String(round(bareCpu / cpu, 2)), target: '—', verdict: '' });
      }
    }
    const work = api.ceilingWithWork;
    rows.push({ benchmark: `API key-status ceiling + ${work.workUs} µs of work per request (diagnostic)`, figure: `${fmt(work.figures.requestsPerSecond, '/s')} p99 ${work.figures.p99Ms} ms`, baseline: `${fmt(api.endpoints['key-status']?.bare.requestsPerSecond ?? 0, '/s')} bare`, ratio: String(work.ratio), target: '—', verdict: '' });
    const growth = api.audit;
    rows.push({ benchmark: 'audit log growth per request', figure: `${fmt(growth.tableBytesPerEntry)} B on disk`, baseline: `${fmt(growth.storedBytesPerEntry)} B stored, ${fmt(growth.entryJsonBytes)} B JSON`, ratio: '—', target: 'reported', verdict: '' });
  }

  const audit = await timed('audit', () => benchAuditAppend(sizes.auditEntries));
  if (audit) {
    rows.push({ benchmark: 'audit append, 1 entry/tx (diagnostic)', figure: fmt(audit.entriesPerSecond, '/s'), baseline: fmt(audit.batchedPerSecond, '/s in 1 tx'), ratio: String(round(audit.entriesPerSecond / audit.batchedPerSecond, 3)), target: '—', verdict: '' });
  }

  const scale = await timed('scale', () => benchScale(sizes.scale));
  if (scale) {
    const n = fmt(scale.full.records);
    rows.push(
      { benchmark: `unseal latency, ${n} vs 0 records`, figure: `${scale.full.unsealMedianMs} ms`, baseline: `${scale.empty.unsealMedianMs} ms`, ratio: String(scale.unsealGrowth), target: 'no growth', verdict: verdict(scale.full.unsealMedianMs <= scale.empty.unsealMedianMs * 1.5 + 2) },
      { benchmark: `serve start-up, ${n} vs 0 records`, figure: `${scale.full.startupMs} ms`, baseline: `${scale.empty.startupMs} ms`, ratio: String(round(scale.full.startupMs / scale.empty.startupMs, 2)), target: '—', verdict: '' },
      { benchmark: `resident memory, ${n} records`, figure: `${String(scale.full.rssAfterUnsealMiB)} MiB (peak ${String(scale.full.peakRssMiB)})`, baseline: `${String(scale.empty.rssAfterUnsealMiB)} MiB empty`, ratio: scale.full.rssAfterUnsealMiB && scale.empty.rssAfterUnsealMiB ? String(round(scale.full.rssAfterUnsealMiB / scale.empty.rssAfterUnsealMiB, 2)) : '—', target: '—', verdict: '' },
    );
  }

  const rekey = await timed('rekey', () => benchRekey(sizes.rekey));
  if (rekey) {
    rows.push({ benchmark: `rekey to ${sizes.rekey.shares} Cv25519 custodians`, figure: `${fmt(rekey.totalMs)} ms`, baseline: `init ${fmt(rekey.initMs)} + update ${fmt(rekey.updateMs)} ms`, ratio: '—', target: '—', verdict: '' });
  }

  const rewrap = await timed('rewrap', () => benchRewrap(sizes.rewrapRecords, sizes.rewrapReps));
  if (rewrap) {
    const ratio = round(rewrap.rewrapRecordsPerSecond / rewrap.rawRecordsPerSecond, 2);
    rows.push(
      { benchmark: `rewrap (${fmt(rewrap.records)} × 4 KiB)`, figure: fmt(rewrap.rewrapRecordsPerSecond, '/s'), baseline: fmt(rewrap.rawRecordsPerSecond, '/s raw'), ratio: String(ratio), target: '≥ 0.7', verdict: verdict(ratio >= 0.7) },
      { benchmark: 'rewrap per CPU-second (diagnostic)', figure: fmt(rewrap.rewrapRecordsPerCpuSecond, '/s'), baseline: fmt(rewrap.rawRecordsPerCpuSecond, '/s raw'), ratio: String(round(rewrap.rewrapRecordsPerCpuSecond / rewrap.rawRecordsPerCpuSecond, 2)), target: '—', verdict: '' },
    );
  }

  results['seconds'] = timings;
  const load = { before: (results['loadAverage'] as { before: number }).before, after: round(loadavg()[0] ?? 0, 2) };
  results['loadAverage'] = load;
  writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  printTable(rows);
  process.stdout.write(`\nresults: ${out} (${Object.entries(timings).map(([s, t]) => `${s} ${t} s`).join(', ')}; 1-minute load average ${load.before} before, ${load.after} after, on ${cpus().length} cores)\n`);
}

function printTable(rows: readonly Row[]): void {
  const header: Row = { benchmark: 'benchmark', figure: 'Symbolon', baseline: 'baseline', ratio: 'ratio', target: 'target', verdict: '' };
  const keys = Object.keys(header) as (keyof Row)[];
  const widths = keys.map((k) => Math.max(...[header, ...rows].map((r) => r[k].length)));
  const line = (r: Row) => keys.map((k, i) => r[k].padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  process.stdout.write([line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n');
}

await main();
