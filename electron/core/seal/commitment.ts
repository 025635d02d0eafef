/**
 * Per-share commitments: SHA-256 over a domain tag, a random 16-byte salt, the keyring id, the
 * generation, the index and the share. Stored in the plaintext seal record so a share can be
 * judged the moment it is entered, before threshold. They reveal nothing useful: a share carries
 * 256 bits of entropy, so the hash cannot be searched, and the salt keeps equal shares in
 * different keyrings from having equal commitments.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const DOMAIN = 'symbolon/share-commitment/v1';

export interface CommitmentInput {
  readonly keyringId: string;
  readonly generation: number;
  readonly index: number;
  readonly share: Uint8Array;
}

function digest(salt: Buffer, input: CommitmentInput): Buffer {
  const header = Buffer.alloc(3);
  header.writeUInt16BE(input.generation, 0);
  header.writeUInt8(input.index, 2);
  return createHash('sha256').update(DOMAIN).update(salt).update(input.keyringId).update(header).update(input.share).digest();
}

export function commitShare(input: CommitmentInput): { salt: string; commitment: string } {
  const salt = randomBytes(16);
  return { salt: salt.toString('base64'), commitment: digest(salt, input).toString('base64') };
}

export function matchesCommitment(input: CommitmentInput, salt: string, commitment: string): boolean {
  const expected = Buffer.from(commitment, 'base64');
  const actual = digest(Buffer.from(salt, 'base64'), input);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
