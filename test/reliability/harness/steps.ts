/**
 * The ceremony steps a crash run is made of, each driven through the real HTTP API exactly as an
 * operator's client would, and each keeping the client model (model.ts) up to date: a change is
 * marked in flight before its committing request is sent and acknowledged when the answer
 * arrives. Every step calls `beforeFinal()` right before that committing request, so a kill can
 * be aimed at the commit window. Steps whose endpoints are not registered are skipped.
 */
import { Router } from '../../../electron/api/router.js';
import type { Operation } from '../../../electron/api/route.js';
import { allRoutes } from '../../../electron/api/routes/index.js';
import { decodeTokenWithOtp } from '../../../electron/core/seal/generate-root.js';
import { api } from '../../helpers/serve.js';
import type { ApiResult, ServeProcess } from '../../helpers/serve.js';
import type { ClientModel, RotationConfigView, ShareSet } from './model.js';
import type { Rng } from './rng.js';

/** The connection died: the process is gone (killed by us, or died on its own). */
export class ServerGone extends Error {}

/** The server answered something a correct server never answers to this request. */
export class UnexpectedAnswer extends Error {}

export interface StepContext {
  readonly server: ServeProcess;
  readonly model: ClientModel;
  readonly rng: Rng;
  readonly run: number;
  /** Called right before the request that commits the step. */
  readonly beforeFinal: () => void;
}

export type StepKind = 'init' | 'unseal' | 'kv-write' | 'rekey-verify' | 'generate-root' | 'rotate' | 'rotate-config' | 'rewrap' | 'seal-unseal' | 'token-create';

export interface Step {
  readonly kind: StepKind;
  /** Endpoints the step needs: it is skipped when any is missing. */
  readonly needs: readonly (readonly [Operation, string])[];
  run(ctx: StepContext): Promise<void>;
}

const UNAUDITED = new Set(['sys/seal-status', 'sys/health']);

/** One request; records it as acknowledged and insists on one of the expected statuses. */
export async function call(
  ctx: Pick<StepContext, 'server' | 'model'>,
  method: string,
  path: string,
  expected: readonly number[],
  options: { token?: string | null; body?: unknown } = {},
): Promise<ApiResult> {
  let answer: ApiResult;
  try {
    answer = await api(ctx.server, method, path, { ...(options.token ? { token: options.token } : {}), ...(options.body === undefined ? {} : { body: options.body }) });
  } catch {
    throw new ServerGone(`${method} ${path}: connection lost`);
  }
  if (!UNAUDITED.has(path)) ctx.model.acked.push({ method, path, status: answer.status });
  if (!expected.includes(answer.status)) throw new UnexpectedAnswer(`${method} ${path} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
  return answer;
}

function currentSet(model: ClientModel): ShareSet {
  if (!model.current) throw new UnexpectedAnswer('no share set known: init was not acknowledged');
  return model.current;
}

function rootToken(model: ClientModel): string {
  if (!model.rootToken) throw new UnexpectedAnswer('no root token known');
  return model.rootToken;
}

/** Unseals with `threshold` shares of `set`, in random order; the last one must unseal. */
export async function unsealWith(ctx: StepContext, set: ShareSet): Promise<void> {
  const keys = ctx.rng.sample(set.keys, set.threshold);
  let sealed = true;
  for (const [i, key] of keys.entries()) {
    if (i === keys.length - 1) ctx.beforeFinal();
    const r = await call(ctx, 'PUT', 'sys/unseal', [200], { body: { key } });
    sealed = r.body['sealed'] !== false;
  }
  if (sealed) throw new UnexpectedAnswer(`generation ${set.generation}: ${set.threshold} shares did not unseal`);
}

const SHARE_CONFIGS = [{ shares: 1, threshold: 1 }, { shares: 3, threshold: 2 }, { shares: 5, threshold: 3 }] as const;
const INTERVAL_HOURS = [0, 24, 48, 4320] as const;

export const STEPS: readonly Step[] = [
  {
    kind: 'init',
    needs: [['update', 'sys/init']],
    async run(ctx) {
      const config = ctx.rng.pick(SHARE_CONFIGS);
      ctx.model.initInFlight = true;
      ctx.beforeFinal();
      const r = await call(ctx, 'PUT', 'sys/init', [200], { body: { secret_shares: config.shares, secret_threshold: config.threshold } });
      ctx.model.current = { keys: r.body['keys'] as string[], threshold: config.threshold, generation: Number(r.body['generation'] ?? 1) };
      ctx.model.rootToken = String(r.body['root_token']);
      // A new keyring starts at term 1 with the default rotation config (API.md, "sys/rotate").
      ctx.model.term = 1;
      ctx.model.config = { max_operations: 3_865_470_566, enabled: true, interval: 0 };
      ctx.model.initInFlight = false;
    },
  },
  {
    kind: 'unseal',
    needs: [['update', 'sys/unseal']],
    run: (ctx) => unsealWith(ctx, currentSet(ctx.model)),
  },
  {
    kind: 'kv-write',
    needs: [['update', 'secret/data/x']],
    async run(ctx) {
      const path = `crash/run-${ctx.run}/${ctx.model.kvAcked.size + ctx.model.kvInFlight.size}`;
      const value = `v${ctx.rng.int(1e9)}-${'x'.repeat(ctx.rng.int(2000))}`;
      ctx.model.kvInFlight.set(path, value);
      ctx.beforeFinal();
      await call(ctx, 'PUT', `secret/data/${path}`, [200], { token: rootToken(ctx.model), body: { data: { value } } });
      ctx.model.kvInFlight.delete(path);
      ctx.model.kvAcked.set(path, value);
    },
  },
  {
    kind: 'rekey-verify',
    needs: [['update', 'sys/rekey/init'], ['update', 'sys/rekey/update'], ['update', 'sys/rekey/verify']],
    async run(ctx) {
      const current = currentSet(ctx.model);
      const config = ctx.rng.pick(SHARE_CONFIGS);
      const started = await call(ctx, 'PUT', 'sys/rekey/init', [200], { body: { secret_shares: config.shares, secret_threshold: config.threshold, require_verification: true } });
      const nonce = String(started.body['nonce']);
      let done: ApiResult | null = null;
      for (const key of ctx.rng.sample(current.keys, current.threshold)) done = await call(ctx, 'PUT', 'sys/rekey/update', [200], { body: { key, nonce } });
      if (done?.body['complete'] !== true) throw new UnexpectedAnswer(`rekey did not complete at threshold: ${done?.text.slice(0, 200) ?? ''}`);
      const keys = done.body['keys'] as string[];
      const candidate: ShareSet = { keys, threshold: config.threshold, generation: Number(done.body['generation'] ?? current.generation + 1) };
      ctx.model.candidate = candidate;
      // The commit (at the last proof) also installs a new active term (issue 11).
      ctx.model.termInFlight = true;
      const verifyNonce = String(done.body['verification_nonce']);
      let complete = false;
      for (const [i, key] of ctx.rng.sample(keys, keys.length).entries()) {
        if (i === config.threshold - 1) ctx.beforeFinal();
        const r = await call(ctx, 'PUT', 'sys/rekey/verify', [200], { body: { key, nonce: verifyNonce } });
        if (r.body['complete'] === true) {
          complete = true;
          break;
        }
      }
      if (!complete) throw new UnexpectedAnswer('rekey verification never completed');
      ctx.model.current = candidate;
      ctx.model.candidate = null;
      ctx.model.term += 1;
      ctx.model.termInFlight = false;
    },
  },
  {
    kind: 'generate-root',
    needs: [['update', 'sys/generate-root/attempt'], ['update', 'sys/generate-root/update']],
    async run(ctx) {
      const current = currentSet(ctx.model);
      const started = await call(ctx, 'PUT', 'sys/generate-root/attempt', [200], { body: {} });
      const otp = String(started.body['otp']);
      const nonce = String(started.body['nonce']);
      const keys = ctx.rng.sample(current.keys, current.threshold);
      let last: ApiResult | null = null;
      for (const [i, key] of keys.entries()) {
        if (i === keys.length - 1) ctx.beforeFinal();
        last = await call(ctx, 'PUT', 'sys/generate-root/update', [200], { body: { key, nonce } });
      }
      if (last?.body['complete'] !== true) throw new UnexpectedAnswer('generate-root did not complete at threshold');
      ctx.model.generatedRoots.push(decodeTokenWithOtp(String(last.body['encoded_token']), otp));
    },
  },
  {
    kind: 'rotate',
    needs: [['update', 'sys/rotate']],
    async run(ctx) {
      ctx.model.termInFlight = true;
      ctx.beforeFinal();
      await call(ctx, 'POST', 'sys/rotate', [204], { token: rootToken(ctx.model) });
      ctx.model.term += 1;
      ctx.model.termInFlight = false;
    },
  },
  {
    kind: 'rotate-config',
    needs: [['update', 'sys/rotate/config'], ['read', 'sys/rotate/config']],
    async run(ctx) {
      const hours = ctx.rng.pick(INTERVAL_HOURS);
      const view: RotationConfigView = { max_operations: 1_000_000 + ctx.rng.int(1_000_000_000), enabled: ctx.rng.next() < 0.5, interval: hours === 0 ? 0 : `${hours}h0m0s` };
      ctx.model.configInFlight = view;
      ctx.beforeFinal();
      await call(ctx, 'POST', 'sys/rotate/config', [204], { token: rootToken(ctx.model), body: { max_operations: view.max_operations, enabled: view.enabled, interval: hours === 0 ? '0' : `${hours}h` } });
      ctx.model.config = view;
      ctx.model.configInFlight = null;
    },
  },
  {
    kind: 'rewrap',
    needs: [['update', 'sys/rewrap']],
    async run(ctx) {
      ctx.beforeFinal();
      await call(ctx, 'POST', 'sys/rewrap', [200], { token: rootToken(ctx.model), body: {} });
    },
  },
  {
    kind: 'seal-unseal',
    needs: [['update', 'sys/seal'], ['update', 'sys/unseal']],
    async run(ctx) {
      await call(ctx, 'PUT', 'sys/seal', [204], { token: rootToken(ctx.model) });
      await unsealWith(ctx, currentSet(ctx.model));
    },
  },
  {
    kind: 'token-create',
    needs: [['update', 'auth/token/create'], ['read', 'auth/token/lookup-self']],
    async run(ctx) {
      ctx.beforeFinal();
      const r = await call(ctx, 'POST', 'auth/token/create', [200], { token: rootToken(ctx.model), body: { policies: ['default'], ttl: '24h' } });
      const auth = r.body['auth'] as { client_token?: unknown } | null;
      if (typeof auth?.client_token !== 'string') throw new UnexpectedAnswer('token create answered without a client token');
      ctx.model.tokens.push(auth.client_token);
    },
  },
];

const router = new Router(allRoutes);

/** Whether the API registers a handler for `operation` on `path` right now. */
export function supports(operation: Operation, path: string): boolean {
  const match = router.match(path);
  return match !== null && match.route.handlers[operation] !== undefined;
}

/** The steps whose endpoints exist, and the kinds skipped because some endpoint does not. */
export function availableSteps(): { steps: Map<StepKind, Step>; skipped: StepKind[] } {
  const steps = new Map<StepKind, Step>();
  const skipped: StepKind[] = [];
  for (const step of STEPS) {
    if (step.needs.every(([op, path]) => supports(op, path))) steps.set(step.kind, step);
    else skipped.push(step.kind);
  }
  return { steps, skipped };
}
