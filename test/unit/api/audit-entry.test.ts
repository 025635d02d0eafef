/**
 * What goes into an audit entry (electron/core/audit/audit-redact.ts, electron/api/audit-entry.ts)
 * and how the chain is checked (audit-log.ts ChainVerifier, audit-file.ts export lines): values
 * become HMACs or are omitted while sealed, tokens are HMAC'd wherever they appear, oversized
 * bodies collapse to one HMAC, and the verifier names the first broken entry for each kind of
 * damage. The HMAC is RFC 2104 HMAC-SHA256 (checked against node:crypto with the same key).
 */
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildAuditEntry } from '../../../electron/api/audit-entry.js';
import type { ApiRequest } from '../../../electron/api/route.js';
import { parseExportLine } from '../../../electron/core/audit/audit-file.js';
import { ChainVerifier, GENESIS_HASH, chainHash, verifyChain } from '../../../electron/core/audit/audit-log.js';
import type { AuditRow } from '../../../electron/core/audit/audit-log.js';
import { MAX_AUDITED_LEAVES, OMITTED, redactValues } from '../../../electron/core/audit/audit-redact.js';

const KEY = Buffer.alloc(32, 7);
const hmac = (s: string) => 'hmac-sha256:' + createHmac('sha256', KEY).update(s, 'utf8').digest('hex');
const sealed = () => null;

function at(rows: AuditRow[], i: number): AuditRow {
  const row = rows[i];
  if (!row) throw new Error(`no row ${i}`);
  return row;
}

function chain(n: number): AuditRow[] {
  const rows: AuditRow[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const time = new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString();
    const entry = JSON.stringify({ type: 'request', n: seq });
    const hash = chainHash(prev, seq, time, entry);
    rows.push({ seq, time, entry, prev_hash: prev, hash });
    prev = hash;
  }
  return rows;
}

describe('audit value redaction', () => {
  it('replaces strings and numbers by their HMAC and keeps keys, booleans and null', () => {
    const out = redactValues({ password: 'hunter2', pin: 1234, nested: [{ a: 'x' }], ok: true, none: null }, hmac);
    expect(out).toEqual({ password: hmac('hunter2'), pin: hmac('1234'), nested: [{ a: hmac('x') }], ok: true, none: null });
  });

  it('omits every value when no HMAC key is available (sealed)', () => {
    expect(redactValues({ key: 'share-bytes', n: 3, list: ['a'] }, sealed)).toEqual({ key: OMITTED, n: OMITTED, list: [OMITTED] });
  });

  it('keeps only the scalar fields a route names not secret; everything else under them is still HMAC\'d', () => {
    const plain = { term: true, metadata: { version: true, created_time: true, custom_metadata: true } } as const;
    const value = {
      term: 3,
      password: 'hunter2',
      metadata: { version: 2, created_time: '2026-11-30T14:00:00.000Z', custom_metadata: { owner: 'team-7' }, destroyed: false, note: 'n' },
      // A long string under a plain name is not a term or a time: HMAC'd.
      long: 'x',
    };
    const out = redactValues({ ...value, term: 'y'.repeat(65) }, hmac, { ...plain, long: true });
    expect(out).toMatchObject({ term: hmac('y'.repeat(65)), long: 'x' });
    expect(redactValues(value, hmac, plain)).toEqual({
      term: 3,
      password: hmac('hunter2'),
      // An object under a plain name is walked without rules: its values are HMAC'd.
      metadata: { version: 2, created_time: '2026-11-30T14:00:00.000Z', custom_metadata: { owner: hmac('team-7') }, destroyed: false, note: hmac('n') },
      long: hmac('x'),
    });
  });

  it('never takes a plain rule from the prototype or from an array position', () => {
    const out = redactValues({ constructor: 'c', toString: 's', list: ['a', 'b'] }, hmac, { list: true });
    expect(out).toEqual({ constructor: hmac('c'), toString: hmac('s'), list: [hmac('a'), hmac('b')] });
    const proto = JSON.parse('{"__proto__": "p", "x": "q"}') as Record<string, unknown>;
    expect(redactValues(proto, hmac, { x: true })).toEqual(JSON.parse(`{"__proto__": "${hmac('p')}", "x": "q"}`));
  });

  it('records a body with too many values as one HMAC of its JSON text', () => {
    const big: Record<string, string> = {};
    for (let i = 0; i <= MAX_AUDITED_LEAVES; i++) big[`k${i}`] = `v${i}`;
    const out = redactValues(big, hmac) as Record<string, unknown>;
    expect(out['$hmac']).toBe(hmac(JSON.stringify(big)));
    expect(JSON.stringify(out)).not.toContain('v1000');
  });
});

describe('audit entry of a request', () => {
  const token = 'hvs.' + 'A'.repeat(24);
  const request = {
    requestId: 'r-1',
    method: 'POST',
    operation: 'update',
    path: 'secret/data/app',
    params: {},
    query: {},
    body: { data: { password: 'hunter2' } },
    headers: { 'x-vault-wrap-ttl': '60s' },
    token,
    tokenEntry: { accessor: 'acc-123', policies: ['kv-writer'], displayName: 'token-script' },
  } as unknown as ApiRequest;

  it('HMACs the client token, accessor, body values and wrapping token; keeps path, status and policies', () => {
    const reply = {
      status: 200,
      body: {
        request_id: 'r-1', lease_id: '', renewable: false, lease_duration: 0, data: null, warnings: null, auth: null,
        wrap_info: { token: 'hvs.' + 'W'.repeat(24), accessor: 'wacc', ttl: 60, creation_time: 't', creation_path: 'secret/data/app' },
      },
    };
    const entry = buildAuditEntry({ method: 'POST', path: 'secret/data/app', query: { custom_audit: 'ticket 42' }, request, reply, durationMs: 3 }, hmac);
    const text = JSON.stringify(entry);
    for (const secret of [token, 'acc-123', 'hunter2', 'W'.repeat(24), 'wacc']) expect(text).not.toContain(secret);
    expect(entry).toMatchObject({
      path: 'secret/data/app',
      status: 200,
      custom_audit: 'ticket 42',
      auth: { client_token: hmac(token), accessor: hmac('acc-123'), policies: ['kv-writer'] },
      request: { data: { data: { password: hmac('hunter2') } }, wrap_ttl: '60s' },
      response: { wrap_info: { token: hmac('hvs.' + 'W'.repeat(24)), ttl: 60, creation_path: 'secret/data/app' } },
    });
  });

  it('writes no value at all while sealed, even for an init response holding shares and a root token', () => {
    const reply = { status: 200, body: { keys: ['abcd'], keys_base64: ['q80='], root_token: token } };
    const entry = buildAuditEntry({ method: 'PUT', path: 'sys/init', query: {}, request: { ...request, body: { secret_shares: 1 }, token: null, tokenEntry: null }, reply, durationMs: 1 }, sealed);
    const text = JSON.stringify(entry);
    for (const secret of ['abcd', 'q80=', token]) expect(text).not.toContain(secret);
    expect(entry['response']).toEqual({ status: 200, body: { keys: [OMITTED], keys_base64: [OMITTED], root_token: OMITTED } });
  });

  it('records every query parameter, a `__proto__` one included, HMAC\'d unless it is a switch', () => {
    const query = Object.fromEntries(new URLSearchParams('list=true&__proto__=p&q=v&custom_audit=x'));
    const entry = buildAuditEntry({ method: 'GET', path: 'secret/metadata/app', query, request: null, reply: { status: 404 }, durationMs: 1 }, hmac);
    expect(JSON.stringify(entry.request.query)).toBe(`{"list":"true","__proto__":"${hmac('p')}","q":"${hmac('v')}"}`);
  });

  it('scrubs token-shaped strings from free text such as paths and custom_audit', () => {
    const entry = buildAuditEntry({ method: 'GET', path: `auth/token/lookup/${token}`, query: { custom_audit: `pasted ${token}` }, request: null, reply: { status: 404, body: { errors: ['unsupported path'], error_code: 'UNSUPPORTED_PATH', message: 'unsupported path', context: { path: token } } }, durationMs: 1 }, hmac);
    const text = JSON.stringify(entry);
    expect(text).not.toContain(token);
    expect(entry['path']).toBe(`auth/token/lookup/${hmac(token)}`);
  });

  it('hands only a token that resolved to the remembering hasher; a stranger\'s made-up token is hashed, not remembered', () => {
    const remembered: string[] = [];
    const hashToken = (s: string) => {
      remembered.push(s);
      return hmac(s);
    };
    const reply = { status: 200, body: { data: null } };
    buildAuditEntry({ method: 'POST', path: 'secret/data/app', query: {}, request, reply, durationMs: 1 }, hmac, hashToken);
    expect(remembered).toEqual([token, 'acc-123']);
    remembered.length = 0;
    const stranger = 'hvs.' + 'Z'.repeat(24);
    const refused = { ...request, token: stranger, tokenEntry: null } as unknown as ApiRequest;
    const entry = buildAuditEntry({ method: 'GET', path: 'secret/data/app', query: {}, request: refused, reply: { status: 403, body: { errors: ['permission denied'] } }, durationMs: 1 }, hmac, hashToken);
    expect(remembered).toEqual([]);
    expect(entry).toMatchObject({ auth: { client_token: hmac(stranger), accessor: null } });
  });
});

describe('audit entry: fields a route declares not secret', () => {
  const request = {
    requestId: 'r-2', method: 'GET', operation: 'read', path: 'secret/data/app', params: {}, query: {}, body: {}, headers: {},
    token: 'hvs.' + 'B'.repeat(24), tokenEntry: { accessor: 'acc-9', policies: ['root'], displayName: 'root' },
  } as unknown as ApiRequest;
  const reply = {
    status: 200,
    body: { request_id: 'r-2', lease_id: '', renewable: false, lease_duration: 0, auth: null, wrap_info: null, warnings: null,
      data: { data: { password: 'hunter2' }, metadata: { version: 4, created_time: 't0', custom_metadata: { k: 'v' } } } },
  };

  it('keeps the declared response fields readable in the entry and HMACs the secret values beside them', () => {
    const entry = buildAuditEntry({ method: 'GET', path: 'secret/data/app', query: {}, request, reply, auditPlain: { metadata: { version: true, created_time: true } }, durationMs: 1 }, hmac);
    expect(entry['response']).toMatchObject({ data: { data: { password: hmac('hunter2') }, metadata: { version: 4, created_time: 't0', custom_metadata: { k: hmac('v') } } } });
  });

  it('declares nothing for request bodies: a request value under the same name is HMAC\'d', () => {
    const withBody = { ...request, body: { metadata: { version: 4 } } } as unknown as ApiRequest;
    const entry = buildAuditEntry({ method: 'GET', path: 'secret/data/app', query: {}, request: withBody, reply, auditPlain: { metadata: { version: true } }, durationMs: 1 }, hmac);
    expect(entry['request']).toMatchObject({ data: { metadata: { version: hmac('4') } } });
  });
});

describe('audit chain verification', () => {
  it('hashes the link as SHA-256 of the UTF-8 text prev, seq, time and entry, one per line', () => {
    const entry = JSON.stringify({ type: 'request', note: 'clé — 鍵' });
    const expected = createHash('sha256').update(`${GENESIS_HASH}\n1\n2026-01-01T00:00:00.000Z\n${entry}`, 'utf8').digest('hex');
    expect(chainHash(GENESIS_HASH, 1, '2026-01-01T00:00:00.000Z', entry)).toBe(expected);
  });

  it('accepts an intact chain and reports its head', () => {
    const rows = chain(5);
    expect(verifyChain(rows)).toEqual({ ok: true, entries: 5, firstBroken: null, reason: null, head: { seq: 5, hash: rows[4]?.hash } });
  });

  it('names the edited entry', () => {
    const rows = chain(5);
    rows[2] = { ...at(rows, 2), entry: at(rows, 2).entry.replace('"n":3', '"n":33') };
    expect(verifyChain(rows)).toMatchObject({ ok: false, firstBroken: 3, reason: 'entry content does not match its hash' });
  });

  it('names the entry after a removed one', () => {
    const rows = chain(5);
    rows.splice(1, 1);
    expect(verifyChain(rows)).toMatchObject({ ok: false, firstBroken: 3, reason: 'entry 2 is missing' });
  });

  it('names an entry whose hash was recomputed after an edit (the next link breaks)', () => {
    const rows = chain(5);
    const edited = { ...at(rows, 1), entry: '{"type":"request","n":"forged"}' };
    rows[1] = { ...edited, hash: chainHash(edited.prev_hash, edited.seq, edited.time, edited.entry) };
    expect(verifyChain(rows)).toMatchObject({ ok: false, firstBroken: 3, reason: 'link to the previous entry does not match' });
  });

  it('stops at the first break when fed row by row', () => {
    const rows = chain(4);
    rows[0] = { ...at(rows, 0), time: 'changed' };
    const verifier = new ChainVerifier();
    expect(verifier.push(at(rows, 0))).toBe(false);
    expect(verifier.push(at(rows, 1))).toBe(false);
    expect(verifier.verdict()).toMatchObject({ ok: false, entries: 1, firstBroken: 1 });
  });

  it('parses export lines and names the line that is not an audit row', () => {
    const row = at(chain(1), 0);
    expect(parseExportLine(JSON.stringify({ ...row, extra: 1 }), 1)).toEqual(row);
    expect(() => parseExportLine('{', 7)).toThrow('line 7 is not JSON');
    expect(() => parseExportLine('{"seq":1}', 8)).toThrow(/line 8 is not an audit row/);
  });
});
