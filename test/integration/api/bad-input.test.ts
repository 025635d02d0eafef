/**
 * Bad input never yields a 5xx (DESIGN.md, "Quality bars"): malformed JSON, wrong types, huge
 * numbers, unicode and control characters, empty bodies, random JSON — on every endpoint of the
 * foundation, in each seal state. Afterwards the state is exactly what it was: seal-status
 * unchanged, init still possible, unseal progress and nonce kept. Requests run 8 at a time.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startServe, tempDir } from '../../helpers/serve.js';
import type { InitResponse, ServeProcess } from '../../helpers/serve.js';

const WRITES = ['sys/init', 'sys/unseal', 'sys/seal', 'sys/shares/check'] as const;
const READS = ['sys/init', 'sys/seal-status', 'sys/health', 'auth/token/lookup-self'] as const;
const JSON_TYPE = { 'Content-Type': 'application/json' };

const MALFORMED = ['{', '}', '{"a":', '{"secret_shares": 3,}', "{'a': 1}", '{a: 1}', 'nul', 'tru', '[1, 2', '"unterminated', '{"a":1}}', '{"a":1}{"b":2}',
  '\u0000', '\ufeff{"a":1', 'NaN', 'Infinity', '-', '0x10', '{"a":"\\u00"}', '{"a":"\\x41"}', '\u00ff\u00fe', '{"__proto__":', ' '.repeat(10) + '{'];
const NOT_OBJECTS = ['[]', '[1,2,3]', '"a string"', '42', 'true', 'false', '[{"secret_shares":1,"secret_threshold":1}]', '1e308'];
const WRONG_TYPES: unknown[] = ['3', '1', [3], { n: 3 }, true, false, -1, 0.5, 1e308, -1e308, 2 ** 53 + 1, -(2 ** 53), 1e-300, '', ' ', '\u0000', '💥', []];

type Request = { method: string; path: string; options: NonNullable<Parameters<typeof api>[3]> };
interface Outcome {
  label: string;
  status: number;
}

const put = (path: string, options: Request['options']): Request => ({ method: 'PUT', path, options });

async function runAll(server: ServeProcess, requests: readonly Request[], parallel = 8): Promise<Outcome[]> {
  const out: Outcome[] = new Array<Outcome>(requests.length);
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const i = next++;
      const { method, path, options } = requests[i] as Request;
      const r = await api(server, method, path, options);
      out[i] = { label: `${method} ${path} ${String(options.rawBody ?? JSON.stringify(options.body)).slice(0, 80)}`, status: r.status };
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return out;
}

function expectAll4xx(outcomes: Outcome[]): void {
  expect(outcomes.filter((o) => o.status < 400 || o.status >= 500)).toEqual([]);
}

/** Garbage bodies for every write endpoint; each must answer 4xx. */
function garbageBodies(token: string | undefined): Request[] {
  const out: Request[] = [];
  for (const path of WRITES) {
    // Never the root token on sys/seal: a valid seal would change the state under test.
    const auth = token && path !== 'sys/seal' ? { token } : {};
    for (const rawBody of [...MALFORMED, ...NOT_OBJECTS]) out.push(put(path, { rawBody, headers: JSON_TYPE, ...auth }));
    // Empty bodies, with and without a declared type; an empty object; JSON null.
    out.push(put(path, { rawBody: '', headers: JSON_TYPE }));
    out.push({ method: 'POST', path, options: {} });
    out.push(put(path, { body: {} }));
    out.push(put(path, { rawBody: 'null', headers: JSON_TYPE }));
  }
  // Deep nesting must not overflow anything.
  out.push(put('sys/init', { rawBody: '['.repeat(50_000) + ']'.repeat(50_000), headers: JSON_TYPE }));
  out.push(put('sys/unseal', { rawBody: `{"key":${'['.repeat(5000)}${']'.repeat(5000)}}`, headers: JSON_TYPE }));
  return out;
}

/** Every init field with every wrong type (init validation runs before the initialized check). */
function wrongInitTypes(): Request[] {
  const out: Request[] = [];
  for (const value of WRONG_TYPES) {
    // Optional fields given as "nothing" ('' or []) mean "absent", as in Vault: such a body is a
    // valid init, so those values are only sent where they are wrong.
    const absent = value === '' || (Array.isArray(value) && value.length === 0);
    const bodies: Record<string, unknown>[] = [
      { secret_shares: value, secret_threshold: 2 },
      { secret_shares: 3, secret_threshold: value },
      { secret_shares: value, secret_threshold: value },
      { secret_shares: 3, secret_threshold: 2, custodians: value },
      { secret_shares: 3, secret_threshold: 2, custodians: [value, value, value] },
      { secret_shares: 2, secret_threshold: 2, pgp_keys: [value, value] },
    ];
    if (!absent) {
      bodies.push({ secret_shares: 2, secret_threshold: 2, pgp_keys: value });
      bodies.push({ secret_shares: 1, secret_threshold: 1, root_token_pgp_key: value });
      bodies.push({ secret_shares: 1, secret_threshold: 1, recovery_shares: value });
    }
    for (const body of bodies) out.push(put('sys/init', { body }));
  }
  return out;
}

/** Keys of every wrong type and shape, to unseal and to the share check. */
function wrongKeys(): Request[] {
  const out: Request[] = [];
  for (const value of WRONG_TYPES) {
    out.push(put('sys/unseal', { body: { key: value } }));
    out.push(put('sys/unseal', { body: { key: value, reset: false } }));
    if (value !== true && value !== false) out.push(put('sys/unseal', { body: { reset: value } }));
    out.push(put('sys/shares/check', { body: { key: value } }));
  }
  for (const key of ['0'.repeat(65), 'g'.repeat(66), '0'.repeat(4098), 'A'.repeat(100_000), '=', '==', 'AAAA====', '-'.repeat(95), ' \n\t ', 'Ω'.repeat(80)]) {
    out.push(put('sys/unseal', { body: { key } }));
    out.push(put('sys/shares/check', { body: { key } }));
  }
  return out;
}

/** Health overrides that are not status codes. */
function badOverrides(): Request[] {
  return ['activecode=1e3', 'sealedcode=-1', 'uninitcode=200.5', 'activecode=99999999999999999999', 'sealedcode=%00', 'uninitcode=0x1F4', 'activecode=', 'sealedcode=600', 'uninitcode=99']
    .map((q) => ({ method: 'GET', path: `sys/health?${q}`, options: {} }));
}

/** Tokens that are not tokens: 403 while unsealed; 503 for logical endpoints and 204 for sys/seal while sealed. */
function badTokens(): Request[] {
  return ['x'.repeat(10_000), 'hvs.' + 'A'.repeat(24), 'hvs.', '\u00e9\u00e9', 'Bearer', '../../etc/passwd', "' OR 1=1 --"].flatMap((token) => [
    put('sys/seal', { token }),
    { method: 'GET', path: 'auth/token/lookup-self', options: { token } },
    { method: 'GET', path: 'auth/token/lookup-self', options: { headers: { Authorization: `Bearer ${token}` } } },
  ]);
}

/** Random JSON (objects, arrays, strings with any unicode, numbers) to every write endpoint. */
function randomJson(runs: number, seed: number): Request[] {
  const field = fc.constantFrom('key', 'reset', 'secret_shares', 'secret_threshold', 'custodians', 'pgp_keys', 'recovery_shares');
  // `reset: true` is a valid unseal request; everything else here is wrong in some way.
  const body = fc.oneof(fc.jsonValue(), fc.dictionary(field, fc.jsonValue())).filter((v) => !(typeof v === 'object' && v !== null && (v as Record<string, unknown>)['reset'] === true));
  return fc.sample(body, { numRuns: runs, seed }).map((value, i) => put(WRITES[i % WRITES.length] ?? 'sys/unseal', { rawBody: JSON.stringify(value) ?? 'null', headers: JSON_TYPE }));
}

describe('bad input', () => {
  const dir = tempDir();
  let server: ServeProcess;
  let init: InitResponse;
  const status = async () => (await api(server, 'GET', 'sys/seal-status')).body;
  const sealedTokenAnswers = (o: Outcome) => (o.label.startsWith('PUT sys/seal') ? o.status === 204 : o.status === 503);

  beforeAll(async () => {
    server = await startServe({ dataPath: join(dir.dir, 'k.db') });
  });
  afterAll(async () => {
    await server.stop();
    dir.remove();
  });

  it('answers reads with odd query strings without a 5xx other than the documented 501/503', async () => {
    const requests: Request[] = READS.flatMap((path) => ['', '?list=true', '?a=%E0%A4%A', '?custom_audit=' + encodeURIComponent('\u202e\u0000💥'.repeat(400))]
      .map((query) => ({ method: 'GET', path: path + query, options: {} })));
    const outcomes = await runAll(server, requests);
    expect(outcomes.filter((o) => o.status >= 500 && o.status !== 501 && o.status !== 503)).toEqual([]);
    expect(server.output()).not.toContain('internal error');
  });

  it('uninitialized: every kind of garbage is a 4xx, and init is still possible afterwards', async () => {
    const before = await status();
    // fast-check's fixed seed keeps the random bodies reproducible.
    expectAll4xx(await runAll(server, [...garbageBodies(undefined), ...wrongInitTypes(), ...wrongKeys(), ...badOverrides(), ...randomJson(120, 20260101)]));
    expect((await runAll(server, badTokens())).filter((o) => !sealedTokenAnswers(o))).toEqual([]);
    expect(await status()).toEqual(before);
    expect(server.output()).not.toContain('internal error');
  });

  it('accepts unicode, emoji and right-to-left custodian names, and refuses control characters, lone surrogates and bidi overrides', async () => {
    for (const names of [['Ann\u0000', 'B', 'C'], ['Ann', 'B\u0085', 'C'], ['Ann', 'B\u009b31m', 'C']]) {
      const r = await api(server, 'PUT', 'sys/init', { body: { secret_shares: 3, secret_threshold: 2, custodians: names } });
      expect(r.status).toBe(400);
    }
    // A lone surrogate cannot be printed; a bidi override makes a name read differently on paper.
    for (const name of ['\\ud800', 'x\\udfff', 'Ann\\u202eBob']) {
      const r = await api(server, 'PUT', 'sys/init', { rawBody: `{"secret_shares":2,"secret_threshold":2,"custodians":["${name}","x"]}`, headers: JSON_TYPE });
      expect({ name, status: r.status }).toEqual({ name, status: 400 });
    }

    const names = ['👩‍🚀 Ada', 'עדה לבנה', 'عائشة', '李小龙', 'Zoë O\'Brien-Ñúñez'];
    const r = await api<InitResponse>(server, 'PUT', 'sys/init', { body: { secret_shares: 5, secret_threshold: 3, custodians: names } });
    expect(r.status).toBe(200);
    init = r.body;
    expect(init.shares.map((s) => s.custodian)).toEqual(names);
    const first = await api(server, 'PUT', 'sys/unseal', { body: { key: init.keys[1] } });
    expect(first.body).toMatchObject({ progress: 1, share_index: 2, custodian: 'עדה לבנה' });
  });

  it('sealed with progress 1: garbage is a 4xx and the attempt (progress, nonce) is untouched', async () => {
    const before = await status();
    expect(before).toMatchObject({ initialized: true, sealed: true, progress: 1 });
    expectAll4xx(await runAll(server, [...garbageBodies(init.root_token), ...wrongKeys(), ...badOverrides(), ...randomJson(60, 20260102)]));
    expect((await runAll(server, badTokens())).filter((o) => !sealedTokenAnswers(o))).toEqual([]);
    expect(await status()).toEqual(before);
    expect(server.output()).not.toContain('internal error');
  });

  it('unsealed: garbage is a 4xx and the keyring stays unsealed with the same root token', async () => {
    for (const key of init.keys.slice(2, 4)) await api(server, 'PUT', 'sys/unseal', { body: { key } });
    const before = await status();
    expect(before).toMatchObject({ sealed: false });
    const outcomes = await runAll(server, [...garbageBodies(init.root_token), ...wrongKeys(), ...badOverrides()]);
    // While unsealed any decodable key is ignored (200, as in Vault); the rest must be 4xx.
    const keyed = (o: Outcome) => /^PUT sys\/unseal \{"key":/.test(o.label);
    expectAll4xx(outcomes.filter((o) => !keyed(o)));
    expect(outcomes.filter((o) => keyed(o) && o.status >= 500)).toEqual([]);
    expect((await runAll(server, badTokens())).filter((o) => o.status !== 403)).toEqual([]);
    expect(await status()).toEqual(before);
    expect((await api(server, 'GET', 'auth/token/lookup-self', { token: init.root_token })).status).toBe(200);
    expect(server.output()).not.toContain('internal error');
  });
});
