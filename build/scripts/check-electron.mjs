#!/usr/bin/env node
/**
 * `npm run check:electron`: Doyensec's Electronegativity scan of the Electron shell, failing on
 * any HIGH-severity finding that build/electronegativity-accepted.json does not list with a reason.
 *
 * What is scanned (copied into a temporary tree, because Electronegativity reads only .js/.ts/.html
 * and skips `.cts`): electron/main/*.ts → main/, electron/preload/*.cts → preload/*.ts, the
 * renderer's index.html (its CSP) → renderer/, and the built UI, out/renderer → renderer-build/,
 * when it exists (`npm run check:electron` builds first).
 *
 * Hermetic: the scan runs with Node's http/https request functions disabled in this process, so
 * it never reaches the network (Electronegativity would otherwise try to download translations
 * and Electron's release list; both have offline fallbacks). The "available security fixes"
 * global check, which needs that release list, is excluded: dependency freshness is `npm audit`'s
 * job, and a scan must not change verdict with the day's releases. The Electron version is taken
 * from package-lock.json.
 *
 * Exit 0: no unexplained HIGH finding. Exit 1: unexplained HIGH finding, stale or reasonless
 * accepted entry, or a file the scanner could not parse. Options (for tests):
 * `--electron-dir DIR` (default electron/), `--renderer-dir DIR` (default out/renderer),
 * `--accepted FILE` (default build/electronegativity-accepted.json).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { values } = parseArgs({
  options: {
    'electron-dir': { type: 'string', default: join(root, 'electron') },
    'renderer-dir': { type: 'string', default: join(root, 'out', 'renderer') },
    accepted: { type: 'string', default: join(root, 'build', 'electronegativity-accepted.json') },
  },
});

/**
 * Cuts the scanner off the network: its HTTP client (`got`) is replaced by one that fails at
 * once (the real one would retry with back-off for seconds), and Node's own request functions
 * throw, in case anything else tries.
 */
function offline(requireFromScanner) {
  const refuse = () => {
    throw new Error('network disabled during the Electronegativity scan');
  };
  for (const module of [http, https]) {
    module.request = refuse;
    module.get = refuse;
  }
  const gotPath = requireFromScanner.resolve('got');
  const failing = () => Promise.reject(new Error('network disabled during the Electronegativity scan'));
  failing.head = failing;
  failing.get = failing;
  requireFromScanner.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: failing };
}

function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true }).map(String).filter((name) => statSync(join(dir, name)).isFile());
}

function stage() {
  const tree = mkdtempSync(join(tmpdir(), 'symbolon-electronegativity-'));
  const electronDir = values['electron-dir'];
  for (const part of ['main', 'preload']) {
    for (const name of filesUnder(join(electronDir, part))) {
      if (!/\.(c|m)?ts$/.test(name) || name.endsWith('.d.ts')) continue;
      const target = join(tree, part, name.replace(/\.(c|m)ts$/, '.ts'));
      mkdirSync(join(target, '..'), { recursive: true });
      cpSync(join(electronDir, part, name), target);
    }
  }
  if (existsSync(join(root, 'renderer', 'index.html'))) cpSync(join(root, 'renderer', 'index.html'), join(tree, 'renderer', 'index.html'));
  if (existsSync(values['renderer-dir'])) cpSync(values['renderer-dir'], join(tree, 'renderer-build'), { recursive: true });
  return tree;
}

function lockedElectronVersion() {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const version = lock.packages?.['node_modules/electron']?.version;
  if (!version) throw new Error('package-lock.json pins no electron version');
  return version;
}

function readAccepted(file) {
  const list = JSON.parse(readFileSync(file, 'utf8')).accepted;
  if (!Array.isArray(list)) throw new Error(`${file}: "accepted" must be an array`);
  for (const entry of list) {
    if (typeof entry?.id !== 'string' || typeof entry?.file !== 'string' || typeof entry?.reason !== 'string' || entry.reason.trim().length < 10) {
      throw new Error(`${file}: every entry needs "id", "file" and a "reason" that explains it (${JSON.stringify(entry)})`);
    }
  }
  return list;
}

async function main() {
  const scannerRequire = createRequire(createRequire(import.meta.url).resolve('@doyensec/electronegativity'));
  offline(scannerRequire);
  const accepted = readAccepted(values.accepted);
  const tree = stage();
  const problems = [];
  try {
    const scanned = filesUnder(tree);
    if (!scanned.some((name) => name.startsWith('main'))) problems.push(`no main-process sources found under ${values['electron-dir']}/main`);
    const run = scannerRequire('@doyensec/electronegativity');
    // Its banner and progress go to console.log; keep our output to the verdict.
    const log = console.log;
    console.log = () => {};
    let result;
    try {
      result = await run({ input: tree, isRelative: true, electronVersionOverride: lockedElectronVersion(), excludeFromScan: ['AvailableSecurityFixesGlobalCheck'] });
    } finally {
      console.log = log;
    }
    for (const error of result.errors) {
      if (!error.tolerable) problems.push(`could not parse ${relative(tree, error.file)}: ${error.message}`);
    }
    const findings = result.issues.map((issue) => ({
      id: issue.id, severity: issue.severity.name, confidence: issue.confidence.name, file: issue.file,
      line: issue.location?.line ?? 0, review: issue.manualReview === true,
    }));
    for (const f of findings) {
      console.log(`${f.severity.padEnd(13)} ${f.id} ${f.file}:${f.line}${f.review ? ' (manual review)' : ''}`);
    }
    const high = findings.filter((f) => f.severity === 'HIGH');
    for (const f of high) {
      if (!accepted.some((a) => a.id === f.id && a.file === f.file)) problems.push(`unexplained HIGH finding ${f.id} in ${f.file}:${f.line}`);
    }
    for (const a of accepted) {
      if (!high.some((f) => f.id === a.id && f.file === a.file)) problems.push(`accepted entry ${a.id} in ${a.file} no longer matches a finding: remove it`);
    }
    console.log(`electronegativity: ${scanned.length} files, ${result.globalChecks + result.atomicChecks} checks, ` +
      `${findings.length} findings (${high.length} HIGH, ${high.length - problems.filter((p) => p.startsWith('unexplained')).length} accepted)`);
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
  for (const problem of problems) console.error(`electronegativity: ${problem}`);
  process.exitCode = problems.length === 0 ? 0 : 1;
}

main().catch((error) => {
  console.error(`electronegativity: scan failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
