/**
 * Field names of Vault's raw endpoints match as Go's encoding/json matches struct fields
 * (electron/api/pipeline.ts foldFieldNames): without regard to case, the later of two spellings
 * winning, values untouched. Through a real client: test/integration/clients/vault-cli-replay.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { foldFieldNames } from '../../../electron/api/pipeline.js';

describe('foldFieldNames', () => {
  it('folds top-level names only, leaving nested names and values as sent', () => {
    expect(foldFieldNames({ Backup: true, SECRET_SHARES: 3, pgp_keys: ['A'], Custodians: [{ Name: 'Ann' }] }))
      .toEqual({ backup: true, secret_shares: 3, pgp_keys: ['A'], custodians: [{ Name: 'Ann' }] });
  });

  it('lets the later of two spellings win, as Go does', () => {
    expect(foldFieldNames({ nonce: 'first', Nonce: 'second' })).toEqual({ nonce: 'second' });
    expect(foldFieldNames({ Nonce: 'first', nonce: 'second' })).toEqual({ nonce: 'second' });
  });

  it('keeps a "__proto__" field a plain field', () => {
    const folded = foldFieldNames(JSON.parse('{"__PROTO__":{"polluted":true},"key":"k"}') as Record<string, unknown>);
    expect(Object.getPrototypeOf(folded)).toBe(Object.prototype);
    expect(Object.keys(folded)).toEqual(['__proto__', 'key']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
