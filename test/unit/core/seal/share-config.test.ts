/** Validation of a requested share configuration, in Vault's words (API.md, "sys/init"). */
import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../../electron/core/errors.js';
import { custodianNames, MAX_CUSTODIAN_NAME, shareConfig } from '../../../../electron/core/seal/share-config.js';

const P = 'invalid seal configuration: ';

function message(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    if (error instanceof CoreError) {
      expect(error.kind).toBe('invalid');
      return error.message;
    }
    throw error;
  }
  throw new Error('expected a CoreError');
}

describe('share configuration', () => {
  const cases: [string, unknown, unknown, string][] = [
    ['no shares', undefined, undefined, 'shares must be at least one'],
    ['zero shares', 0, 0, 'shares must be at least one'],
    ['negative shares', -3, 2, 'shares must be at least one'],
    ['zero threshold', 3, 0, 'threshold must be at least one'],
    ['1 of several', 3, 1, 'threshold must be greater than one for multiple shares'],
    ['256 shares', 256, 2, 'shares must be less than 256'],
    ['threshold 256', 3, 256, 'threshold must be less than 256'],
    ['threshold above shares', 3, 4, 'threshold cannot be larger than shares'],
    ['shares as a string', '3', 2, 'secret_shares must be an integer'],
    ['fractional shares', 2.5, 2, 'secret_shares must be an integer'],
    ['threshold as a boolean', 3, true, 'secret_threshold must be an integer'],
    ['huge shares', 1e308, 2, 'shares must be less than 256'],
    ['beyond 2^53', 2 ** 53 + 2, 2, 'shares must be less than 256'],
    ['infinite threshold', 3, Infinity, 'secret_threshold must be an integer'],
  ];
  for (const [name, shares, threshold, reason] of cases) {
    it(`rejects ${name}: "${reason}"`, () => {
      expect(message(() => shareConfig({ shares, threshold, custodians: undefined }, P))).toBe(P + reason);
    });
  }

  it('accepts 1 of 1, 2 of 2 and 255 of 255', () => {
    expect(shareConfig({ shares: 1, threshold: 1, custodians: undefined }, P)).toEqual({ shares: 1, threshold: 1, custodians: ['Custodian 1'] });
    expect(shareConfig({ shares: 2, threshold: 2, custodians: ['a', 'b'] }, P).custodians).toEqual(['a', 'b']);
    expect(shareConfig({ shares: 255, threshold: 255, custodians: undefined }, P).custodians).toHaveLength(255);
  });
});

describe('custodian names', () => {
  it('names missing custodians "Custodian <i>"', () => {
    expect(custodianNames(undefined, 3, P)).toEqual(['Custodian 1', 'Custodian 2', 'Custodian 3']);
    expect(custodianNames(null, 1, P)).toEqual(['Custodian 1']);
  });

  it('trims and NFC-normalizes names, and keeps unicode, emoji and right-to-left scripts', () => {
    const names = custodianNames(['  Ann ', 'Zoe\u0301', '👩‍🚀 Ada', 'עדה', 'عائشة'], 5, P);
    expect(names).toEqual(['Ann', 'Zoé', '👩‍🚀 Ada', 'עדה', 'عائشة']);
  });

  it('rejects names that are not one printable string of 1..64 characters per share', () => {
    expect(message(() => custodianNames('Ann', 1, P))).toBe(`${P}custodians must be an array of names`);
    expect(message(() => custodianNames(['a', 'b'], 3, P))).toBe(`${P}custodians must name each of the 3 shares (got 2 names)`);
    expect(message(() => custodianNames(['a', 7], 2, P))).toBe(`${P}custodian 2 must be a string`);
    const printable = `${P}custodian 1 needs a printable name of 1 to ${MAX_CUSTODIAN_NAME} characters`;
    for (const bad of ['', '   ', 'x'.repeat(MAX_CUSTODIAN_NAME + 1), 'Ann\nBob', 'bell\u0007', 'esc\u001b[31m', 'nul\u0000', 'del\u007f', 'lone\ud800', 'x\udc00y', 'Ann\u202eBob', 'iso\u2067late']) {
      expect(message(() => custodianNames([bad, 'ok'], 2, P))).toBe(printable);
    }
    expect(custodianNames(['x'.repeat(MAX_CUSTODIAN_NAME), 'ok'], 2, P)[0]).toHaveLength(MAX_CUSTODIAN_NAME);
  });

  it('rejects duplicate names, ignoring case and unicode normalization', () => {
    expect(message(() => custodianNames(['Ann', 'ann'], 2, P))).toBe(`${P}custodian names must be distinct: "ann" appears twice`);
    expect(message(() => custodianNames(['Zoé', 'Zoe\u0301'], 2, P))).toBe(`${P}custodian names must be distinct: "Zoé" appears twice`);
  });
});
