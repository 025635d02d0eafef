/**
 * Where the keyring lives by default: the per-user application data folder, the same one
 * Electron's app.getPath('userData') uses for "Symbolon", so the app and `serve` share a keyring.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Symbolon');
  if (platform === 'win32') return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), 'Symbolon');
  return join(env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), 'Symbolon');
}

export function defaultKeyringPath(): string {
  const dir = userDataDir();
  // Owner-only: the file holds no plaintext secrets, but nobody else needs to read it. mkdir's
  // mode is cut by the umask and ignored for a folder that exists: chmod says it outright.
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  return join(dir, 'keyring.db');
}
