/**
 * What the screens say about a ceremony: the threshold sentence for every value typed, the
 * majority default, rotation refusals in the form's words, and the transcript grouped into
 * ceremonies (who, what, when, the chain entry each ended at), polling told apart.
 */
import { describe, expect, it } from 'vitest';
import { majorityThreshold, thresholdSentence } from '../../../renderer/components/threshold-words.js';
import { ceremoniesOf, chainHead, isPolling, latestCeremony, printedHash } from '../../../renderer/features/audit/ceremonies.js';
import { humanRotateMessage } from '../../../renderer/features/rotate/rotate-words.js';
import { readAuditLog } from '../../../renderer/lib/audit-types.js';

describe('threshold sentence', () => {
  it('defaults to the smallest majority', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(majorityThreshold)).toEqual([1, 2, 2, 3, 3, 4, 4]);
  });

  it('is true for every value typed, never "Any 6 of the 5"', () => {
    expect(thresholdSentence(3, 5)).toEqual({ ok: true, text: 'Any 3 of the 5 custodians together can unseal. Any 2 cannot.' });
    expect(thresholdSentence(6, 5)).toEqual({ ok: false, text: 'There are only 5 custodians: the threshold can be at most 5.' });
    expect(thresholdSentence(1, 5)).toEqual({ ok: false, text: 'With more than one custodian the threshold must be at least 2.' });
    expect(thresholdSentence(Number.NaN, 5)).toEqual({ ok: false, text: 'Choose a whole number from 2 to 5.' });
    expect(thresholdSentence(2, 4).text).toContain('Two separate groups of 2 could each unseal without the other; a majority (3) prevents that.');
    expect(thresholdSentence(1, 1)).toEqual({ ok: true, text: 'Any 1 of the 1 custodians together can unseal.' });
  });
});

describe('rotation refusals', () => {
  it('name the form’s fields, not the API’s', () => {
    expect(humanRotateMessage('max_operations must be in the range [1000000,3865470566]'))
      .toBe('Maximum encryptions per term must be a whole number between 1,000,000 and 3,865,470,566.');
    expect(humanRotateMessage('interval must be greater or equal to 24h0m0s')).toBe('Rotation interval must be 0 (off) or at least 24h (e.g. 720h for 30 days).');
    expect(humanRotateMessage('time: invalid duration "soon"')).toBe('Rotation interval must be 0 (off) or a duration such as 24h or 720h.');
    expect(humanRotateMessage('permission denied')).toBe('permission denied');
  });
});

const H = (n: number): string => n.toString(16).padStart(64, '0');
const LOG = {
  data: {
    entries: [
      { seq: 1, time: '2026-01-01T10:00:00.000Z', hash: H(1), type: 'ceremony', ceremony: 'init', step: 'initialized', generation: 1, threshold: 2, shares: 3,
        custodians: [{ index: 1, custodian: 'Ann', fingerprint: 'ab'.repeat(20) }, { index: 2, custodian: 'Bob', fingerprint: null }, { index: 3, custodian: 'Cy', fingerprint: null }] },
      { seq: 2, time: '2026-01-01T10:01:00.000Z', hash: H(2), type: 'request', operation: 'update', path: 'sys/unseal', status: 200, response: { status: 200, body: { custodian: '[omitted: keyring sealed]' } } },
      { seq: 3, time: '2026-01-01T10:01:00.000Z', hash: H(3), type: 'ceremony', ceremony: 'unseal', step: 'share-accepted', nonce: 'n1', share_index: 1, custodian: 'Ann', progress: 1, threshold: 2 },
      { seq: 4, time: '2026-01-01T10:02:00.000Z', hash: H(4), type: 'ceremony', ceremony: 'unseal', step: 'share-accepted', nonce: 'n1', share_index: 3, custodian: 'Cy', progress: 2, threshold: 2 },
      { seq: 5, time: '2026-01-01T10:02:00.000Z', hash: H(5), type: 'ceremony', ceremony: 'unseal', step: 'unsealed', nonce: 'n1', shares_given: [1, 3] },
      { seq: 6, time: '2026-01-01T10:03:00.000Z', hash: H(6), type: 'request', operation: 'read', path: 'sys/key-status', status: 200 },
      { seq: 7, time: '2026-01-01T10:04:00.000Z', hash: H(7), type: 'rotation', reason: 'manual', term: 2, previous_term: 1 },
      { seq: 8, time: '2026-01-01T10:05:00.000Z', hash: H(8), type: 'rewrap', step: 'finished', rewrapped: 4 },
    ],
  },
};

describe('ceremonies of a transcript', () => {
  const entries = readAuditLog(LOG);

  it('groups entries into ceremonies with custodians, steps and the entry each ended at', () => {
    const [init, unseal, rotate, ...rest] = ceremoniesOf(entries);
    expect(rest).toEqual([]);
    expect(init).toMatchObject({ title: 'Initialize', changes: ['Generation 1', 'Threshold 2 of 3'], head: { seq: 1, hash: H(1) } });
    expect(init?.custodians.map((c) => c.name)).toEqual(['Ann', 'Bob', 'Cy']);
    expect(unseal?.title).toBe('Unseal');
    expect(unseal?.steps.map((s) => s.text)).toEqual(['Share 1 accepted from Ann (1 of 2)', 'Share 3 accepted from Cy (2 of 2)', 'Unsealed']);
    // The fingerprint comes from the share set the custodian belongs to.
    expect(unseal?.custodians).toEqual([{ index: 1, name: 'Ann', fingerprint: 'ab'.repeat(20) }, { index: 3, name: 'Cy', fingerprint: '' }]);
    expect(unseal?.head).toEqual({ seq: 5, hash: H(5) });
    expect(rotate).toMatchObject({ title: 'Rotate', changes: ['Key term 1 → 2 (manual)'], head: { seq: 8, hash: H(8) } });
    expect(rotate?.steps.map((s) => s.text)).toEqual(['Rotated to term 2', 'Rewrap finished: 4 records']);
  });

  it('finds the ceremony a Done screen just finished: the latest of its kind', () => {
    const more = readAuditLog({ data: { entries: [...LOG.data.entries,
      { seq: 9, time: '2026-01-01T11:00:00.000Z', hash: H(9), type: 'ceremony', ceremony: 'unseal', step: 'share-accepted', nonce: 'n2', share_index: 2, custodian: 'Bob', progress: 1, threshold: 2 },
      { seq: 10, time: '2026-01-01T11:00:00.000Z', hash: H(10), type: 'ceremony', ceremony: 'unseal', step: 'unsealed', nonce: 'n2' },
    ] } });
    const all = ceremoniesOf(more);
    expect(all.map((c) => c.kind)).toEqual(['init', 'unseal', 'rotate', 'unseal']);
    expect(latestCeremony(all, 'unseal')?.head).toEqual({ seq: 10, hash: H(10) });
    expect(latestCeremony(all, 'rotate')?.head.seq).toBe(8);
    expect(latestCeremony(all, 'rekey')).toBeNull();
  });

  it('names each proof of a verified init, and what was issued', () => {
    const [init] = ceremoniesOf(readAuditLog({ data: { entries: [
      { seq: 1, time: '2026-01-01T10:00:00.000Z', hash: H(1), type: 'ceremony', ceremony: 'init', step: 'pending-verification', nonce: 'i1', generation: 1, threshold: 2, shares: 2,
        custodians: [{ index: 1, custodian: 'Ann', fingerprint: null }, { index: 2, custodian: 'Bob', fingerprint: null }] },
      { seq: 2, time: '2026-01-01T10:01:00.000Z', hash: H(2), type: 'ceremony', ceremony: 'init', step: 'verify-share-accepted', nonce: 'i1', share_index: 2, custodian: 'Bob', progress: 1, required: 2 },
    ] } }));
    expect(init?.steps.map((s) => s.text)).toEqual(['Shares issued: 2 of 2, each to be proven before the keyring exists', 'Share 2 proven by Bob (1 of 2)']);
  });

  it('tells the UI’s own status reads apart, keeps the chain head, and never shows an omitted value', () => {
    expect(entries.filter(isPolling).map((e) => e.seq)).toEqual([6]);
    expect(chainHead(entries)).toEqual({ seq: 8, hash: H(8) });
    expect(entries.map((e) => e.detail).join(' ')).not.toContain('omitted');
    expect(printedHash('ab'.repeat(32))).toBe(`${'ABAB '.repeat(15)}ABAB`);
  });
});
