/**
 * build/scripts/electron-types.mjs (postinstall): puts electron.d.ts where tsconfig.json reads it.
 * Run in a scratch project so the real node_modules is untouched; the registry path (npm pack)
 * is not exercised here because tests must run offline.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../../../build/scripts/electron-types.mjs', import.meta.url));
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'symbolon-types-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'build', 'scripts'), { recursive: true });
  copyFileSync(script, join(dir, 'build', 'scripts', 'electron-types.mjs'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const run = (dir: string) => spawnSync(process.execPath, [join(dir, 'build', 'scripts', 'electron-types.mjs')], { encoding: 'utf8', env: { ...process.env, npm_execpath: '' } });
const target = (dir: string) => join(dir, 'node_modules', '.cache', 'symbolon', 'electron.d.ts');

describe('electron-types postinstall', () => {
  it('copies an installed electron.d.ts quietly, once, headed with its version', () => {
    const dir = project({
      'package-lock.json': JSON.stringify({ packages: { 'node_modules/electron': { version: '45.4.1' } } }),
      'node_modules/electron/package.json': JSON.stringify({ name: 'electron', version: '45.4.1' }),
      'node_modules/electron/electron.d.ts': 'declare module "electron" { export const app: unknown; }\n',
    });
    const first = run(dir);
    expect(first.status).toBe(0);
    expect(first.stdout + first.stderr).toBe('');
    const text = readFileSync(target(dir), 'utf8');
    expect(text.split('\n')[0]).toMatch(/^\/\/ electron@45\.4\.1 type declarations/);
    expect(text).toContain('declare module "electron"');
    const written = statSync(target(dir)).mtimeMs;
    const second = run(dir);
    expect(second.status).toBe(0);
    expect(second.stdout + second.stderr).toBe('');
    expect(statSync(target(dir)).mtimeMs).toBe(written);
  });

  it('replaces declarations of another version', () => {
    const dir = project({
      'package-lock.json': '{}',
      'node_modules/electron/package.json': JSON.stringify({ version: '46.0.0' }),
      'node_modules/electron/electron.d.ts': 'declare module "electron" {}\n',
      'node_modules/.cache/symbolon/electron.d.ts': '// electron@45.4.1 type declarations, copied by build/scripts/electron-types.mjs; do not edit.\nold\n',
    });
    expect(run(dir).status).toBe(0);
    expect(readFileSync(target(dir), 'utf8')).toMatch(/^\/\/ electron@46\.0\.0 /);
  });

  it('warns in one line and still exits 0 when it cannot get the declarations', () => {
    const dir = project({ 'package-lock.json': JSON.stringify({ packages: {} }) });
    const result = run(dir);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/could not fetch Electron's type declarations \(package-lock\.json pins no electron version\).*typecheck/);
    expect(existsSync(target(dir))).toBe(false);
  });
});
