/**
 * The response readers: Vault fields and Symbolon's additions, each read by the one name the
 * server sends (shared/api), and defaults instead of crashes for anything missing or mistyped.
 */
import { describe, expect, it } from 'vitest';
import { readHandoutShares, readSealStatus, readVerdict } from '../../../renderer/lib/api-types.js';
import { readAuditLog, readAuditVerification, toJsonLines } from '../../../renderer/lib/audit-types.js';
import { readRewrapStatus } from '../../../renderer/lib/rewrap-types.js';

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

  it.each([
    [{ running: true, done: 3, total: 4 }, 0.75],
    [{ in_progress: true, remaining: 1, total: 4 }, 0.75],
    [{ progress: 0.5 }, 0.5],
    [{ progress: 40 }, 0.4],
    [{ state: 'complete', total: 0, done: 0 }, 1],
  ])('turns rewrap answer %j into fraction %d', (body, fraction) => {
    expect(readRewrapStatus({ data: body }).fraction).toBeCloseTo(fraction);
  });

  it('reads audit entries and verification, and exports JSON Lines of the raw entries', () => {
    const log = readAuditLog({ data: { entries: [{ seq: 1, time: '2025-01-01T00:00:00Z', type: 'request', path: 'sys/unseal', context: { custodian: 'Ann', share_index: 1 }, hash: 'ff00' }] } });
    expect(log[0]).toMatchObject({ seq: 1, operation: 'request', path: 'sys/unseal', detail: 'custodian Ann, share 1', hash: 'ff00' });
    expect(toJsonLines(log)).toBe('{"seq":1,"time":"2025-01-01T00:00:00Z","type":"request","path":"sys/unseal","context":{"custodian":"Ann","share_index":1},"hash":"ff00"}\n');
    expect(readAuditVerification({ data: { valid: false, first_broken: 7 } })).toMatchObject({ valid: false, brokenAt: 7, message: 'The chain is broken.' });
  });
});
