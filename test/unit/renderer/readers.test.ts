/**
 * The response readers: Vault fields and Symbolon's additions, each read by the one name the
 * server sends (shared/api), and defaults instead of crashes for anything missing or mistyped.
 */
import { describe, expect, it } from 'vitest';
import { readHandoutShares, readSealStatus, readVerdict } from '../../../renderer/lib/api-types.js';
import { readAuditLog, readAuditVerification, toJsonLines } from '../../../renderer/lib/audit-types.js';
import { readRewrapStatus } from '../../../renderer/lib/rewrap-types.js';
import { isPolling } from '../../../renderer/features/audit/ceremonies.js';
import { buildAuditEntry } from '../../../electron/api/audit-entry.js';
import { errorReply, logical } from '../../../electron/api/reply.js';
import type { RewrapData } from '../../../shared/api/rewrap.js';

describe('readers', () => {
  it('never throw on garbage and give safe defaults', () => {
    for (const junk of [null, undefined, 42, 'text', [], { t: 'x', sealed: 'no' }]) {
      expect(() => readSealStatus(junk)).not.toThrow();
      expect(readSealStatus(junk).sealed).toBe(true);
      expect(readHandoutShares(junk)).toEqual([]);
      expect(readAuditLog(junk)).toEqual([]);
    }
  });

  it('pairs Vault keys with Symbolon share details, and marks PGP-encrypted shares', () => {
    const shares = readHandoutShares({
      keys: ['wcBMA-encrypted', 'beef'],
      keys_base64: ['x', 'y'],
      pgp_fingerprints: ['abcd1234', ''],
      shares: [{ index: 1, custodian: 'Ann', fingerprint: 'abcd1234' }, { index: 2, custodian: 'Bob', text: 'AAAA0' }],
    });
    expect(shares.map((s) => [s.custodian, s.pgpEncrypted, s.text, s.fingerprint])).toEqual([['Ann', true, '', 'abcd1234'], ['Bob', false, 'AAAA0', '']]);
  });

  it('reads the verdict from the fields the server sends, and no guessed names', () => {
    expect(readVerdict({ share_index: 3, custodian: 'Dana' })).toEqual({ shareIndex: 3, custodian: 'Dana', duplicate: false });
    expect(readVerdict({ share_index: 3, custodian: 'Dana', share_duplicate: true }).duplicate).toBe(true);
    expect(readVerdict({ share_index: 2, custodian: 'Bob' })).toEqual({ shareIndex: 2, custodian: 'Bob', duplicate: false });
    expect(readVerdict({ share: { index: 2, custodian: 'Bob' }, index: 2, custodian_name: 'Bob', duplicate: true })).toEqual({ shareIndex: null, custodian: '', duplicate: false });
    expect(readVerdict({})).toEqual({ shareIndex: null, custodian: '', duplicate: false });
  });

  /** A server answer of sys/rewrap (shared/api), as electron/api/routes/sys-rewrap.ts writes it. */
  const rewrapAnswer = (fields: Partial<RewrapData>): RewrapData => ({
    running: false, total: 0, done: 0, remaining: 0, started_at: null, finished_at: null, target_term: 1, terms: {}, error: null, ...fields,
  });

  it.each([
    [rewrapAnswer({ running: true, done: 3, remaining: 1, total: 4, started_at: '2026-01-01T10:00:00.000Z', target_term: 2, terms: { '1': 1, '2': 3 } }), 0.75, false],
    [rewrapAnswer({ done: 4, total: 4, started_at: '2026-01-01T10:00:00.000Z', finished_at: '2026-01-01T10:00:01.000Z', target_term: 2, terms: { '2': 4 } }), 1, true],
    [rewrapAnswer({ terms: { '1': 6 } }), 1, true],
    [rewrapAnswer({ done: 1, remaining: 3, total: 4, target_term: 2, error: 'record kv/x does not open' }), 0.25, false],
  ])('reads rewrap answer %j from the fields the server sends: fraction %d, complete %s', (body, fraction, complete) => {
    const status = readRewrapStatus({ data: body });
    expect(status.fraction).toBeCloseTo(fraction);
    expect(status.complete).toBe(complete);
    expect(status).toMatchObject({ running: body.running, done: body.done, total: body.total, targetTerm: body.target_term, error: body.error ?? '' });
  });

  it('reads rewrap progress by no guessed names', () => {
    for (const guessed of [{ in_progress: true, remaining: 1, total: 4 }, { progress: 0.5 }, { progress: 40 }, { state: 'complete', rewrapped: 4, term: 2 }]) {
      expect(readRewrapStatus({ data: guessed }), JSON.stringify(guessed)).toMatchObject({ running: false, complete: false, done: null, fraction: null, targetTerm: null });
    }
  });

  it('reads audit entries and verification, and exports JSON Lines of the raw entries', () => {
    const log = readAuditLog({ data: { entries: [{ seq: 1, time: '2025-01-01T00:00:00Z', type: 'request', path: 'sys/unseal', context: { custodian: 'Ann', share_index: 1 }, hash: 'ff00' }] } });
    expect(log[0]).toMatchObject({ seq: 1, operation: 'request', path: 'sys/unseal', detail: 'custodian Ann, share 1', hash: 'ff00' });
    expect(toJsonLines(log)).toBe('{"seq":1,"time":"2025-01-01T00:00:00Z","type":"request","path":"sys/unseal","context":{"custodian":"Ann","share_index":1},"hash":"ff00"}\n');
    expect(readAuditVerification({ data: { valid: false, first_broken: 7 } })).toMatchObject({ valid: false, brokenAt: 7, message: 'The chain is broken.' });
  });

  it('reads a request entry exactly as the API builds it (shared/api/audit.ts AuditRequestEntry)', () => {
    const hash = (s: string) => `hmac-sha256:${s.length}`;
    const chain = { seq: 4, time: '2026-11-30T14:00:00.000Z', prev_hash: '00', hash: 'ab' };
    const refused = buildAuditEntry({ method: 'GET', path: 'secret/data/app', query: {}, request: null, reply: errorReply(403, 'PERMISSION_DENIED', 'permission denied'), durationMs: 1 }, hash);
    const read = buildAuditEntry({ method: 'GET', path: 'sys/key-status', query: {}, request: null, reply: logical({ term: 1 }), durationMs: 1 }, hash);
    const [first, second] = readAuditLog({ data: { entries: [{ ...refused, ...chain, entry: JSON.stringify(refused) }, { ...read, ...chain, seq: 5, entry: JSON.stringify(read) }] } });
    expect(first).toMatchObject({ seq: 4, path: 'secret/data/app', operation: 'request → 403', detail: 'PERMISSION_DENIED, permission denied' });
    expect(second).toMatchObject({ seq: 5, path: 'sys/key-status', operation: 'request → 200', detail: '' });
    // An entry without a request (refused before routing) has no operation: it is not hidden as polling.
    expect(second && isPolling(second)).toBe(false);
  });
});
