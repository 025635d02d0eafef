/**
 * Settings the operator changes from the window, kept in `settings.json` in the per-user data
 * folder beside the keyring. Today one: whether the loopback API listens (on by default: scripts
 * on the laptop are part of the product, DESIGN.md "Who uses it").
 *
 * Written atomically (temporary file, fsync, rename), owner-only, so a crash leaves the old file
 * or the new one. A missing or unreadable file means the defaults.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface OperatorSettings {
  /** Whether the loopback API listens at the next start. */
  readonly loopbackApi: boolean;
}

export const DEFAULT_SETTINGS: OperatorSettings = { loopbackApi: true };
export const SETTINGS_FILE = 'settings.json';

export function readOperatorSettings(dir: string): OperatorSettings {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(join(dir, SETTINGS_FILE), 'utf8'));
  } catch {
    return DEFAULT_SETTINGS;
  }
  const loopbackApi = typeof parsed === 'object' && parsed !== null ? (parsed as { loopbackApi?: unknown }).loopbackApi : undefined;
  return { loopbackApi: typeof loopbackApi === 'boolean' ? loopbackApi : DEFAULT_SETTINGS.loopbackApi };
}

export function writeOperatorSettings(dir: string, settings: OperatorSettings): void {
  if (typeof settings.loopbackApi !== 'boolean') throw new TypeError('settings.loopbackApi must be a boolean');
  const target = join(dir, SETTINGS_FILE);
  const temporary = `${target}.tmp`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, `${JSON.stringify({ loopbackApi: settings.loopbackApi })}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, target);
}
