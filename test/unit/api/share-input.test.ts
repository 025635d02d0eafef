/**
 * The share and nonce of a share-taking request, read at the edge (electron/api/share-input.ts):
 * Vault's words about the request body are said here, and any nonce that is not text still
 * reaches the core as text that no attempt's nonce equals.
 */
import { describe, expect, it } from 'vitest';
import { EMPTY_KEY_MESSAGE, EMPTY_UNSEAL_MESSAGE, nonceFrom, shareFrom } from '../../../electron/api/share-input.js';
import { CoreError } from '../../../electron/core/errors.js';

describe('share input', () => {
  it('says where the key should have been, in Vault\'s words for each endpoint', () => {
    for (const body of [{}, { key: null }, { key: '' }]) {
      expect(() => shareFrom(body)).toThrow(expect.objectContaining({ code: 'SHARE_MISSING', message: EMPTY_KEY_MESSAGE }));
      expect(() => shareFrom(body)).toThrow(CoreError);
      expect(() => shareFrom(body, EMPTY_UNSEAL_MESSAGE)).toThrow("'key' must be specified in request body as JSON, or 'reset' set to true");
    }
    expect(EMPTY_KEY_MESSAGE).toBe("'key' must be specified in request body as JSON");
  });

  it('hands the core the share\'s bytes', () => {
    const share = shareFrom({ key: 'ab'.repeat(33) });
    expect(share.form).toBe('hex');
    expect(Buffer.from(share.bytes).toString('hex')).toBe('ab'.repeat(33));
  });

  it('reads a missing nonce as empty and any other value as text no UUID equals', () => {
    expect(nonceFrom({})).toBe('');
    expect(nonceFrom({ nonce: null })).toBe('');
    expect(nonceFrom({ nonce: '' })).toBe('');
    expect(nonceFrom({ nonce: '6f1c0e9e-3d0b-4c55-9a52-0b1c6f8d2e10' })).toBe('6f1c0e9e-3d0b-4c55-9a52-0b1c6f8d2e10');
    for (const [value, text] of [[5, '5'], [true, 'true'], [[], '[]'], [{ a: 1 }, '{"a":1}']] as const) {
      expect(nonceFrom({ nonce: value })).toBe(text);
    }
  });
});
