/**
 * Read-back of a printed handout (renderer/features/handout/read-back.ts) and the exported file
 * names (handout-filename.ts): what the operator sees when the paper does or does not match.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeShareText } from '../../../shared/share-text.js';
import { compareReadBack } from '../../../renderer/features/handout/read-back.js';
import { safeNamePart, shareFileName } from '../../../renderer/features/handout/handout-filename.js';

const tag = new Uint8Array(randomBytes(3));
const shareOf = (index: number) => encodeShareText({ keyringTag: tag, generation: 2, index, share: new Uint8Array(randomBytes(33)), rawKey: false });
const issuedText = shareOf(3);
const issued = { text: issuedText, armored: '', index: 3 };

/** Replaces group `group` (1-based) with a different valid group, as a misprint would. */
function withGroupFrom(text: string, other: string, group: number): string {
  const mine = text.split('-');
  mine[group - 1] = other.split('-')[group - 1] ?? '';
  return mine.join('-');
}

describe('read-back check', () => {
  it('accepts the printout in any case, with spaces or line breaks instead of dashes', () => {
    const typed = issuedText.toLowerCase().replaceAll('-', ' ').replace(/(.{24})/, '$1\n');
    expect(compareReadBack(typed, issued)).toMatchObject({ match: true });
  });

  it("names another custodian's handout", () => {
    expect(compareReadBack(shareOf(4), issued)).toMatchObject({ match: false, message: expect.stringContaining('This is share 4, not share 3') });
  });

  it('locates a group that differs from the issued share', () => {
    const result = compareReadBack(withGroupFrom(issuedText, shareOf(3), 9), issued);
    expect(result).toMatchObject({ match: false, groups: [9], message: expect.stringContaining('group 9') });
  });

  it('reports a typo by group before comparing, and never echoes share characters', () => {
    const groups = issuedText.split('-');
    const g = groups[6] ?? '';
    groups[6] = (g[0] === '7' ? '8' : '7') + g.slice(1);
    const result = compareReadBack(groups.join('-'), issued);
    expect(result).toMatchObject({ match: false, groups: [7] });
    for (const group of issuedText.split('-')) expect(result.message).not.toContain(group);
  });

  it('compares a PGP message regardless of line endings', () => {
    const armored = '-----BEGIN PGP MESSAGE-----\n\nwV4DAAAA\n=abcd\n-----END PGP MESSAGE-----\n';
    expect(compareReadBack(armored.replaceAll('\n', '\r\n'), { text: '', armored, index: 1 })).toMatchObject({ match: true });
    expect(compareReadBack(armored.replace('AAAA', 'AAAB'), { text: '', armored, index: 1 })).toMatchObject({ match: false });
  });

  it('asks for input when nothing was read back', () => {
    expect(compareReadBack('  ', issued)).toMatchObject({ match: false, groups: [] });
    expect(() => compareReadBack(undefined as unknown as string, issued)).toThrow(TypeError);
  });
});

describe('exported share file names', () => {
  it('are <custodian>-<keyring id first 8>-gen<generation>.asc', () => {
    expect(shareFileName('Chloé', '3444dd86-1b67-41b8-8a3d-1604879cb871', 4, 'asc')).toBe('Chloe-3444dd86-gen4.asc');
  });

  it('start with the keyring name when the keyring has one', () => {
    expect(shareFileName('Chloé', '3444dd86-1b67-41b8-8a3d-1604879cb871', 4, 'asc', 'Payments root CA 2026')).toBe('Payments_root_CA_2026-Chloe-3444dd86-gen4.asc');
    expect(shareFileName('Ann', '3444dd86-1b67', 1, 'txt', '  ')).toBe('Ann-3444dd86-gen1.txt');
  });

  it('cannot name a path, a hidden file or nothing at all', () => {
    expect(safeNamePart('../../etc/passwd')).toBe('etc_passwd');
    expect(safeNamePart('.bashrc')).toBe('bashrc');
    expect(safeNamePart('C:\\Users\\x')).toBe('C_Users_x');
    expect(safeNamePart('   ')).toBe('custodian');
    expect(safeNamePart('尚')).toBe('custodian');
    expect(safeNamePart('a'.repeat(300))).toHaveLength(48);
    expect(() => shareFileName('Ann', 'id', -1, 'asc')).toThrow(RangeError);
  });
});
