/**
 * The cross-ceremony crash harness (issue 7, "Reliability suites"; DESIGN.md, "Quality bars"):
 * many runs, each a random plan of init, unseal, rekey with verification, generate-root, rotate,
 * rotation config changes, rewrap, seal/unseal, token creation and KV writes against a real
 * `symbolon serve`, SIGKILLed at a random moment, restarted, and checked: integrity_check, the
 * audit chain (with the CLI), every answered request audited, exactly one valid share set, every
 * acknowledged write readable, key-status term old or new, rotation config old or new.
 * Ceremony-specific crash suites (init-unseal-, rekey-, rotation-crash) go deeper on one
 * ceremony each; this one mixes them, so that a kill can land in any step after any other.
 *
 * Runs are chained (harness/crash-run.ts): the restarted, checked server starts the next run, so
 * a file crashes several times over. SYMBOLON_RELIABILITY_RUNS sets the number of runs (CI: 60,
 * e.g. 1000 for a long soak); SYMBOLON_RELIABILITY_SEED the seed of the plans (kill moments depend
 * on timing as well). Prints a one-line report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/serve.js';
import { crashRuns, report } from './harness/crash-run.js';
import type { Template } from './harness/crash-run.js';
import { availableSteps } from './harness/steps.js';
import { prepareTemplate } from './harness/template.js';

const RUNS = Number(process.env['SYMBOLON_RELIABILITY_RUNS'] ?? 60);
const SEED = Number(process.env['SYMBOLON_RELIABILITY_SEED'] ?? 7);
const PARALLEL = 3;
/** Runs per chain on one file; every other chain is a single run from an empty file (init). */
const CHAIN_RUNS = 8;
const INIT_CHAIN_RUNS = 1;
/** One run in this many verifies the chain with `symbolon audit verify` (a process start). */
const CLI_EVERY = 3;

describe('SIGKILL at random moments across every ceremony', () => {
  const dir = tempDir('symbolon-crash-harness-');
  let template: Template;
  const { steps, skipped } = availableSteps();

  beforeAll(async () => {
    template = await prepareTemplate(dir.dir);
  });
  afterAll(() => dir.remove());

  it(`keeps every invariant over ${RUNS} runs`, async () => {
    const started = Date.now();
    const results = await crashRuns(RUNS, PARALLEL, (chain, nextRun) => {
      const fromEmpty = chain % 2 === 1;
      return {
        dir: dir.dir,
        chain,
        seed: SEED * 100_003 + chain,
        template: fromEmpty ? null : template,
        steps,
        nextRun,
        maxRuns: fromEmpty ? INIT_CHAIN_RUNS : CHAIN_RUNS,
        cli: (run) => run % CLI_EVERY === 0,
      };
    });
    console.log(report(results, skipped, Date.now() - started));
    const failed = results.filter((r) => r.failures.length > 0);
    expect(failed.map((r) => ({ chain: r.chain, run: r.run, seed: r.seed, plan: r.plan.join(' → '), killedIn: r.killedIn, failures: r.failures })), 'failed runs').toEqual([]);
    // The kills must actually spread over the ceremonies, not all land in the opening unseal.
    expect(new Set(results.map((r) => r.killedIn)).size).toBeGreaterThan(Math.min(4, steps.size - 1));
  }, Math.max(180_000, RUNS * 3_000));
});
