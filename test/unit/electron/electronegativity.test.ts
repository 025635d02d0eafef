/**
 * Doyensec's Electronegativity over the Electron shell (issue 7, "Electron hardening checked in
 * CI"): the real tree has no unexplained HIGH finding, and the gate does fail on an insecure
 * window, so a passing run means something. Runs offline (the script cuts the scanner off the
 * network).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../../build/scripts/check-electron.mjs', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'symbolon-eneg-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function scan(args: string[] = []) {
  const result = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function insecureShell(): string {
  const dir = join(scratch, 'insecure');
  mkdirSync(join(dir, 'main'), { recursive: true });
  writeFileSync(join(dir, 'main', 'index.ts'), [
    "import { BrowserWindow } from 'electron';",
    'export const win = new BrowserWindow({ webPreferences: { contextIsolation: false, nodeIntegration: true, sandbox: false } });',
  ].join('\n'));
  return dir;
}

function acceptedFile(name: string, accepted: unknown[]): string {
  const file = join(scratch, name);
  writeFileSync(file, JSON.stringify({ accepted }));
  return file;
}

describe('electronegativity gate', () => {
  it('passes on the real Electron shell with no unexplained HIGH finding', () => {
    const { status, output } = scan();
    expect(output).toMatch(/electronegativity: \d+ files, \d+ checks/);
    expect(output).not.toMatch(/unexplained|could not parse|scan failed/);
    expect(status).toBe(0);
  });

  it('fails on a window without context isolation or sandbox', () => {
    const { status, output } = scan(['--electron-dir', insecureShell(), '--renderer-dir', join(scratch, 'none')]);
    expect(status).toBe(1);
    expect(output).toMatch(/unexplained HIGH finding CONTEXT_ISOLATION_JS_CHECK in main\/index\.ts/);
  });

  it('accepts a HIGH finding only when it is listed with a reason, and flags stale entries', () => {
    const dir = insecureShell();
    const first = scan(['--electron-dir', dir, '--renderer-dir', join(scratch, 'none')]);
    const highs = [...first.output.matchAll(/unexplained HIGH finding (\S+) in (\S+):\d+/g)].map((m) => ({ id: m[1], file: m[2] }));
    expect(highs.length).toBeGreaterThan(0);
    const reasoned = highs.map((h) => ({ ...h, reason: 'fixture: deliberately insecure window for this test' }));
    const listed = scan(['--electron-dir', dir, '--renderer-dir', join(scratch, 'none'), '--accepted', acceptedFile('ok.json', reasoned)]);
    expect(listed.output).not.toMatch(/unexplained/);
    expect(listed.status).toBe(0);
    const leftBehind = { id: 'NODE_INTEGRATION_JS_CHECK', file: 'main/gone.ts', reason: 'was fixed long ago, entry left behind' };
    const stale = scan(['--electron-dir', dir, '--renderer-dir', join(scratch, 'none'), '--accepted', acceptedFile('stale.json', [...reasoned, leftBehind])]);
    expect(stale.status).toBe(1);
    expect(stale.output).toMatch(/no longer matches a finding/);
    const reasonless = scan(['--accepted', acceptedFile('bare.json', [{ id: 'X', file: 'main/x.ts', reason: '' }])]);
    expect(reasonless.status).toBe(1);
    expect(reasonless.output).toMatch(/reason/);
  });
});
