/** Parsing every accepted share form: Vault hex and base64, and Symbolon share text. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bytesEqual, fromBase64, fromHex, parseShare, toBase64, toHex } from '../../../shared/share-forms.js';
import { encodeShareText } from '../../../shared/share-text.js';
import { payloadArb, replaceAt } from './share-arbitraries.js';

const share33 = fc.uint8Array({ minLength: 33, maxLength: 33 });

describe('hex and base64', () => {
  it('round-trip any bytes and agree with Node\'s encoders', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 70 }), (b) => {
      expect(toHex(b)).toBe(Buffer.from(b).toString('hex'));
      expect(toBase64(b)).toBe(Buffer.from(b).toString('base64'));
      expect(fromHex(toHex(b))).toEqual(b);
      expect(fromHex(toHex(b).toUpperCase())).toEqual(b);
      expect(fromBase64(toBase64(b))).toEqual(b);
      expect(fromBase64(Buffer.from(b).toString('base64url'))).toEqual(b);
      expect(fromBase64(toBase64(b).replace(/=+$/, ''))).toEqual(b);
    }));
  });

  it('refuse anything that does not decode cleanly', () => {
    expect([fromHex('abc'), fromHex('zz'), fromHex('ab cd')]).toEqual([null, null, null]);
    expect(fromBase64('ab+_')).toBeNull(); // standard and URL-safe mixed
    expect(fromBase64('abcde')).toBeNull(); // impossible length
    expect(fromBase64('ab=')).toBeNull(); // padding without a whole quantum
    expect(fromBase64('ab==cd==')).toBeNull();
    expect(fromBase64('ab#d')).toBeNull();
    expect(fromBase64('QR==')).toBeNull(); // non-zero unused bits: not what any encoder writes
    expect(fromBase64('QQ==')).toEqual(Uint8Array.of(0x41));
  });

  it('compare bytes by value', () => {
    expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
    expect(bytesEqual(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(bytesEqual(Uint8Array.of(1), Uint8Array.of(1, 0))).toBe(false);
    expect(() => bytesEqual([1] as unknown as Uint8Array, Uint8Array.of(1))).toThrow(TypeError);
  });
});

describe('parseShare', () => {
  it('reads Vault\'s hex and base64 shares', () => {
    fc.assert(fc.property(share33, (b) => {
      expect(parseShare(` ${toHex(b)}\n`)).toEqual({ ok: true, form: 'hex', bytes: b });
      expect(parseShare(toBase64(b))).toEqual({ ok: true, form: 'base64', bytes: b });
    }));
  });

  it('reads share text and hands back the share bytes Vault would have received', () => {
    fc.assert(fc.property(payloadArb, (p) => {
      const expected = { ok: true, form: 'text', bytes: p.share, keyringTag: p.keyringTag, generation: p.generation, index: p.index, rawKey: p.rawKey };
      const text = encodeShareText(p);
      expect(parseShare(text)).toEqual(expected);
      expect(parseShare(text.replaceAll('-', ''))).toEqual(expected);
      expect(parseShare(text.toLowerCase().replaceAll('-', ' '))).toEqual(expected);
    }));
  });

  it('prefers hex when a string is both hex and base64, as Vault does', () => {
    expect(parseShare('deadbeef')).toEqual({ ok: true, form: 'hex', bytes: Uint8Array.of(0xde, 0xad, 0xbe, 0xef) });
  });

  it('reads share text that is also valid base64 as share text, unless written bare in mixed case', () => {
    const candidates = fc.sample(payloadArb, { numRuns: 300, seed: 20261121 }).map(encodeShareText);
    const bare = candidates.map((t) => t.replaceAll('-', '')).find((t) => fromBase64(t) !== null);
    const dashed = candidates.find((t) => fromBase64(t) !== null); // '-' is URL-safe base64
    if (bare === undefined || dashed === undefined) throw new Error('no ambiguous sample: widen the sample');
    expect(parseShare(bare)).toMatchObject({ ok: true, form: 'text' });
    expect(parseShare(bare.toLowerCase())).toMatchObject({ ok: true, form: 'text' });
    expect(parseShare(dashed)).toMatchObject({ ok: true, form: 'text' });
    // Documented rule: bare and mixed-case is not the share-text shape, so base64 (as Vault) wins.
    const mixed = bare.slice(0, 40) + bare.slice(40).toLowerCase();
    expect(parseShare(mixed)).toMatchObject({ ok: true, form: 'base64', bytes: fromBase64(mixed) });
  });

  it('passes share-text problems through, with the groups', () => {
    const text = encodeShareText({ keyringTag: Uint8Array.of(9, 9, 9), generation: 2, index: 5, share: new Uint8Array(33).fill(7), rawKey: false });
    const typo = replaceAt(text, 6 * 6 + 1, text[37] === 'X' ? 'Y' : 'X');
    expect(parseShare(typo)).toEqual({ ok: false, problem: 'typo', groups: [7], message: 'this text has a typo in group 7' });
    expect(parseShare(text.split('-').slice(0, 15).join('-'))).toMatchObject({ ok: false, problem: 'length', message: 'a share text has 16 groups; this has 15' });
    expect(parseShare(replaceAt(text, 13, '#'))).toMatchObject({ ok: false, problem: 'invalid-character', groups: [3] });
    const firstFour = text.split('-').slice(0, 4).join('-');
    expect(fromBase64(firstFour)).toBeNull(); // so only the weak share-text shape can claim it
    expect(parseShare(firstFour)).toMatchObject({ ok: false, problem: 'length', message: 'a share text has 16 groups; this has 4' });
  });

  it('says what was wrong with empty and undecodable input', () => {
    expect(parseShare('  \n ')).toMatchObject({ ok: false, problem: 'empty' });
    const undecodable = { ok: false, problem: 'undecodable', message: "'key' must be a valid hex or base64 string" };
    for (const s of ['not a share!', 'abcde', 'zz#', 'a1b2c3-', 'ab+cd=ef']) expect(parseShare(s)).toEqual(undecodable);
    expect(() => parseShare(undefined as unknown as string)).toThrow(TypeError);
  });
});
