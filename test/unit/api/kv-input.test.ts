/**
 * KV version 2 request fields read at the edge (electron/api/kv-input.ts): a metadata write that
 * names no setting writes nothing, one that names only `delete_version_after: 0s` still writes
 * (it creates the metadata, as before), and secret/config ignores custom_metadata.
 */
import { describe, expect, it } from 'vitest';
import { readKvConfig, readKvData, readKvSettings } from '../../../electron/api/kv-input.js';

describe('kv input', () => {
  it('reads no settings as null, and a zero delete_version_after as a write that changes nothing else', () => {
    expect(readKvSettings({})).toBeNull();
    expect(readKvSettings({ max_versions: null, other: 1 })).toBeNull();
    expect(readKvSettings({ delete_version_after: '0s' })).toEqual({ maxVersions: null, casRequired: null, customMetadata: null });
    expect(readKvSettings({ max_versions: '3', cas_required: 'true', custom_metadata: { n: 1 } })).toEqual({ maxVersions: 3, casRequired: true, customMetadata: { n: '1' } });
    expect(() => readKvSettings({ delete_version_after: '1h' })).toThrow(/not supported/);
  });

  it('reads secret/config without custom_metadata', () => {
    expect(readKvConfig({ custom_metadata: 'not even an object', cas_required: false })).toEqual({ maxVersions: null, casRequired: false });
  });

  it('takes data only as an object', () => {
    expect(readKvData({ data: { a: 1 } })).toEqual({ a: 1 });
    expect(() => readKvData({})).toThrow('no data provided');
    expect(() => readKvData({ data: [1] })).toThrow("'data' must be a JSON object");
  });
});
