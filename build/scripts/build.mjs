#!/usr/bin/env node
/**
 * `npm run build` (always builds) and the build step of `npm run serve`, `npm start` and
 * `npm run bench` (`--if-stale`: builds only when a source changed since the last build).
 *
 * Staleness is judged by content, not by timestamps: a SHA-256 over the path and bytes of every
 * build input (the sources tsc and vite read, their configs, package.json and the lockfile) is
 * stored in out/.build-stamp after a successful build. A later start hashes the inputs again
 * (a few milliseconds) and rebuilds when the digest differs, when the stamp or an entry point is
 * missing, or after a failed build (which writes no stamp). A checkout, an editor that keeps
 * mtimes, or a clock change cannot make it serve stale code; a rebuild that was not needed is
 * the only possible mistake. The digest is taken before building, so a file saved during the
 * build makes the next start build again.
 *
 *   node build/scripts/build.mjs [--if-stale] [--check]
 * --check only reports: exit 0 when out/ is up to date, 1 when a build is due.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const STAMP = join('out', '.build-stamp');
/** Files and folders whose content decides the build output (relative to the root). */
export const INPUTS = ['electron', 'shared', 'renderer', join('test', 'bench'), 'tsconfig.json', 'package.json', 'package-lock.json',
  join('node_modules', '.cache', 'symbolon', 'electron.d.ts')];
/** What `serve`, `start` and `bench` run: a build that lacks one of them is not a build. */
export const ENTRY_POINTS = [join('out', 'electron', 'cli', 'main.js'), join('out', 'electron', 'main', 'index.js'),
  join('out', 'test', 'bench', 'main.js'), join('out', 'renderer', 'index.html')];
const SKIPPED_DIRS = new Set(['node_modules', 'out', 'dist', 'release', '.git']);
/** Bumped when the build steps themselves change, so old stamps stop matching. */
const STEPS_VERSION = '1';

/** Every input file under `root`, as sorted relative paths. Missing inputs are simply absent. */
function inputFiles(root, inputs) {
  const files = [];
  const visit = (abs) => {
    let entries;
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch (error) {
      if (error.code === 'ENOTDIR') return files.push(relative(root, abs));
      if (error.code === 'ENOENT') return undefined;
      throw error;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) visit(join(abs, entry.name));
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        files.push(relative(root, join(abs, entry.name)));
      }
    }
    return undefined;
  };
  for (const input of inputs) visit(join(root, input));
  return files.map((f) => f.split(sep).join('/')).sort();
}

/** SHA-256 over the path and content of every input file (hex). */
export function sourceDigest(root = ROOT, inputs = INPUTS) {
  const hash = createHash('sha256').update(`symbolon-build ${STEPS_VERSION} ${process.version}\0`);
  for (const file of inputFiles(root, inputs)) {
    const content = readFileSync(join(root, file));
    hash.update(`${file}\0${content.length}\0`).update(content);
  }
  return hash.digest('hex');
}

/** True when out/ was built from exactly the current sources and has every entry point. */
export function isFresh(root = ROOT, { inputs = INPUTS, entryPoints = ENTRY_POINTS, digest = sourceDigest(root, inputs) } = {}) {
  let stamp;
  try {
    stamp = readFileSync(join(root, STAMP), 'utf8').trim();
  } catch {
    return false;
  }
  return stamp === digest && entryPoints.every((file) => existsSync(join(root, file)));
}

/** The real build: tsc for Node code, vite for the renderer. Returns the exit status. */
function runBuildSteps(root) {
  const steps = [
    [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join('electron', 'tsconfig.build.json')],
    [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join('renderer', 'vite.config.ts'), '--logLevel', 'warn'],
  ];
  for (const args of steps) {
    const run = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
    if (run.status !== 0) return run.status ?? 1;
  }
  return 0;
}

/**
 * Builds when needed (or always, without `ifStale`); writes the stamp only after a build that
 * succeeded. Returns { built, status }.
 */
export function ensureBuilt({ root = ROOT, ifStale = true, inputs = INPUTS, entryPoints = ENTRY_POINTS, build = runBuildSteps, say = (line) => process.stderr.write(line + '\n') } = {}) {
  const digest = sourceDigest(root, inputs);
  if (ifStale && isFresh(root, { inputs, entryPoints, digest })) return { built: false, status: 0 };
  if (ifStale) say('symbolon: sources changed since the last build (or no build yet); building…');
  const status = build(root);
  if (status !== 0) return { built: true, status };
  mkdirSync(join(root, 'out'), { recursive: true });
  writeFileSync(join(root, STAMP), digest + '\n');
  return { built: true, status: 0 };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = new Set(process.argv.slice(2));
  for (const arg of args) if (arg !== '--if-stale' && arg !== '--check') throw new Error(`unknown option ${arg}; usage: build.mjs [--if-stale] [--check]`);
  if (args.has('--check')) process.exit(isFresh() ? 0 : 1);
  process.exit(ensureBuilt({ ifStale: args.has('--if-stale') }).status);
}
