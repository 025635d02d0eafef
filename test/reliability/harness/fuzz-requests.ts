/**
 * Requests for the API fuzz suite, aimed at every registered route (`allRoutes`, parameters
 * substituted):
 *  - `sweep()`: every write operation of every route, with a root-policy token and JSON, once
 *    with each mutation — deep, huge and non-object bodies, and every known field set at once to
 *    a wrong type — so each handler meets each kind of bad body in every run;
 *  - `fuzzRequest`: fast-check arbitraries combining all of it at random — wrong JSON types,
 *    huge values, 10,000-deep nesting, invalid UTF-8, malformed JSON, odd methods (PATCH,
 *    OPTIONS, TRACE, PROPFIND, LIST, ...), odd headers (duplicate Host, huge headers, garbage
 *    tokens, junk wrap TTLs) and query junk.
 */
import fc from 'fast-check';
import type { Operation, Route } from '../../../electron/api/route.js';
import { allRoutes } from '../../../electron/api/routes/index.js';

/** Which credential the request carries; the suite maps these to real token strings. */
export type TokenKind = 'privileged' | 'limited' | 'revoked' | 'wrapping' | 'garbage' | 'none';

export interface FuzzRequest {
  readonly method: string;
  /** Target after `/v1/` as latin1 bytes (raw non-UTF-8 bytes allowed). */
  readonly path: string;
  readonly query: string;
  readonly token: TokenKind;
  /** Token in X-Vault-Token or in `Authorization: Bearer`. */
  readonly tokenHeader: 'x-vault-token' | 'authorization';
  readonly headers: readonly (readonly [string, string])[];
  readonly contentType: string | null;
  readonly body: Buffer | null;
  /** For the report and failure messages. */
  readonly bodyKind: string;
}

const METHOD_OF: Record<Operation, readonly string[]> = { read: ['GET'], list: ['GET'], create: ['PUT', 'POST'], update: ['PUT', 'POST'], delete: ['DELETE'] };
const ODD_METHODS = ['PATCH', 'OPTIONS', 'TRACE', 'PROPFIND', 'HEAD', 'LIST', 'MKCOL', 'SEARCH', 'PURGE', 'get', 'FOO'] as const;

const SEGMENTS = ['default', 'root', 'file', 'x', 'a%20b', '..', '.', '%2e%2e', '%00', '%E0%A4%A', '%ff', '%C3%BC', 'ü', 'a'.repeat(300), '*', '+', '%2F', 'sys', 'fuzz'];
const segment = fc.oneof(fc.constantFrom(...SEGMENTS), fc.stringMatching(/^[a-z0-9_.-]{1,12}$/));

function pathOf(pattern: string): fc.Arbitrary<string> {
  const parts = pattern.split('/');
  return fc.tuple(...parts.map((p) => (p.startsWith(':') ? segment : p === '*' ? fc.array(segment, { maxLength: 3 }).map((s) => s.join('/')) : fc.constant(p)))).map((xs) =>
    xs.join('/').replace(/\/+$/, ''),
  );
}

/** A route's path with substituted parameters and a method it answers (or an odd one). */
const routeTarget = fc.oneof(
  ...allRoutes.map((route) => {
    const methods = [...new Set(Object.keys(route.handlers).flatMap((op) => METHOD_OF[op as Operation]))];
    return fc.tuple(pathOf(route.path), fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...methods) }, { weight: 1, arbitrary: fc.constantFrom(...ODD_METHODS, 'GET', 'PUT', 'POST', 'DELETE') }));
  }),
);

/** Mutations of the path itself: trailing and doubled slashes, case, raw bytes, length. */
const identity = (p: string): string => p;
const pathMutation = fc.oneof({ weight: 8, arbitrary: fc.constant(identity) }, { weight: 4, arbitrary: fc.constantFrom<(p: string) => string>(
  (p) => `${p}/`,
  (p) => p.replace('/', '//'),
  (p) => p.toUpperCase(),
  (p) => `${p}/\xff\xfe`,
  (p) => `${p}%ff%fe`,
  (p) => `${p}/${'a'.repeat(9000)}`,
  (p) => `./${p}`,
  (p) => `${p}/../../sys/init`,
  (p) => `${p}%00`,
  (p) => `${p};x=1`,
  (p) => `${p}#frag`,
) });

const QUERY_BITS = [
  'list=true', 'list=1', 'list=garbage', 'list=true&list=false', 'version=abc', 'version=-1', 'version=99999999999999999999', 'versions=1,2',
  'from=0', 'from=-1', 'limit=-5', 'limit=1e9', 'limit=99999999', `custom_audit=${'x'.repeat(5000)}`, 'custom_audit=%ff%fe', '%zz=%zz', 'a=b&a=c',
  'sealedcode=abc', 'sealedcode=999', 'activecode=200', 'uninitcode=', 'standbyok=true', 'help=1', '=', '&&&', 'token=hvs.AAAAAAAAAAAAAAAAAAAAAAAA', '\xff=\xfe',
];
const query = fc.oneof({ weight: 3, arbitrary: fc.constant('') }, { weight: 2, arbitrary: fc.array(fc.constantFrom(...QUERY_BITS), { minLength: 1, maxLength: 3 }).map((q) => q.join('&')) });

const FIELDS = [
  'secret_shares', 'secret_threshold', 'pgp_keys', 'custodians', 'root_token_pgp_key', 'recovery_shares', 'recovery_threshold', 'key', 'reset', 'nonce', 'backup',
  'require_verification', 'verify_all_shares', 'otp', 'pgp_key', 'data', 'options', 'cas', 'versions', 'max_versions', 'policies', 'policy', 'rules', 'ttl',
  'explicit_max_ttl', 'num_uses', 'no_parent', 'no_default_policy', 'renewable', 'token', 'accessor', 'increment', 'max_operations', 'interval', 'enabled', 'input',
  'paths', 'path', 'display_name', 'meta', 'period', 'type', 'cas_required', 'delete_version_after', 'custom_metadata', '__proto__', 'constructor', 'prototype',
];

const HUGE_STRING = 'x'.repeat(1 << 20);
const HUGE_ARRAY = Array.from({ length: 100_000 }, (_, i) => i);

const scalar = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1, 2, 3, 255, 256, 1e308, -1e308, 2 ** 53 + 1, 0.5, -0.5, '', ' ', '0', '1', 'true', '1h', '-1s', '24h', '0s',
    '9999999999999h', 'root', 'default', 'hvs.AAAAAAAAAAAAAAAAAAAAAAAA', '\u0000', '\ud800', '\u202e', '../../etc/passwd', '<script>', 'secret/*', '*', 'deadbeef', 'AAAA',
    '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nxx\n-----END PGP PUBLIC KEY BLOCK-----', 'ABCD-EFGH-JKMN', '{"a":1}'),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

/**
 * Stand-ins for values too deep for JSON.stringify (V8 overflows a few thousand levels down):
 * the body is serialised with these placeholders and the deep text spliced in afterwards. One
 * just inside the API's depth limit (1000), two beyond it.
 */
const DEEP_VALUES: Readonly<Record<string, string>> = {
  '\u0000deep-990\u0000': '{"d":'.repeat(990) + '1' + '}'.repeat(990),
  '\u0000deep-1001\u0000': '['.repeat(1001) + ']'.repeat(1001),
  '\u0000deep-10000\u0000': '{"d":'.repeat(10_000) + '[]' + '}'.repeat(10_000),
};

function serialise(o: unknown): Buffer {
  let text = JSON.stringify(o);
  for (const [marker, deep] of Object.entries(DEEP_VALUES)) text = text.replaceAll(JSON.stringify(marker), deep);
  return Buffer.from(text);
}

const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 6, arbitrary: scalar },
    { weight: 1, arbitrary: fc.constantFrom(...Object.keys(DEEP_VALUES)) },
    { weight: 1, arbitrary: fc.array(tie('v'), { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 8 })), tie('v'), { maxKeys: 4 }) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(HUGE_STRING, HUGE_ARRAY) },
  ),
})).v;

const objectBody = fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 5 }).map((o) => {
  const body = serialise(o);
  return { kind: body.length > 5000 && /[[{]{50}/.test(body.toString('latin1')) ? 'object-deep' : 'object', body };
});

function deep(depth: number, open: string, close: string, leaf = '1'): Buffer {
  return Buffer.from(open.repeat(depth) + leaf + close.repeat(depth));
}

const DEPTH = 10_000;
const specialBody = fc.constantFrom(
  { kind: 'deep-object', body: deep(DEPTH, '{"data":', '}') },
  { kind: 'deep-array', body: deep(DEPTH, '[', ']') },
  { kind: 'deep-in-field', body: Buffer.from(`{"key":${'['.repeat(DEPTH)}1${']'.repeat(DEPTH)},"policy":${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}}`) },
  { kind: 'deep-data', body: Buffer.from(`{"data":{"v":${'{"x":'.repeat(DEPTH)}null${'}'.repeat(DEPTH)}}}`) },
  { kind: 'huge-string', body: Buffer.from(JSON.stringify({ data: { v: HUGE_STRING }, key: HUGE_STRING.slice(0, 70_000), policy: HUGE_STRING.slice(0, 300_000) })) },
  { kind: 'huge-array', body: Buffer.from(JSON.stringify({ custodians: HUGE_ARRAY, policies: HUGE_ARRAY, pgp_keys: HUGE_ARRAY.map(String) })) },
  { kind: 'many-keys', body: Buffer.from(JSON.stringify(Object.fromEntries(HUGE_ARRAY.slice(0, 50_000).map((i) => [`k${i}`, i])))) },
  { kind: 'array', body: Buffer.from('[1,2,3]') },
  { kind: 'string', body: Buffer.from('"key"') },
  { kind: 'number', body: Buffer.from('12345678901234567890') },
  { kind: 'null', body: Buffer.from('null') },
  { kind: 'true', body: Buffer.from('true') },
  { kind: 'truncated', body: Buffer.from('{"key": "abc') },
  { kind: 'trailing', body: Buffer.from('{"reset":true} {"x":1}') },
  { kind: 'bom', body: Buffer.from('\ufeff{"reset":true}') },
  { kind: 'comment', body: Buffer.from('{/* c */ "reset": true}') },
  { kind: 'duplicate-keys', body: Buffer.from('{"key":"abc","key":1,"secret_shares":1,"secret_shares":"1"}') },
  { kind: 'proto', body: Buffer.from('{"__proto__":{"admin":true,"sudo":true},"constructor":{"prototype":{"polluted":1}},"data":{"__proto__":{"x":1}}}') },
  { kind: 'nul', body: Buffer.from('{"key":"\u0000\u0000","data":{"a\u0000b":"\u0000"}}') },
  { kind: 'whitespace', body: Buffer.from('   \r\n\t ') },
  { kind: 'utf16', body: Buffer.from('{"reset":true}', 'utf16le') },
);

/** Invalid UTF-8 inside otherwise well-formed JSON: lone continuation bytes, overlongs, surrogates, 0xFF. */
const invalidUtf8 = fc
  .tuple(fc.constantFrom('key', 'data', 'token', 'policy', 'custodians', 'nonce', 'otp'), fc.array(fc.constantFrom(0x80, 0xbf, 0xc0, 0xc1, 0xe0, 0xed, 0xa0, 0xf5, 0xf8, 0xfe, 0xff), { minLength: 1, maxLength: 6 }))
  .map(([field, junk]) => ({ kind: 'invalid-utf8', body: Buffer.concat([Buffer.from(`{"${field}":"a`), Buffer.from(junk), Buffer.from('b"}')]) }));

const body = fc.oneof(
  { weight: 5, arbitrary: objectBody },
  { weight: 2, arbitrary: specialBody },
  { weight: 1, arbitrary: invalidUtf8 },
  { weight: 2, arbitrary: fc.constant({ kind: 'empty', body: null as Buffer | null }) },
);

const CONTENT_TYPES = ['application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', 'multipart/form-data; boundary=x', 'application/jsonx', 'application/json, text/plain', ''];
const contentType = fc.oneof({ weight: 6, arbitrary: fc.constant<string | null>('application/json') }, { weight: 2, arbitrary: fc.constant<string | null>(null) }, { weight: 2, arbitrary: fc.constantFrom<string | null>(...CONTENT_TYPES) });

const garbage = fc.oneof(
  fc.constantFrom('', ' ', 'hvs.', `hvs.${'A'.repeat(24)}`, `hvs.${'A'.repeat(5000)}`, 'null', 'undefined', '\xff\xfe', 's.abc', 'Bearer', '../../x', '%00', 'hvs.AAAA\x7f'),
  fc.stringMatching(/^[\x21-\x7e]{0,64}$/),
);

const header = fc.oneof(
  fc.tuple(fc.constant('X-Vault-Token'), garbage),
  fc.tuple(fc.constant('Authorization'), fc.oneof(garbage.map((g) => `Bearer ${g}`), fc.constantFrom('Basic Zm9vOmJhcg==', 'Bearer', 'Negotiate x'))),
  fc.tuple(fc.constant('X-Vault-Wrap-TTL'), fc.constantFrom('1h', '-1', 'abc', '999999999999', '', '0', '1e3', '30s', '5m0s', '\xff')),
  fc.tuple(fc.constant('Host'), fc.constantFrom('evil.example', 'localhost', '127.0.0.1:1')),
  fc.tuple(fc.constant('X-Junk'), fc.constantFrom('a'.repeat(20_000), 'b'.repeat(8_000), '\xff\xfe\xfd', '')),
  fc.tuple(fc.constantFrom('X-Forwarded-For', 'X-Forwarded-Host', 'X-Real-IP', 'Forwarded'), fc.constantFrom('10.0.0.1', 'evil.example', 'for=1.2.3.4;host=evil')),
  fc.tuple(fc.constant('X-Vault-Request'), fc.constantFrom('true', 'false', '')),
  fc.tuple(fc.constant('Expect'), fc.constantFrom('100-continue', 'nonsense')),
  fc.tuple(fc.constant('Accept-Encoding'), fc.constantFrom('gzip, br', '*', '')),
  fc.tuple(fc.constant('Range'), fc.constantFrom('bytes=0-10', 'bytes=-1')),
  fc.tuple(fc.constant('If-None-Match'), fc.constant('*')),
  fc.tuple(fc.constant('Cookie'), fc.constantFrom('token=hvs.x', 'a=b')),
);

const tokenKind = fc.constantFrom<TokenKind>('privileged', 'privileged', 'privileged', 'privileged', 'limited', 'limited', 'revoked', 'wrapping', 'garbage', 'none', 'none');

export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc
  .record({
    target: routeTarget,
    mutate: pathMutation,
    query,
    token: tokenKind,
    tokenHeader: fc.constantFrom<'x-vault-token' | 'authorization'>('x-vault-token', 'x-vault-token', 'authorization'),
    headers: fc.array(header, { maxLength: 3 }),
    contentType,
    body,
  })
  .map((r) => ({
    method: r.target[1],
    path: r.mutate(r.target[0]),
    query: r.query,
    token: r.token,
    tokenHeader: r.tokenHeader,
    headers: r.headers,
    contentType: r.contentType,
    body: r.body.body,
    bodyKind: r.body.kind,
  }));

/** A short description of a request for failure messages (no token values). */
export function describeRequest(r: FuzzRequest): string {
  const target = `${r.path}${r.query ? `?${r.query}` : ''}`;
  return `${r.method} /v1/${target.slice(0, 160)} token=${r.token} body=${r.bodyKind}(${r.body?.length ?? 0} B, ${String(r.contentType)}) headers=${r.headers.map(([n, v]) => `${n}:${v.slice(0, 24)}`).join('|')}`;
}

/** Bodies the sweep gives every write operation: kinds from above plus every field at once set to one wrong value. */
const SWEEP_SPECIAL = ['deep-object', 'deep-in-field', 'huge-string', 'huge-array', 'many-keys', 'array', 'null', 'truncated', 'proto'];
const SWEEP_FIELD_VALUES: readonly unknown[] = [0, -1, 1e308, [], { x: 1 }, null, true, '', '\u0000deep-990\u0000', '\u0000deep-10000\u0000'];

function sweepBodies(): { kind: string; body: Buffer }[] {
  const specials = fc.sample(specialBody, { seed: 1, numRuns: 2000 });
  const out: { kind: string; body: Buffer }[] = [];
  for (const kind of SWEEP_SPECIAL) {
    const found = specials.find((b) => b.kind === kind);
    if (found) out.push(found);
  }
  out.push(...fc.sample(invalidUtf8, { seed: 2, numRuns: 1 }));
  for (const v of SWEEP_FIELD_VALUES) out.push({ kind: `all-fields=${JSON.stringify(v).slice(0, 20)}`, body: serialise(Object.fromEntries(FIELDS.map((f) => [f, v]))) });
  return out;
}

/** Every write operation of the routes `filter` keeps, with each sweep body, as a root-policy token sends it. */
export function sweep(filter: (route: Route) => boolean): FuzzRequest[] {
  const bodies = sweepBodies();
  const out: FuzzRequest[] = [];
  for (const route of allRoutes.filter(filter)) {
    const path = route.path.replace(/:[a-z_]+/g, 'fuzz').replace(/\*$/, 'fuzz/sweep');
    for (const op of Object.keys(route.handlers) as Operation[]) {
      if (op === 'read' || op === 'list') continue;
      const method = METHOD_OF[op][0] ?? 'PUT';
      for (const { kind, body } of bodies) {
        out.push({ method, path, query: '', token: 'privileged', tokenHeader: 'x-vault-token', headers: [], contentType: 'application/json', body, bodyKind: kind });
      }
    }
  }
  return out;
}
