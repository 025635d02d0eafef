/**
 * The start-up check of unpacked native modules, against real files, with the manifest written
 * by the same hook electron-builder runs (build/scripts/native-hashes.mjs).
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { NATIVE_MANIFEST, NativeIntegrityError, verifyNativeModules } from '../../../electron/main/native-integrity.js';
// @ts-expect-error -- a plain .mjs build script without type declarations
import { NATIVE_MODULES, writeNativeHashes } from '../../../build/scripts/native-hashes.mjs';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A project folder holding copies of the real native modules, as electron-builder sees it. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'symbolon-native-'));
  dirs.push(dir);
  for (const file of NATIVE_MODULES as string[]) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    cpSync(join(REPO, file), join(dir, file));
  }
  mkdirSync(join(dir, 'out'));
  return dir;
}

describe('native module integrity', () => {
  it('accepts the modules the packaging hook recorded', () => {
    const dir = project();
    expect(writeNativeHashes(dir)).toBe(join(dir, NATIVE_MANIFEST));
    expect(() => verifyNativeModules(dir)).not.toThrow();
  });

  it('refuses a module changed after packaging', () => {
    const dir = project();
    writeNativeHashes(dir);
    const file = (NATIVE_MODULES as string[])[0] ?? '';
    writeFileSync(join(dir, file), 'not the shipped binary', { flag: 'a' });
    expect(() => verifyNativeModules(dir)).toThrow(NativeIntegrityError);
    expect(() => verifyNativeModules(dir)).toThrow(/differs from the one this build shipped/);
  });

  it('reads unpacked modules of app.asar from app.asar.unpacked', () => {
    const dir = project();
    writeNativeHashes(dir);
    const asar = join(dir, 'resources', 'app.asar');
    mkdirSync(join(asar, 'out'), { recursive: true });
    cpSync(join(dir, NATIVE_MANIFEST), join(asar, NATIVE_MANIFEST));
    cpSync(join(dir, 'node_modules'), join(`${asar}.unpacked`, 'node_modules'), { recursive: true });
    expect(() => verifyNativeModules(asar)).not.toThrow();
    rmSync(`${asar}.unpacked`, { recursive: true });
    expect(() => verifyNativeModules(asar)).toThrow(/is missing/);
  });

  it.each([
    ['no manifest', null],
    ['not JSON', 'garbage'],
    ['no modules', JSON.stringify({ modules: [] })],
    ['a path out of the app', JSON.stringify({ modules: [{ file: '../x.node', sha256: '0'.repeat(64) }] })],
    ['a malformed hash', JSON.stringify({ modules: [{ file: 'x.node', sha256: 'abc' }] })],
  ])('refuses to start with %s', (_name, manifest) => {
    const dir = project();
    if (manifest !== null) writeFileSync(join(dir, NATIVE_MANIFEST), manifest);
    expect(() => verifyNativeModules(dir)).toThrow(/manifest .* is missing or unreadable/);
  });
});
