/** `npm start` on a machine where Electron's binary could not be installed: one clear line, exit 1. */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../../../build/scripts/start.mjs', import.meta.url));
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function project(withBrokenElectron: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'symbolon-start-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'build', 'scripts'), { recursive: true });
  copyFileSync(script, join(dir, 'build', 'scripts', 'start.mjs'));
  if (withBrokenElectron) {
    // The package without its binary: what a failed download leaves behind.
    mkdirSync(join(dir, 'node_modules', 'electron'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'electron', 'package.json'), JSON.stringify({ name: 'electron', main: 'index.js' }));
    writeFileSync(join(dir, 'node_modules', 'electron', 'index.js'), `module.exports = ${JSON.stringify(join(dir, 'dist', 'electron'))};`);
  }
  return dir;
}

describe('npm start without Electron', () => {
  it.each([['absent', false], ['present without its binary', true]])('exits 1 with one line pointing to npm run serve (package %s)', (_name, broken) => {
    const dir = project(broken);
    const result = spawnSync(process.execPath, [join(dir, 'build', 'scripts', 'start.mjs')], { encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Electron's binary could not be installed on this machine/);
    expect(lines[0]).toMatch(/npm run serve/);
  });
});
