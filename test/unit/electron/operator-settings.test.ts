/** The operator's settings file: defaults, bad files, atomic owner-only writes. */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SETTINGS_FILE, readOperatorSettings, writeOperatorSettings } from '../../../electron/main/operator-settings.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'symbolon-settings-'));
  dirs.push(dir);
  return dir;
};

describe('operator settings', () => {
  it('keeps the loopback API on by default: scripts on the laptop are part of the product', () => {
    expect(DEFAULT_SETTINGS).toEqual({ loopbackApi: true });
    expect(readOperatorSettings(folder())).toEqual({ loopbackApi: true });
  });

  it('reads back what was written, owner-only, with no temporary file left', () => {
    const dir = folder();
    writeOperatorSettings(dir, { loopbackApi: false });
    expect(readOperatorSettings(dir)).toEqual({ loopbackApi: false });
    expect(statSync(join(dir, SETTINGS_FILE)).mode & 0o777).toBe(0o600);
    expect(existsSync(join(dir, `${SETTINGS_FILE}.tmp`))).toBe(false);
    writeOperatorSettings(dir, { loopbackApi: true });
    expect(JSON.parse(readFileSync(join(dir, SETTINGS_FILE), 'utf8'))).toEqual({ loopbackApi: true });
  });

  it.each(['', 'not json', '[]', '{"loopbackApi":"no"}'])('falls back to the defaults for %j', (content) => {
    const dir = folder();
    writeFileSync(join(dir, SETTINGS_FILE), content);
    expect(readOperatorSettings(dir)).toEqual(DEFAULT_SETTINGS);
  });

  it('refuses a value that is not a boolean', () => {
    expect(() => writeOperatorSettings(folder(), { loopbackApi: 'off' as unknown as boolean })).toThrow(TypeError);
  });
});
