/** The keyring of terms: creation, serialization round trip, new terms, rotation config, wiping. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_OPERATIONS, Keyring } from '../../../electron/core/barrier/keyring.js';
import { KEYRING_FORMAT } from '../../../electron/core/barrier/keyring-codec.js';

const NOW = new Date('2026-03-04T05:06:07.000Z');

describe('keyring', () => {
  it('starts with term 1 active, a 32-byte key, no encryptions and the NIST-bound rotation default', () => {
    const keyring = Keyring.create(NOW);
    expect(keyring.activeTerm).toBe(1);
    expect(keyring.termCount).toBe(1);
    expect(keyring.active.key.length).toBe(32);
    expect(keyring.active.installTime).toBe(NOW.toISOString());
    expect(keyring.active.encryptions).toBe(0);
    expect(keyring.rotation).toEqual({ maxOperations: DEFAULT_MAX_OPERATIONS, intervalSeconds: 0, enabled: true });
    expect(DEFAULT_MAX_OPERATIONS).toBe(Math.floor(0.9 * 2 ** 32));
  });

  it('round-trips every term, count and the rotation config through serialize/parse', () => {
    const two = Keyring.create(NOW).withNewTerm(new Date('2026-03-05T00:00:00Z')).withRotation({ maxOperations: 2_000_000, intervalSeconds: 86_400, enabled: true });
    two.active.encryptions = 41;
    const parsed = Keyring.parse(two.serialize());
    expect(parsed.activeTerm).toBe(2);
    expect(parsed.termCount).toBe(2);
    for (const t of [1, 2]) {
      expect(parsed.term(t)?.key.equals(two.term(t)?.key ?? Buffer.alloc(0))).toBe(true);
      expect(parsed.term(t)?.installTime).toBe(two.term(t)?.installTime);
    }
    expect(parsed.active.encryptions).toBe(41);
    expect(parsed.rotation).toEqual({ maxOperations: 2_000_000, intervalSeconds: 86_400, enabled: true });
    expect(two.serialize()[0]).toBe(KEYRING_FORMAT);
  });

  it('adds a term without touching the original keyring, and keeps the old keys', () => {
    const one = Keyring.create(NOW);
    const two = one.withNewTerm(NOW);
    expect(one.activeTerm).toBe(1);
    expect(one.termCount).toBe(1);
    expect(two.activeTerm).toBe(2);
    expect(two.term(1)?.key.equals(one.active.key)).toBe(true);
    expect(two.active.key.equals(one.active.key)).toBe(false);
    expect(two.rotation).toEqual(one.rotation);
  });

  it('refuses a serialized keyring of an unknown version or without its active term', () => {
    // The legacy JSON form (format 1) and the binary one (format 2) are both checked.
    const stored = { version: 1, activeTerm: 1, terms: [{ term: 1, key: Buffer.alloc(32, 7).toString('base64'), installTime: NOW.toISOString(), encryptions: 0 }], rotation: { maxOperations: 2_000_000, intervalSeconds: 0, enabled: true } };
    expect(() => Keyring.parse(Buffer.from(JSON.stringify({ ...stored, version: 2 })))).toThrow('unknown keyring format version 2');
    expect(() => Keyring.parse(Buffer.from(JSON.stringify({ ...stored, activeTerm: 5 })))).toThrow('keyring has no active term');
    const binary = Keyring.create(NOW).serialize();
    expect(() => Keyring.parse(Buffer.concat([Buffer.of(3), binary.subarray(1)]))).toThrow('unknown keyring format version 3');
    binary.writeUInt32BE(5, 1);
    expect(() => Keyring.parse(binary)).toThrow('keyring has no active term');
  });

  it('wipes key bytes in memory', () => {
    const keyring = Keyring.create(NOW).withNewTerm(NOW);
    keyring.wipe();
    expect(keyring.term(1)?.key.every((b) => b === 0)).toBe(true);
    expect(keyring.term(2)?.key.every((b) => b === 0)).toBe(true);
  });
});
