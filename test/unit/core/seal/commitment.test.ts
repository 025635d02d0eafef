/**
 * Share commitments: SHA-256(domain ‖ salt ‖ keyring id ‖ generation u16 BE ‖ index u8 ‖ share).
 * The layout is pinned here because commitments are stored in keyring files: changing it would
 * make every existing share look foreign.
 */
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { commitShare, matchesCommitment } from '../../../../electron/core/seal/commitment.js';

const input = { keyringId: '639f2405-c3c4-4845-a186-58f0d773282c', generation: 3, index: 2, share: Uint8Array.from(randomBytes(33)) };

describe('share commitments', () => {
  it('matches the share it was made from', () => {
    const { salt, commitment } = commitShare(input);
    expect(Buffer.from(salt, 'base64').length).toBe(16);
    expect(Buffer.from(commitment, 'base64').length).toBe(32);
    expect(matchesCommitment(input, salt, commitment)).toBe(true);
  });

  it('does not match another share, index, generation or keyring', () => {
    const { salt, commitment } = commitShare(input);
    const flipped = Uint8Array.from(input.share);
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(matchesCommitment({ ...input, share: flipped }, salt, commitment)).toBe(false);
    expect(matchesCommitment({ ...input, index: 3 }, salt, commitment)).toBe(false);
    expect(matchesCommitment({ ...input, generation: 4 }, salt, commitment)).toBe(false);
    expect(matchesCommitment({ ...input, keyringId: '00000000-c3c4-4845-a186-58f0d773282c' }, salt, commitment)).toBe(false);
    expect(matchesCommitment({ ...input, share: input.share.subarray(0, 32) }, salt, commitment)).toBe(false);
  });

  it('salts every commitment: the same share committed twice gives different values', () => {
    const a = commitShare(input);
    const b = commitShare(input);
    expect(a.salt).not.toBe(b.salt);
    expect(a.commitment).not.toBe(b.commitment);
  });

  it('follows the stored layout: domain, salt, keyring id, generation u16 BE, index u8, share', () => {
    const salt = Buffer.alloc(16, 7);
    const expected = createHash('sha256')
      .update('symbolon/share-commitment/v1')
      .update(salt)
      .update(input.keyringId)
      .update(Buffer.of(0, 3, 2))
      .update(input.share)
      .digest('base64');
    expect(matchesCommitment(input, salt.toString('base64'), expected)).toBe(true);
  });

  it('rejects a malformed stored commitment without throwing', () => {
    const { salt } = commitShare(input);
    expect(matchesCommitment(input, salt, '')).toBe(false);
    expect(matchesCommitment(input, salt, 'AAAA')).toBe(false);
  });
});
