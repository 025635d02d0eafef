/**
 * The invariants a keyring file must satisfy after `symbolon serve` was SIGKILLed (DESIGN.md,
 * "Keys and storage" and "Quality bars"), checked against what the client knew (model.ts):
 *   integrity        PRAGMA integrity_check is "ok" on the file as the crash left it;
 *   audit-chain      the hash chain verifies (`symbolon audit verify --data`, the witness's tool);
 *   audit-acked      every request the client got an answer to has its entry in the chain;
 *   restart          a fresh `serve` starts on the file and comes up sealed;
 *   share-set        exactly one share set opens it: the acknowledged one, or the new one of a
 *                    rekey whose commit was in flight; the other is refused at its first share;
 *   acked-writes     acknowledged KV writes, tokens and generated root tokens are there; a KV
 *                    write in flight is either absent or complete;
 *   term             key-status shows the acknowledged term, or the next one if a rotate or a rekey
 *                    commit (which installs a new term) was in flight;
 *   rotation-config  the acknowledged rotation config, or the one in flight, never a mix;
 *   rewrap           the rewrap job reports progress after the restart (it resumes on unseal);
 *   audit-after      the chain still verifies after the restart's own requests.
 * After a clean check the client model is settled to what the file holds, so the next run of a
 * chain of crashes on the same file continues from there.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { verifyChain } from '../../../electron/core/audit/audit-log.js';
import type { AuditRow } from '../../../electron/core/audit/audit-log.js';
import { CLI } from '../../helpers/serve.js';
import type { ServeProcess } from '../../helpers/serve.js';
import type { ClientModel, RotationConfigView, ShareSet } from './model.js';
import type { Rng } from './rng.js';
import { call, supports, unsealWith } from './steps.js';
import type { StepContext } from './steps.js';

export const INVARIANTS = [
  'workload', 'server-alive', 'integrity', 'audit-chain', 'audit-acked', 'restart', 'share-set',
  'acked-writes', 'term', 'rotation-config', 'rewrap', 'audit-after',
] as const;
export type Invariant = (typeof INVARIANTS)[number];

export interface Failure {
  readonly invariant: Invariant;
  readonly message: string;
}

/** What the file turned out to hold, for the report (not failures). */
export type Observation = 'rekey-commit-unacknowledged' | 'rekey-not-committed' | 'init-response-lost' | 'left-uninitialized';

const run = promisify(execFile);

function readRows(db: Database.Database): AuditRow[] {
  return db.prepare('SELECT seq, time, entry, prev_hash, hash FROM audit_log ORDER BY seq').all() as AuditRow[];
}

/** Checks on the file exactly as the crash left it, before anything opens it for writing. */
export async function checkCrashedFile(path: string, model: ClientModel, options: { cli: boolean }): Promise<Failure[]> {
  const failures: Failure[] = [];
  const db = new Database(path, { readonly: true, fileMustExist: true });
  let rows: AuditRow[];
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') failures.push({ invariant: 'integrity', message: `integrity_check: ${String(integrity)}` });
    rows = readRows(db);
  } finally {
    db.close();
  }

  if (options.cli) {
    try {
      await run(process.execPath, [CLI, 'audit', 'verify', '--data', path], { timeout: 30_000 });
    } catch (error) {
      const out = error as { stdout?: string; stderr?: string; code?: number };
      failures.push({ invariant: 'audit-chain', message: `audit verify exited ${String(out.code)}: ${(out.stdout ?? '') + (out.stderr ?? '')}`.trim() });
    }
  } else {
    const verdict = verifyChain(rows);
    if (!verdict.ok) failures.push({ invariant: 'audit-chain', message: `entry ${String(verdict.firstBroken)}: ${String(verdict.reason)}` });
  }

  // Each answered request must be in the chain: the entry is appended before the answer is sent.
  const logged = new Map<string, number>();
  for (const row of rows) {
    const entry = JSON.parse(row.entry) as { method?: unknown; path?: unknown; status?: unknown };
    const key = `${String(entry.method)} ${String(entry.path)} ${String(entry.status)}`;
    logged.set(key, (logged.get(key) ?? 0) + 1);
  }
  const wanted = new Map<string, number>();
  for (const r of model.acked) {
    const key = `${r.method} ${r.path} ${r.status}`;
    wanted.set(key, (wanted.get(key) ?? 0) + 1);
  }
  for (const [key, count] of wanted) {
    const have = logged.get(key) ?? 0;
    if (have < count) failures.push({ invariant: 'audit-acked', message: `${key}: answered ${count} times, audited ${have} times` });
  }
  return failures;
}

/** The first share of `set`: refused with 400, progress untouched? */
async function refused(server: ServeProcess, model: ClientModel, set: ShareSet): Promise<string | null> {
  const r = await call({ server, model }, 'PUT', 'sys/unseal', [200, 400], { body: { key: set.keys[0] } });
  if (r.status === 400) return null;
  return `a share of generation ${set.generation} was accepted (progress ${String(r.body['progress'])}, sealed ${String(r.body['sealed'])})`;
}

/** Checks through a fresh `serve` on the crashed file; returns failures and what was observed. */
export async function checkRestarted(server: ServeProcess, model: ClientModel, rng: Rng, run: number): Promise<{ failures: Failure[]; observed: Observation[] }> {
  const failures: Failure[] = [];
  const observed: Observation[] = [];
  const ctx = { server, model, rng, run, beforeFinal: () => undefined };
  const status = await call(ctx, 'GET', 'sys/seal-status', [200]);
  if (status.body['sealed'] !== true) failures.push({ invariant: 'restart', message: 'came up unsealed' });

  if (!model.current) {
    observed.push(status.body['initialized'] === true ? 'init-response-lost' : 'left-uninitialized');
    return { failures, observed };
  }
  if (status.body['initialized'] !== true) {
    failures.push({ invariant: 'share-set', message: 'init was acknowledged but the file is not initialized' });
    return { failures, observed };
  }

  // Exactly one share set: the one whose generation the seal record names.
  const generation = Number(status.body['generation']);
  const sets = [model.current, model.candidate].filter((s): s is ShareSet => s !== null);
  const valid = sets.find((s) => s.generation === generation);
  if (!valid) {
    failures.push({ invariant: 'share-set', message: `seal record names generation ${generation}; the client knows ${sets.map((s) => s.generation).join(', ')}` });
    return { failures, observed };
  }
  if (model.candidate) observed.push(valid === model.candidate ? 'rekey-commit-unacknowledged' : 'rekey-not-committed');
  for (const other of sets.filter((s) => s !== valid)) {
    const accepted = await refused(server, model, other);
    if (accepted) failures.push({ invariant: 'share-set', message: accepted });
  }
  try {
    await unsealWith(ctx, valid);
  } catch (error) {
    failures.push({ invariant: 'share-set', message: `generation ${valid.generation} does not unseal: ${String(error)}` });
    return { failures, observed };
  }

  const token = model.rootToken ?? '';
  const expect = async (invariant: Invariant, method: string, path: string, statuses: number[], options: { token?: string | null; body?: unknown } = { token }) => {
    try {
      return await call(ctx, method, path, statuses, options);
    } catch (error) {
      failures.push({ invariant, message: String(error) });
      return null;
    }
  };

  for (const [path, value] of model.kvAcked) {
    const r = await expect('acked-writes', 'GET', `secret/data/${path}`, [200]);
    const data = (r?.body['data'] as { data?: { value?: unknown } } | undefined)?.data;
    if (r && data?.value !== value) failures.push({ invariant: 'acked-writes', message: `secret/data/${path}: acknowledged value lost` });
  }
  for (const [path, value] of model.kvInFlight) {
    const r = await expect('acked-writes', 'GET', `secret/data/${path}`, [200, 404]);
    const data = (r?.body['data'] as { data?: { value?: unknown } } | null | undefined)?.data;
    if (r?.status === 200 && data?.value !== value) failures.push({ invariant: 'acked-writes', message: `secret/data/${path}: write in flight left a mix` });
  }
  for (const t of [...model.tokens, ...model.generatedRoots]) await expect('acked-writes', 'GET', 'auth/token/lookup-self', [200], { token: t });

  let observedTerm: number | null = null;
  if (supports('read', 'sys/key-status')) {
    const r = await expect('term', 'GET', 'sys/key-status', [200]);
    const term = Number(r?.body['term']);
    observedTerm = r ? term : null;
    const allowed = model.termInFlight ? [model.term, model.term + 1] : [model.term];
    if (r && !allowed.includes(term)) failures.push({ invariant: 'term', message: `term ${term}; acknowledged ${model.term}${model.termInFlight ? ' (+1 in flight)' : ''}` });
  }
  let shownConfig: RotationConfigView | null = null;
  if (supports('read', 'sys/rotate/config') && model.config) {
    const r = await expect('rotation-config', 'GET', 'sys/rotate/config', [200]);
    const shown = (r?.body['data'] ?? {}) as Record<string, unknown>;
    const view: RotationConfigView = { max_operations: Number(shown['max_operations']), enabled: shown['enabled'] === true, interval: shown['interval'] as number | string };
    shownConfig = r ? view : null;
    const same = (c: RotationConfigView | null) => c !== null && c.max_operations === view.max_operations && c.enabled === view.enabled && c.interval === view.interval;
    if (r && !same(model.config) && !same(model.configInFlight)) failures.push({ invariant: 'rotation-config', message: `config ${JSON.stringify(view)}; acknowledged ${JSON.stringify(model.config)}, in flight ${JSON.stringify(model.configInFlight)}` });
  }
  if (supports('read', 'sys/rewrap')) await expect('rewrap', 'GET', 'sys/rewrap', [200]);
  if (failures.length === 0) await settle(ctx, valid, observedTerm, shownConfig);
  return { failures, observed };
}

/**
 * After a clean check the client's knowledge becomes what the file holds, so that the next run of
 * a chain continues from it: the valid share set, the term and config shown, and each KV write
 * that was in flight either kept (it landed) or forgotten.
 */
async function settle(ctx: Pick<StepContext, 'server' | 'model'>, valid: ShareSet, term: number | null, config: RotationConfigView | null): Promise<void> {
  const { model } = ctx;
  model.current = valid;
  model.candidate = null;
  model.initInFlight = false;
  if (term !== null) model.term = term;
  model.termInFlight = false;
  if (config) model.config = config;
  model.configInFlight = null;
  for (const [path, value] of model.kvInFlight) {
    const r = await call(ctx, 'GET', `secret/data/${path}`, [200, 404], { token: model.rootToken });
    if (r.status === 200) model.kvAcked.set(path, value);
  }
  model.kvInFlight.clear();
}

/** The chain after the restart's own requests (the file is closed by then). */
export function checkChainAfter(path: string): Failure[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const verdict = verifyChain(readRows(db));
    return verdict.ok ? [] : [{ invariant: 'audit-after', message: `entry ${String(verdict.firstBroken)}: ${String(verdict.reason)}` }];
  } finally {
    db.close();
  }
}
