#!/usr/bin/env node
/**
 * Runs a compiled entry point from out/ in this same process, after making sure out/ was built
 * from the current sources (build.mjs --if-stale: a content hash, rebuilt only when a source
 * changed). One node process instead of a build step plus a second process is what keeps
 * `npm run serve` under a second when nothing changed.
 *   node build/scripts/run-fresh.mjs electron/cli/main.js serve --port 8200
 * The entry point sees process.argv as if it had been started as `node out/<entry> ...args`.
 */
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureBuilt } from './build.mjs';

const [entry, ...args] = process.argv.slice(2);
if (!entry || entry.startsWith('-')) {
  process.stderr.write('usage: run-fresh.mjs <entry under out/, e.g. electron/cli/main.js> [args...]\n');
  process.exit(2);
}
const { status } = ensureBuilt({ ifStale: true });
// A failed build never falls back to the previous out/: that would be serving stale code.
if (status !== 0) process.exit(status);
const script = join(fileURLToPath(new URL('../..', import.meta.url)), 'out', entry);
process.argv = [process.argv[0] ?? process.execPath, script, ...args];
await import(pathToFileURL(script).href);
