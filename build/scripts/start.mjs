#!/usr/bin/env node
/**
 * `npm start`: builds Symbolon if a source changed since the last build, and opens it in Electron.
 *
 * Electron is an optional dependency whose install step downloads a binary from GitHub. On a
 * machine that cannot reach GitHub npm drops the package silently, so this script checks first
 * and, if the binary is missing, exits 1 with one line pointing to the headless mode
 * (`npm run serve`, the same UI in any local browser).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The Electron executable, or null when the package or its downloaded binary is missing. */
function electronBinary() {
  try {
    // The `electron` package's main export is the path of the binary it downloaded.
    const binary = createRequire(import.meta.url)('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
if (binary === null) {
  console.error("symbolon: Electron's binary could not be installed on this machine (npm install downloads it from GitHub, " +
    'which needs a connected machine); run `npm run serve` and open http://127.0.0.1:8200/ui/ in a browser instead.');
  process.exit(1);
}

// Built only when a source changed since the last build (build.mjs: content hash): a start with
// nothing changed skips tsc and vite. Imported here, after the Electron check, so that check
// works even where the rest of the build tooling is absent.
const { ensureBuilt } = await import('./build.mjs');
const build = ensureBuilt({ root, ifStale: true });
if (build.status !== 0) process.exit(build.status);

// `electron .` runs package.json "main" (out/electron/main/index.js) under the product name, so
// the keyring lands in the same per-user folder as the installed app's.
const child = spawn(binary, ['.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
