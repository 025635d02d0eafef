/**
 * One crash run and the pool that runs many: copy a prepared keyring file, start `symbolon
 * serve` on it, drive a random plan of ceremony steps (steps.ts), SIGKILL the process at a
 * random moment, then check the file and a restarted `serve` against the client's knowledge
 * (invariants.ts).
 *
 * Kill moments are aimed per step, not on one wall clock (under load a wall-clock kill mostly
 * lands in the first step): each run picks a target step and either kills a random fraction of
 * that step's observed duration after it starts (fractions above 1 spill into the next step), or
 * a few milliseconds after its committing request was sent ('at-commit'), so kills land before,
 * inside and after commit transactions.
 */
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startServe } from '../../helpers/serve.js';
import type { ServeProcess } from '../../helpers/serve.js';
import { checkChainAfter, checkCrashedFile, checkRestarted, INVARIANTS } from './invariants.js';
import type { Failure, Invariant, Observation } from './invariants.js';
import { ClientModel } from './model.js';
import type { RotationConfigView, ShareSet } from './model.js';
import { seededRng } from './rng.js';
import type { Rng } from './rng.js';
import { ServerGone, UnexpectedAnswer } from './steps.js';
import type { Step, StepKind } from './steps.js';

/** A prepared keyring file (initialized, sealed) and what its owner knows, or none for init runs. */
export interface Template {
  readonly path: string;
  readonly set: ShareSet;
  readonly rootToken: string;
  readonly term: number;
  readonly config: RotationConfigView | null;
  readonly kv: ReadonlyMap<string, string>;
}

export interface RunResult {
  readonly run: number;
  readonly seed: number;
  readonly plan: readonly StepKind[];
  /** The step running when the SIGKILL was sent, or 'after-plan'. */
  readonly killedIn: StepKind | 'after-plan';
  readonly failures: readonly Failure[];
  readonly observed: readonly Observation[];
}

/** Weights of the random steps after the opening (init and/or unseal). */
const WEIGHTS: Partial<Record<StepKind, number>> = {
  'kv-write': 3, 'rekey-verify': 3, 'generate-root': 2, rotate: 2, 'rotate-config': 2, rewrap: 1, 'seal-unseal': 1, 'token-create': 1,
};

/** Observed duration per step kind (ms), shared by all runs, updated as steps complete. */
const observed = new Map<StepKind, number>();

function plan(rng: Rng, steps: ReadonlyMap<StepKind, Step>, fromEmpty: boolean): StepKind[] {
  const opening: StepKind[] = fromEmpty ? ['init', 'unseal'] : ['unseal'];
  const weighted: StepKind[] = [];
  for (const [kind, weight] of Object.entries(WEIGHTS) as [StepKind, number][]) if (steps.has(kind)) for (let i = 0; i < weight; i++) weighted.push(kind);
  const rest = weighted.length === 0 ? [] : Array.from({ length: 3 + rng.int(5) }, () => rng.pick(weighted));
  return [...opening.filter((k) => steps.has(k)), ...rest];
}

function copyKeyring(from: string, to: string): void {
  copyFileSync(from, to);
  for (const suffix of ['-wal', '-shm']) if (existsSync(from + suffix)) copyFileSync(from + suffix, to + suffix);
}

export interface RunOptions {
  readonly dir: string;
  readonly run: number;
  readonly seed: number;
  readonly template: Template | null;
  readonly steps: ReadonlyMap<StepKind, Step>;
  /** Verify the chain with the CLI (a process start) rather than in-process. */
  readonly cli: boolean;
}

export async function crashRun(options: RunOptions): Promise<RunResult> {
  const rng = seededRng(options.seed);
  const path = join(options.dir, `run-${options.run}.db`);
  if (options.template) copyKeyring(options.template.path, path);
  const model = options.template ? ClientModel.fromTemplate(options.template) : new ClientModel();
  const kinds = plan(rng, options.steps, options.template === null);
  const target = rng.int(kinds.length);
  const atCommit = rng.next() < 0.4;
  const fraction = rng.next() * 1.3;
  const failures: Failure[] = [];
  const observedHere: Observation[] = [];

  let server: ServeProcess | null = await startServe({ dataPath: path });
  let killSent = false;
  let killedIn: StepKind | 'after-plan' = 'after-plan';
  let current: StepKind = kinds[0] ?? 'unseal';
  let killing: Promise<void> | null = null;
  const first = server;
  const killAfter = (ms: number) => {
    killing ??= new Promise<void>((resolve) => setTimeout(resolve, ms)).then(() => {
      killSent = true;
      killedIn = current;
      return first.kill();
    });
  };

  try {
    for (const [i, kind] of kinds.entries()) {
      const step = options.steps.get(kind);
      if (!step) continue;
      current = kind;
      const aimed = i === target;
      if (aimed && !atCommit) killAfter(fraction * (observed.get(kind) ?? 40));
      const started = performance.now();
      await step.run({ server: first, model, rng, run: options.run, beforeFinal: () => (aimed && atCommit ? killAfter(rng.int(15)) : undefined) });
      if (!killSent) observed.set(kind, 0.7 * (observed.get(kind) ?? 40) + 0.3 * (performance.now() - started));
    }
  } catch (error) {
    if (error instanceof ServerGone) {
      if (!killSent) failures.push({ invariant: 'server-alive', message: `${error.message} before the kill:\n${first.output().slice(-2000)}` });
    } else if (error instanceof UnexpectedAnswer) {
      failures.push({ invariant: 'workload', message: error.message });
    } else {
      throw error;
    }
  }
  killAfter(0);
  await killing;

  try {
    failures.push(...(await checkCrashedFile(path, model, { cli: options.cli })));
    try {
      server = await startServe({ dataPath: path });
    } catch (error) {
      failures.push({ invariant: 'restart', message: String(error) });
      server = null;
    }
    if (server) {
      try {
        const checked = await checkRestarted(server, model, rng, options.run);
        failures.push(...checked.failures);
        observedHere.push(...checked.observed);
      } catch (error) {
        if (!(error instanceof ServerGone || error instanceof UnexpectedAnswer)) throw error;
        failures.push({ invariant: 'restart', message: `restarted server: ${error.message}` });
      } finally {
        await server.stop();
      }
      failures.push(...checkChainAfter(path));
    }
  } finally {
    if (failures.length === 0) for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  }
  return { run: options.run, seed: options.seed, plan: kinds, killedIn, failures, observed: observedHere };
}

/** Runs `count` runs, `parallel` at a time; `make(n)` builds the options of run n. */
export async function crashRuns(count: number, parallel: number, make: (n: number) => RunOptions): Promise<RunResult[]> {
  const results: RunResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const n = next++;
      results.push(await crashRun(make(n)));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, parallel) }, worker));
  return results.sort((a, b) => a.run - b.run);
}

/** The one-line report: runs, failures by invariant, where the kills landed, what was observed. */
export function report(results: readonly RunResult[], skipped: readonly StepKind[], ms: number): string {
  const failed = results.filter((r) => r.failures.length > 0).length;
  const byInvariant = new Map<Invariant, number>();
  for (const r of results) for (const f of new Set(r.failures.map((x) => x.invariant))) byInvariant.set(f, (byInvariant.get(f) ?? 0) + 1);
  const tally = <T extends string>(values: readonly T[]) => {
    const m = new Map<T, number>();
    for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
    return [...m].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
  };
  const failures = INVARIANTS.filter((i) => byInvariant.has(i)).map((i) => `${i} ${byInvariant.get(i) ?? 0}`).join(', ') || 'none';
  return `crash harness: ${results.length} runs in ${(ms / 1000).toFixed(1)} s, ${failed} failed; failures by invariant: ${failures}; ` +
    `killed in: ${tally(results.map((r) => r.killedIn))}; observed: ${tally(results.flatMap((r) => r.observed))}; ` +
    `skipped steps (endpoint missing): ${skipped.length > 0 ? skipped.join(', ') : 'none'}`;
}
