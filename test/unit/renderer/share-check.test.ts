/**
 * As-you-type share checking with the real shared codec: a correct share text checks out, a
 * single mistyped character is located to its group before anything is sent, and nothing in
 * the feedback repeats the share's characters.
 */
import { describe, expect, it } from 'vitest';
import { checkShareInput, submitBlocker } from '../../../renderer/lib/share-check.js';
import { encodeShareText } from '../../../shared/share-text.js';

const share = Uint8Array.from({ length: 33 }, (_, i) => (i * 37 + 11) & 0xff);
const TEXT = encodeShareText({ keyringTag: Uint8Array.from([1, 2, 3]), generation: 2, index: 4, share, rawKey: false });

/** Replaces one data character of group `group` (1-based) with a different symbol. */
function mistype(text: string, group: number): string {
  const at = (group - 1) * 6 + 1;
  const c = text[at] === '7' ? '8' : '7';
  return text.slice(0, at) + c + text.slice(at + 1);
}

describe('checkShareInput', () => {
  it('accepts a correct share text and names its index and generation', () => {
    const c = checkShareInput(TEXT);
    expect(c.ok).toBe(true);
    expect(c.form).toBe('text');
    expect(c.message).toBe('All 16 groups check out: share 4, generation 2.');
    expect(c.groups.every((g) => g.status === 'ok')).toBe(true);
    expect(submitBlocker(TEXT)).toBe('');
  });

  it('locates a single typo to its group and refuses to send it', () => {
    const bad = mistype(TEXT, 7);
    const c = checkShareInput(bad);
    expect(c.ok).toBe(false);
    expect(c.message).toBe('Group 7 has a typo: check it against the handout.');
    expect(c.groups.filter((g) => g.status === 'typo').map((g) => g.number)).toEqual([7]);
    expect(submitBlocker(bad)).toMatch(/^Not sent: .*group 7/);
    for (const group of TEXT.split('-')) expect(c.message).not.toContain(group);
  });

  it('counts groups while the custodian is still typing', () => {
    const partial = TEXT.split('-').slice(0, 5).join('-') + '-AB';
    const c = checkShareInput(partial);
    expect(c.message).toBe('5 of 16 groups typed.');
    expect(c.groups[5]?.status).toBe('incomplete');
    expect(c.groups[6]?.status).toBe('missing');
    // It happens to be valid URL-safe base64 of 24 bytes: still not sent as a share.
    expect(submitBlocker(partial)).toBe('Not sent: 5 of 16 groups typed.');
  });

  it('leaves Vault hex and base64 to the server', () => {
    const hex = Buffer.from(share).toString('hex');
    expect(checkShareInput(hex)).toMatchObject({ ok: true, form: 'hex', groups: [] });
    expect(checkShareInput(Buffer.from(share).toString('base64'))).toMatchObject({ ok: true, form: 'base64' });
    expect(checkShareInput('')).toMatchObject({ ok: false, form: 'empty', message: '' });
  });
});
