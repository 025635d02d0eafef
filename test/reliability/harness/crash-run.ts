/**
 * Crash runs, chained: a chain copies a prepared keyring file (or starts from an empty one),
 * starts `symbolon serve` on it, and then repeats a run: drive a random plan of ceremony steps
 * (steps.ts), SIGKILL the process at a random moment, check the file, restart `serve` on it and
 * check it against the client's knowledge (invariants.ts). The restarted, checked server is where
 * the next run of the chain begins, so every run costs one process start and later runs crash a
 * file that has already survived earlier crashes (more generations, terms and records).
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

/** A prepared keyring file (initialized, sealed) and what its owner knows. */
export interface Template {
  readonly path: string;
  readonly set: ShareSet;
  readonly rootToken: string;
  readonly term: number;
  readonly config: RotationConfigView | null;
  readonly kv: ReadonlyMap<string, string>;
}

export interface RunResult {
  readonly chain: number;
  readonly run: number;
  readonly seed: number;
  readonly plan: readonly StepKind[];
  /** The step running when the SIGKILL was sent, or 'after-plan'. */
  readonly killedIn: StepKind | 'after-plan';
  readonly failures: readonly Failure[];
  readonly observed: readonly Observation[];
}

export interface ChainOptions {
  readonly dir: string;
  readonly chain: number;
  readonly seed: number;
  /** null: start from an empty file (the first run inits). */
  readonly template: Template | null;
  readonly steps: ReadonlyMap<StepKind, Step>;
  /** Takes the number of the next run, or null when the pool has run enough. */
  readonly nextRun: () => number | null;
  readonly maxRuns: number;
  /** Verify the chain with the CLI (a process start) on runs where this says so. */
  readonly cli: (run: number) => boolean;
}

/** Weights of the random steps after the opening. */
const WEIGHTS: Partial<Record<StepKind, number>> = {
  'kv-write': 3, 'rekey-verify': 3, 'generate-root': 2, rotate: 2, 'rotate-config': 2, rewrap: 1, 'seal-unseal': 1, 'token-create': 1,
};

/** Observed duration per step kind (ms), shared by all runs, updated as steps complete. */
const observed = new Map<StepKind, number>();

function makePlan(rng: Rng, steps: ReadonlyMap<StepKind, Step>, state: 'empty' | 'sealed' | 'unsealed'): StepKind[] {
  const opening: StepKind[] = state === 'empty' ? ['init', 'unseal'] : state === 'sealed' ? ['unseal'] : rng.next() < 0.4 ? ['seal-unseal'] : [];
  const weighted: StepKind[] = [];
  for (const [kind, weight] of Object.entries(WEIGHTS) as [StepKind, number][]) if (steps.has(kind)) for (let i = 0; i < weight; i++) weighted.push(kind);
  const rest = weighted.length === 0 ? [] : Array.from({ length: 2 + rng.int(5) }, () => rng.pick(weighted));
  return [...opening.filter((k) => steps.has(k)), ...rest];
}

function copyKeyring(from: string, to: string): void {
  copyFileSync(from, to);
  for (const suffix of ['-wal', '-shm']) if (existsSync(from + suffix)) copyFileSync(from + suffix, to + suffix);
}

/** Drives the plan until the kill; returns where the kill landed and any failure before it. */
async function driveUntilKilled(server: ServeProcess, model: ClientModel, rng: Rng, run: number, plan: readonly StepKind[], steps: ReadonlyMap<StepKind, Step>) {
  // An init run aims at init most of the time: it is the one step such a run has only once.
  const target = plan[0] === 'init' && rng.next() < 0.75 ? 0 : rng.int(plan.length);
  const atCommit = rng.next() < 0.4;
  const fraction = rng.next() * 1.3;
  const failures: Failure[] = [];
  let killSent = false;
  let current: StepKind | 'after-plan' = plan[0] ?? 'after-plan';
  let killedIn: StepKind | 'after-plan' = 'after-plan';
  let killing: Promise<void> | null = null;
  const killAfter = (ms: number) => {
    killing ??= new Promise<void>((resolve) => setTimeout(resolve, ms)).then(() => {
      killSent = true;
      killedIn = current;
      return server.kill();
    });
  };

  try {
    for (const [i, kind] of plan.entries()) {
      const step = steps.get(kind);
      if (!step) continue;
      current = kind;
      const aimed = i === target;
      if (aimed && !atCommit) killAfter(fraction * (observed.get(kind) ?? 40));
      const started = performance.now();
      await step.run({ server, model, rng, run, beforeFinal: () => (aimed && atCommit ? killAfter(rng.int(15)) : undefined) });
      if (!killSent) observed.set(kind, 0.7 * (observed.get(kind) ?? 40) + 0.3 * (performance.now() - started));
    }
    current = 'after-plan';
  } catch (error) {
    if (error instanceof ServerGone) {
      if (!killSent) failures.push({ invariant: 'server-alive', message: `${error.message} before the kill:\n${server.output().slice(-2000)}` });
    } else if (error instanceof UnexpectedAnswer) {
      failures.push({ invariant: 'workload', message: error.message });
    } else {
      throw error;
    }
  }
  killAfter(0);
  await killing;
  return { killedIn: killedIn as StepKind | 'after-plan', failures };
}

/** One chain of crash runs on one file; ends early when a run fails or leaves shares nobody holds. */
export async function crashChain(options: ChainOptions): Promise<RunResult[]> {
  const rng = seededRng(options.seed);
  const path = join(options.dir, `chain-${options.chain}.db`);
  if (options.template) copyKeyring(options.template.path, path);
  const model = options.template ? ClientModel.fromTemplate(options.template) : new ClientModel();
  const results: RunResult[] = [];
  let server: ServeProcess | null = await startServe({ dataPath: path });
  let state: 'empty' | 'sealed' | 'unsealed' = options.template ? 'sealed' : 'empty';
  let failed = false;
  try {
    for (let n = 0; n < options.maxRuns && server; n++) {
      const run = options.nextRun();
      if (run === null) break;
      const plan = makePlan(rng, options.steps, state);
      const driven = await driveUntilKilled(server, model, rng, run, plan, options.steps);
      const failures: Failure[] = [...driven.failures];
      const observedHere: Observation[] = [];
      failures.push(...(await checkCrashedFile(path, model, { cli: options.cli(run) })));
      try {
        server = await startServe({ dataPath: path });
      } catch (error) {
        failures.push({ invariant: 'restart', message: String(error) });
        server = null;
      }
      if (server) {
        try {
          const checked = await checkRestarted(server, model, rng, run);
          failures.push(...checked.failures);
          observedHere.push(...checked.observed);
          failures.push(...checkChainAfter(path));
        } catch (error) {
          if (!(error instanceof ServerGone || error instanceof UnexpectedAnswer)) throw error;
          failures.push({ invariant: 'restart', message: `restarted server: ${error.message}` });
        }
      }
      results.push({ chain: options.chain, run, seed: options.seed, plan, killedIn: driven.killedIn, failures, observed: observedHere });
      failed = failures.length > 0;
      // Shares nobody holds, or a failure: nothing sound to continue from.
      if (failed || observedHere.includes('init-response-lost')) break;
      state = model.current ? 'unsealed' : 'empty';
    }
  } finally {
    await server?.stop();
    if (!failed) for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  }
  return results;
}

/** Runs `total` runs as chains, `parallel` chains at a time; `make(chain, nextRun)` builds a chain. */
export async function crashRuns(total: number, parallel: number, make: (chain: number, nextRun: () => number | null) => ChainOptions): Promise<RunResult[]> {
  const results: RunResult[] = [];
  let nextRunNumber = 0;
  let nextChain = 0;
  const nextRun = () => (nextRunNumber < total ? nextRunNumber++ : null);
  const worker = async () => {
    while (nextRunNumber < total) results.push(...(await crashChain(make(nextChain++, nextRun))));
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
  const chains = new Set(results.map((r) => r.chain)).size;
  return `crash harness: ${results.length} runs (${chains} chains) in ${(ms / 1000).toFixed(1)} s, ${failed} failed; failures by invariant: ${failures}; ` +
    `killed in: ${tally(results.map((r) => r.killedIn))}; observed: ${tally(results.flatMap((r) => r.observed))}; ` +
    `skipped steps (endpoint missing): ${skipped.length > 0 ? skipped.join(', ') : 'none'}`;
}
