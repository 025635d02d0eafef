/** Crockford base32 and the mod-37 check symbol: the arithmetic the share text relies on. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CHECK_ALPHABET, CHECK_MODULUS, CROCKFORD_ALPHABET, checkSymbol, decodeBase32, encodeBase32, normalizeSymbol, symbolValue,
} from '../../../shared/crockford.js';

describe('alphabets', () => {
  it('has 32 distinct data symbols without I, L, O or U, and Crockford\'s five check-only symbols', () => {
    expect(new Set(CROCKFORD_ALPHABET).size).toBe(32);
    expect(CROCKFORD_ALPHABET).not.toMatch(/[ILOU]/);
    expect(CHECK_ALPHABET.slice(32)).toBe('*~$=U');
    expect(CHECK_MODULUS).toBe(37);
  });

  it('reads any case, I and L as 1, O as 0, and nothing else', () => {
    expect(['i', 'I', 'l', 'L'].map(symbolValue)).toEqual([1, 1, 1, 1]);
    expect(['o', 'O', 'u', 'z'].map(symbolValue)).toEqual([0, 0, 36, 31]);
    expect(['#', '+', '/', '_', 'é', ''].map(symbolValue)).toEqual([-1, -1, -1, -1, -1, -1]);
    expect(['l', 'o', 'x', '#'].map(normalizeSymbol).join('')).toBe('10X#');
  });
});

describe('mod-37 check (the lemmas behind "every typo is caught inside its group")', () => {
  it('changes under every single-symbol substitution: d·32^k is never a multiple of 37', () => {
    for (let k = 0; k < 4; k++) {
      for (let d = 1; d < 32; d++) expect((d * 32 ** k) % CHECK_MODULUS).not.toBe(0);
    }
  });

  it('changes under every adjacent transposition: (a−b)·31·32^k is never a multiple of 37', () => {
    for (let k = 0; k < 3; k++) {
      for (let d = 1; d < 32; d++) expect((d * 31 * 32 ** k) % CHECK_MODULUS).not.toBe(0);
    }
  });

  it('catches swapping the last data symbol with the check symbol, for every group value', () => {
    let missed = 0;
    for (let rest = 0; rest < 32 ** 3; rest++) {
      for (let last = 0; last < 32; last++) {
        const check = (rest * 32 + last) % CHECK_MODULUS;
        if (check === last || check > 31) continue; // no change, or not a data symbol: caught anyway
        if ((rest * 32 + check) % CHECK_MODULUS === last) missed++;
      }
    }
    expect(missed).toBe(0);
  });

  it('rejects negative and fractional values', () => {
    expect(() => checkSymbol(-1)).toThrow(RangeError);
    expect(() => checkSymbol(1.5)).toThrow(RangeError);
    expect(checkSymbol(36)).toBe('U');
  });
});

describe('base32 bytes', () => {
  it('round-trips any whole number of 5-byte blocks, MSB first', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 12 }).chain((n) => fc.uint8Array({ minLength: 5 * n, maxLength: 5 * n })), (bytes) => {
      const text = encodeBase32(bytes);
      expect(text).toHaveLength((bytes.length * 8) / 5);
      expect(decodeBase32(Array.from(text, symbolValue))).toEqual(bytes);
    }));
    expect(encodeBase32(Uint8Array.of(0x08, 0x42, 0x10, 0x84, 0x21))).toBe('11111111');
  });

  it('refuses lengths that would need padding, and out-of-range symbol values', () => {
    expect(() => encodeBase32(new Uint8Array(4))).toThrow(RangeError);
    expect(() => encodeBase32([1, 2, 3, 4, 5] as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => decodeBase32([1, 2, 3])).toThrow(RangeError);
    expect(() => decodeBase32([0, 0, 0, 0, 0, 0, 0, 32])).toThrow(RangeError);
  });
});
