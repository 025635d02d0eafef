/** fast-check generators and helpers shared by the share-text and share-form tests. */
import fc from 'fast-check';
import { checkSymbol, encodeBase32 } from '../../../shared/crockford.js';
import type { ShareTextPayload } from '../../../shared/share-text.js';

/** Any valid payload: a 33-byte Shamir share or a 32-byte raw key. */
export const payloadArb: fc.Arbitrary<ShareTextPayload> = fc.boolean().chain((rawKey) =>
  fc.record({
    keyringTag: fc.uint8Array({ minLength: 3, maxLength: 3 }),
    generation: fc.integer({ min: 0, max: 65535 }),
    index: fc.integer({ min: 1, max: 255 }),
    share: fc.uint8Array({ minLength: rawKey ? 32 : 33, maxLength: rawKey ? 32 : 33 }),
    rawKey: fc.constant(rawKey),
  }),
);

/** Share text for any 40 bytes, with correct check symbols: to reach the payload checks. */
export function textFromPayloadBytes(bytes: Uint8Array): string {
  const symbols = encodeBase32(bytes);
  const groups: string[] = [];
  for (let at = 0; at < symbols.length; at += 4) {
    const data = symbols.slice(at, at + 4);
    const value = Array.from(data).reduce((v, s) => v * 32 + '0123456789ABCDEFGHJKMNPQRSTVWXYZ'.indexOf(s), 0);
    groups.push(data + checkSymbol(value));
  }
  return groups.join('-');
}

/** Replaces the character at `at` (an index into the canonical dashed text). */
export function replaceAt(text: string, at: number, ch: string): string {
  return text.slice(0, at) + ch + text.slice(at + 1);
}
