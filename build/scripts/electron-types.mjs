#!/usr/bin/env node
/**
 * postinstall: puts Electron's type declarations where tsconfig.json looks for them,
 * `node_modules/.cache/symbolon/electron.d.ts`, even on a machine where Electron itself could
 * not be installed.
 *
 * Why: `electron` is an optional dependency. Its own postinstall downloads a ~100 MB binary from
 * GitHub; where that fails (offline, air-gapped, proxied CI) npm silently drops the package, and
 * with it `electron.d.ts`, so the main process and preload could no longer be typechecked.
 *
 * 1. If `node_modules/electron/electron.d.ts` exists, copy it.
 * 2. Otherwise `npm pack electron@<version pinned in package-lock.json>` into a temporary folder
 *    (a registry download only: no install scripts, no GitHub), check the tarball against the
 *    lockfile's `integrity`, and extract only `package/electron.d.ts`.
 *
 * Idempotent and quiet: the copy starts with a header naming the version, so a second run with
 * the same version does nothing. On any failure it prints ONE warning and exits 0 (an install must
 * not fail over types); `npm run typecheck` then fails with "Cannot find module 'electron'",
 * and running this script again by hand (`node build/scripts/electron-types.mjs`) says why.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('../..', import.meta.url));
const target = join(root, 'node_modules', '.cache', 'symbolon', 'electron.d.ts');
const installed = join(root, 'node_modules', 'electron');

/** The Electron version and integrity the lockfile pins (what a connected `npm ci` would install). */
function lockedElectron() {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const entry = lock.packages?.['node_modules/electron'];
  if (!entry?.version) throw new Error('package-lock.json pins no electron version');
  return { version: entry.version, integrity: entry.integrity };
}

function header(version) {
  return `// electron@${version} type declarations, copied by build/scripts/electron-types.mjs; do not edit.\n`;
}

function isCurrent(version) {
  if (!existsSync(target)) return false;
  return readFileSync(target, 'utf8').startsWith(header(version));
}

function write(version, declarations) {
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, header(version) + declarations);
}

/** Checks a tarball against an SRI string such as `sha512-…` from package-lock.json. */
function checkIntegrity(bytes, integrity) {
  if (!integrity) return;
  const [algorithm, expected] = integrity.split('-', 2);
  const actual = createHash(algorithm).update(bytes).digest('base64');
  if (actual !== expected) throw new Error(`electron tarball does not match package-lock.json integrity (${algorithm})`);
}

/** Returns one file from a gzipped tar (npm tarballs are plain ustar: 512-byte headers). */
function extractFromTarball(gzipped, wanted) {
  const tar = gunzipSync(gzipped);
  for (let offset = 0; offset + 512 <= tar.length;) {
    const headerBlock = tar.subarray(offset, offset + 512);
    if (headerBlock.every((byte) => byte === 0)) break;
    const field = (start, length) => headerBlock.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '');
    const prefix = field(345, 155);
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const body = offset + 512;
    if (name === wanted) return tar.subarray(body, body + size).toString('utf8');
    offset = body + Math.ceil(size / 512) * 512;
  }
  throw new Error(`${wanted} not found in the electron tarball`);
}

function npm(args, cwd) {
  // Inside `npm install`, npm_execpath is the running npm's CLI; use it rather than whatever
  // `npm` is first on PATH.
  const cli = process.env.npm_execpath;
  const [command, argv] = cli && cli.endsWith('.js') ? [process.execPath, [cli, ...args]] : ['npm', args];
  const result = spawnSync(command, argv, { cwd, encoding: 'utf8', shell: process.platform === 'win32' && command === 'npm' });
  if (result.status !== 0) {
    const reason = (result.stderr || result.error?.message || '').split('\n')
      .find((line) => /err/i.test(line) && !/complete log|^npm (error|ERR!) code/i.test(line))?.trim();
    throw new Error(`npm ${args.join(' ')} failed${reason ? `: ${reason}` : ''}`);
  }
  return result.stdout;
}

function fromRegistry({ version, integrity }) {
  const work = mkdtempSync(join(tmpdir(), 'symbolon-electron-types-'));
  try {
    npm(['pack', `electron@${version}`, '--ignore-scripts', '--loglevel=error', '--pack-destination', work], work);
    const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
    if (!tarball) throw new Error('npm pack produced no tarball');
    const bytes = readFileSync(join(work, tarball));
    checkIntegrity(bytes, integrity);
    return extractFromTarball(bytes, 'package/electron.d.ts');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function main() {
  if (existsSync(join(installed, 'electron.d.ts'))) {
    const { version } = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    if (!isCurrent(version)) write(version, readFileSync(join(installed, 'electron.d.ts'), 'utf8'));
    return;
  }
  const locked = lockedElectron();
  if (isCurrent(locked.version)) return;
  write(locked.version, fromRegistry(locked));
}

try {
  main();
} catch (error) {
  console.warn(`symbolon: could not fetch Electron's type declarations (${error instanceof Error ? error.message : String(error)}); ` +
    '`npm run typecheck` will fail until `node build/scripts/electron-types.mjs` succeeds on a machine that can reach the npm registry.');
}
