/**
 * Keeps `npm run bench` from rotting: runs the compiled benchmark harness (out/test/bench/main.js)
 * with --quick (tiny sizes, seconds) and checks that every section produced its figures and the
 * table was printed. It asserts that the harness works, not how fast anything is: targets are
 * judged by the full run on a quiet machine.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/serve.js';

const BENCH = join(import.meta.dirname, '..', '..', '..', 'out', 'test', 'bench', 'main.js');

describe('npm run bench --quick', () => {
  it('measures every benchmark, prints the table and writes the JSON results', () => {
    expect(existsSync(BENCH), `${BENCH} is missing: run \`npm run build\` first`).toBe(true);
    const dir = tempDir('symbolon-bench-smoke-');
    try {
      const out = join(dir.dir, 'results.json');
      const run = spawnSync(process.execPath, [BENCH, '--quick', '--out', out], { encoding: 'utf8', timeout: 120_000, cwd: dir.dir });
      expect(run.status, run.stderr).toBe(0);
      for (const row of ['`npm run serve` → listening', 'barrier write', 'barrier read', 'API key-status', 'API kv-read', 'audit log growth per request', 'unseal latency', 'serve start-up', 'resident memory', 'rekey to', 'rewrap']) {
        expect(run.stdout).toContain(row);
      }
      const results = JSON.parse(readFileSync(out, 'utf8')) as Record<string, Record<string, unknown>>;
      expect(results['mode']).toBe('quick');
      const positive = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
      const barrier = results['barrier'] as { raw: Record<string, number>; barrier: Record<string, number> };
      for (const side of [barrier.raw, barrier.barrier]) for (const v of Object.values(side)) expect(positive(v)).toBe(true);
      const api = results['api'] as { endpoints: Record<string, { symbolon: { requestsPerSecond: number; p99Ms: number }; bare: { requestsPerSecond: number }; ratio: number; ceiling: { requestsPerSecond: number }; ceilingRatio: number }> };
      expect(Object.keys(api.endpoints).sort()).toEqual(['key-status', 'kv-read']);
      for (const e of Object.values(api.endpoints)) expect([e.symbolon.requestsPerSecond, e.bare.requestsPerSecond, e.ratio, e.ceiling.requestsPerSecond, e.ceilingRatio].every(positive)).toBe(true);
      expect(run.stdout).toContain('ceiling: fastify + audit commit only');
      expect(run.stdout).toContain('ceiling + 10 µs of work per request');
      const work = (results['api'] as unknown as { ceilingWithWork: { workUs: number; figures: { requestsPerSecond: number }; ratio: number } }).ceilingWithWork;
      expect([work.workUs, work.figures.requestsPerSecond, work.ratio].every(positive)).toBe(true);
      const start = results['start'] as { npmServeMs: number; nodeAloneMs: number };
      expect([start.npmServeMs, start.nodeAloneMs].every(positive)).toBe(true);
      const growth = (results['api'] as unknown as { audit: Record<string, number> }).audit;
      expect([growth['entries'], growth['tableBytesPerEntry'], growth['storedBytesPerEntry'], growth['entryJsonBytes']].every(positive)).toBe(true);
      const scale = results['scale'] as { empty: Record<string, number>; full: Record<string, number> };
      for (const f of [scale.empty, scale.full]) expect([f['startupMs'], f['unsealMedianMs']].every(positive)).toBe(true);
      expect(positive((results['rekey'] as { totalMs: number }).totalMs)).toBe(true);
      const rewrap = results['rewrap'] as Record<string, number>;
      for (const figure of ['rewrapRecordsPerSecond', 'rawRecordsPerSecond', 'rewrapRecordsPerCpuSecond', 'rawRecordsPerCpuSecond']) expect(positive(rewrap[figure])).toBe(true);
      // Figures from a shared machine come with how busy it was.
      const load = results['loadAverage'] as Record<string, unknown>;
      for (const when of ['before', 'after']) expect(typeof load[when] === 'number' && Number.isFinite(load[when]) && load[when] >= 0, when).toBe(true);
      expect(run.stdout).toMatch(/1-minute load average \d+(\.\d+)? before, \d+(\.\d+)? after, on \d+ cores/);
      // The secrets the harness handles (shares, root tokens) never reach its output.
      expect(run.stdout + readFileSync(out, 'utf8')).not.toMatch(/hvs\.[A-Za-z0-9]{24}/);
    } finally {
      dir.remove();
    }
  }, 150_000);
});
