/**
 * Settings of the desktop app read from the environment: the loopback API port
 * (`SYMBOLON_PORT`, default 8200 like Vault) and the keyring location inside Electron's
 * per-user data folder, the same file `symbolon serve` uses by default.
 */
import { join } from 'node:path';
import { DEFAULT_PORT } from '../../shared/constants.js';

export function apiPort(env: Readonly<Record<string, string | undefined>>): number {
  const value = env['SYMBOLON_PORT'];
  if (value === undefined || value === '') return DEFAULT_PORT;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    throw new RangeError(`SYMBOLON_PORT must be a port number 0..65535 (0 picks a free port), not "${value.slice(0, 20)}"`);
  }
  return Number(value);
}

export function keyringPath(userDataDir: string): string {
  if (typeof userDataDir !== 'string' || userDataDir === '') throw new TypeError('userDataDir must be a non-empty path');
  return join(userDataDir, 'keyring.db');
}
