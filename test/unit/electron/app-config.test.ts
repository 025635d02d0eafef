/** SYMBOLON_PORT and the keyring location of the desktop app. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiPort, keyringPath } from '../../../electron/main/app-config.js';

describe('app config', () => {
  it('listens on Vault\'s port 8200 unless SYMBOLON_PORT says otherwise', () => {
    expect(apiPort({})).toBe(8200);
    expect(apiPort({ SYMBOLON_PORT: '' })).toBe(8200);
    expect(apiPort({ SYMBOLON_PORT: '8300' })).toBe(8300);
    expect(apiPort({ SYMBOLON_PORT: '0' })).toBe(0);
  });

  it.each(['65536', '-1', '80a', ' 8200', '1e3', '999999'])('refuses SYMBOLON_PORT=%s with a clear error', (value) => {
    expect(() => apiPort({ SYMBOLON_PORT: value })).toThrow(/SYMBOLON_PORT must be a port number/);
  });

  it('keeps the keyring in the per-user data folder', () => {
    expect(keyringPath('/home/a/.config/Symbolon')).toBe(join('/home/a/.config/Symbolon', 'keyring.db'));
    expect(() => keyringPath('')).toThrow(TypeError);
  });
});
