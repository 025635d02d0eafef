/**
 * Pins the share-text format to test/vectors/share-text.json (generated once by this codebase):
 * printed handouts must read forever, so any change to the layout or alphabet fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeBase32, symbolValue } from '../../../shared/crockford.js';
import { decodeShareText, encodeShareText } from '../../../shared/share-text.js';
import { fromHex, toHex } from '../../../shared/share-forms.js';

interface Vector {
  name: string; payloadHex: string; keyringTagHex: string; generation: number; index: number; rawKey: boolean; shareHex: string; text: string;
}
const file = new URL('../../vectors/share-text.json', import.meta.url);
const { vectors } = JSON.parse(readFileSync(file, 'utf8')) as { vectors: Vector[] };
const bytes = (hex: string): Uint8Array => fromHex(hex) ?? new Uint8Array(0);

describe('share-text vectors', () => {
  it('has the three pinned vectors', () => expect(vectors).toHaveLength(3));

  it.each(vectors)('$name: encodes to the pinned text and decodes back', (v) => {
    const payload = { keyringTag: bytes(v.keyringTagHex), generation: v.generation, index: v.index, share: bytes(v.shareHex), rawKey: v.rawKey };
    expect(encodeShareText(payload)).toBe(v.text);
    expect(decodeShareText(v.text)).toEqual({ ok: true, payload });
  });

  it.each(vectors)('$name: the text carries the pinned payload bytes in the documented layout', (v) => {
    // Layout written out independently of the codec: format, tag, generation u16 BE, index, share (+ pad).
    const expected = new Uint8Array(40);
    expected[0] = v.rawKey ? 0x11 : 0x10;
    expected.set(bytes(v.keyringTagHex), 1);
    expected[4] = v.generation >> 8;
    expected[5] = v.generation & 0xff;
    expected[6] = v.index;
    expected.set(bytes(v.shareHex), 7);
    expect(toHex(expected)).toBe(v.payloadHex);
    const dataSymbols = v.text.split('-').flatMap((group) => Array.from(group.slice(0, 4), symbolValue));
    expect(toHex(decodeBase32(dataSymbols))).toBe(v.payloadHex);
  });
});
