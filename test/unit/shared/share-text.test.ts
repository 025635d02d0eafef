/** The human share text: round trips, typo location, forgiving reading, and input checks. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CHECK_ALPHABET } from '../../../shared/crockford.js';
import {
  SHARE_TEXT_GROUPS, analyzeShareText, decodeShareText, encodeShareText, formatShareTextLines, type ShareTextPayload,
} from '../../../shared/share-text.js';
import { payloadArb, replaceAt, textFromPayloadBytes } from './share-arbitraries.js';

/** Index in the canonical dashed text of group g (0-based), position p (0..4). */
const at = (g: number, p: number): number => g * 6 + p;
const sample: ShareTextPayload = {
  keyringTag: Uint8Array.of(1, 2, 3), generation: 4, index: 3, share: new Uint8Array(33).fill(0xab), rawKey: false,
};

describe('encode and decode', () => {
  it('round-trips every payload through the canonical form: 16 groups of 4 symbols + 1 check', () => {
    fc.assert(fc.property(payloadArb, (payload) => {
      const text = encodeShareText(payload);
      expect(text).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}[0-9A-HJKMNP-TV-Z*~$=U]-){15}[0-9A-HJKMNP-TV-Z]{4}[0-9A-HJKMNP-TV-Z*~$=U]$/);
      expect(decodeShareText(text)).toEqual({ ok: true, payload });
      expect(analyzeShareText(text)).toEqual({ complete: true, groups: text.split('-').map((t) => ({ text: t, status: 'ok' })) });
    }));
  });

  it('reads the Crockford way: any case, I/L as 1, O as 0, spaces, tabs and newlines', () => {
    fc.assert(fc.property(payloadArb, (payload) => {
      const text = encodeShareText(payload);
      const sloppy = formatShareTextLines(text).map((line) => line.replaceAll('-', ' ')).join('\n\t')
        .toLowerCase().replaceAll('1', 'l').replaceAll('0', 'O');
      expect(decodeShareText(` ${sloppy} `)).toEqual({ ok: true, payload });
      expect(decodeShareText(text.replaceAll('-', ''))).toEqual({ ok: true, payload });
    }));
  });

  it('locates every single-symbol substitution to its group', () => {
    fc.assert(fc.property(payloadArb, (payload) => {
      const text = encodeShareText(payload);
      for (let g = 0; g < SHARE_TEXT_GROUPS; g++) {
        for (let p = 0; p < 5; p++) {
          for (const symbol of CHECK_ALPHABET) {
            if (symbol === text[at(g, p)]) continue;
            const result = decodeShareText(replaceAt(text, at(g, p), symbol));
            expect(result).toMatchObject({ ok: false, problem: 'typo', groups: [g + 1] });
          }
        }
      }
    }), { numRuns: 3 });
  });

  it('catches every adjacent transposition inside a group, check symbol included', () => {
    fc.assert(fc.property(payloadArb, (payload) => {
      const text = encodeShareText(payload);
      for (let g = 0; g < SHARE_TEXT_GROUPS; g++) {
        for (let p = 0; p < 4; p++) {
          const [a, b] = [text.charAt(at(g, p)), text.charAt(at(g, p + 1))];
          if (a === b) continue;
          const swapped = replaceAt(replaceAt(text, at(g, p), b), at(g, p + 1), a);
          expect(decodeShareText(swapped)).toMatchObject({ ok: false, problem: 'typo', groups: [g + 1] });
        }
      }
    }), { numRuns: 20 });
  });
});

describe('what a custodian is told', () => {
  const text = encodeShareText(sample);
  const typoIn7 = replaceAt(text, at(6, 2), text[at(6, 2)] === 'X' ? 'Y' : 'X');

  it('names the group with a typo', () => {
    expect(decodeShareText(typoIn7)).toEqual({ ok: false, problem: 'typo', groups: [7], message: 'this text has a typo in group 7' });
    const two = replaceAt(typoIn7, at(2, 0), text[at(2, 0)] === 'X' ? 'Y' : 'X');
    expect(decodeShareText(two)).toEqual({ ok: false, problem: 'typo', groups: [3, 7], message: 'this text has typos in groups 3 and 7' });
  });

  it('names characters that are not share characters, and where they are', () => {
    const bad = replaceAt(replaceAt(text, at(2, 1), '#'), at(9, 4), '+');
    expect(decodeShareText(bad)).toEqual({
      ok: false, problem: 'invalid-character', groups: [3, 10], message: "'#' in group 3 and '+' in group 10 are not share characters",
    });
    expect(decodeShareText(replaceAt(text, at(2, 1), '#'))).toMatchObject({ message: "'#' in group 3 is not a share character" });
  });

  it('counts the groups when some are missing or extra', () => {
    const groups = text.split('-');
    expect(decodeShareText(groups.slice(0, 15).join('-'))).toEqual({ ok: false, problem: 'length', message: 'a share text has 16 groups; this has 15' });
    expect(decodeShareText([...groups, groups[0]].join('-'))).toMatchObject({ problem: 'length', message: 'a share text has 16 groups; this has 17' });
    expect(decodeShareText('')).toMatchObject({ problem: 'length', message: 'a share text has 16 groups; this has 0' });
    const dropped = text.slice(0, at(4, 2)) + text.slice(at(4, 2) + 1);
    expect(decodeShareText(dropped)).toMatchObject({
      problem: 'length', message: 'a share text has 16 groups; this has 79 characters, not 80 (group 5 has 4 characters)',
    });
  });

  it('refuses payloads whose checks pass but whose contents are not a version-1 share', () => {
    const payload = (format: number, index: number, last: number): Uint8Array => {
      const bytes = new Uint8Array(40).fill(0x5a);
      bytes[0] = format; bytes[6] = index; bytes[39] = last;
      return bytes;
    };
    const decode = (bytes: Uint8Array) => decodeShareText(textFromPayloadBytes(bytes));
    expect(decode(payload(0x10, 1, 7))).toMatchObject({ ok: true });
    expect(decode(payload(0x12, 1, 0))).toMatchObject({ ok: false, problem: 'format', message: expect.stringContaining('0x12') });
    expect(decode(payload(0x10, 0, 0))).toMatchObject({ ok: false, problem: 'format', message: expect.stringContaining('custodian 0') });
    expect(decode(payload(0x11, 1, 1))).toMatchObject({ ok: false, problem: 'format', message: expect.stringContaining('pad byte') });
    expect(decode(payload(0x11, 1, 0))).toMatchObject({ ok: true, payload: { rawKey: true, share: new Uint8Array(32).fill(0x5a) } });
  });
});

describe('as-you-type analysis', () => {
  const text = encodeShareText(sample);

  it('marks each group ok, typo, incomplete or invalid-character, and never throws', () => {
    const typed = `${replaceAt(text, at(1, 0), text[at(1, 0)] === 'X' ? 'Y' : 'X').slice(0, at(3, 0))}ABCD#-12`;
    expect(analyzeShareText(typed).groups.map((g) => g.status)).toEqual(['ok', 'typo', 'ok', 'invalid-character', 'incomplete']);
    expect(analyzeShareText(typed).complete).toBe(false);
    expect(analyzeShareText('abcil').groups).toEqual([{ text: 'ABC11', status: expect.any(String) }]);
    expect(analyzeShareText(undefined as unknown as string)).toEqual({ groups: [], complete: false });
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => { analyzeShareText(s); }));
  });
});

describe('handout lines', () => {
  it('prints four groups a line by default, canonical from any accepted spelling', () => {
    const text = encodeShareText(sample);
    const lines = formatShareTextLines(text.toLowerCase().replaceAll('-', ' '));
    expect(lines).toHaveLength(4);
    expect(lines.join('-')).toBe(text);
    expect(formatShareTextLines(text, 16)).toEqual([text]);
    expect(() => formatShareTextLines(text, 0)).toThrow(RangeError);
    expect(() => formatShareTextLines(42 as unknown as string)).toThrow(TypeError);
  });
});

describe('input checks', () => {
  const bad = (change: Partial<Record<keyof ShareTextPayload, unknown>>) => () => encodeShareText({ ...sample, ...change } as ShareTextPayload);

  it('throws TypeError for wrong types and RangeError for wrong sizes', () => {
    expect(() => encodeShareText(null as unknown as ShareTextPayload)).toThrow(TypeError);
    expect(bad({ keyringTag: [1, 2, 3] })).toThrow(TypeError);
    expect(bad({ keyringTag: new Uint8Array(16) })).toThrow(/keyringTag must be 3 bytes, got 16/);
    expect(bad({ generation: '4' })).toThrow(TypeError);
    expect(bad({ generation: 65536 })).toThrow(RangeError);
    expect(bad({ generation: 1.5 })).toThrow(RangeError);
    expect(bad({ index: 0 })).toThrow(RangeError);
    expect(bad({ index: 256 })).toThrow(RangeError);
    expect(bad({ share: new Uint8Array(32) })).toThrow(/share must be 33 bytes, got 32/);
    expect(bad({ rawKey: true })).toThrow(/32 bytes for a raw key, got 33/);
    expect(bad({ rawKey: 'yes' })).toThrow(TypeError);
    expect(() => decodeShareText(7 as unknown as string)).toThrow(TypeError);
  });
});
