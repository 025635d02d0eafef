/**
 * `npm run serve` and `npm run bench` go through build/scripts/run-fresh.mjs: build only when a
 * source changed, then run the compiled entry point in the same process. Here the real chain
 * (run-fresh → build.mjs → tsc and vite from this repository's node_modules) runs on a tiny
 * project, so what is checked is what a user gets: an edit is always served, an unchanged tree
 * is not rebuilt, and a build that fails never falls back to the previous out/.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../helpers/serve.js';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
let project: { dir: string; remove: () => void };

function write(file: string, text: string): void {
  mkdirSync(dirname(join(project.dir, file)), { recursive: true });
  writeFileSync(join(project.dir, file), text);
}

/** The compiled CLI prints its version and arguments; `process` is declared to need no @types. */
function cliSource(version: string): string {
  return `declare const process: { argv: string[]; stdout: { write(text: string): void } };\nprocess.stdout.write(\`version ${version}: \${process.argv.slice(2).join(' ')}\\n\`);\n`;
}

function serve(): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [join(project.dir, 'build', 'scripts', 'run-fresh.mjs'), 'electron/cli/main.js', 'serve', '--port', '0'], { encoding: 'utf8', timeout: 120_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(() => {
  project = tempDir('symbolon-run-fresh-');
  for (const script of ['build.mjs', 'run-fresh.mjs']) {
    mkdirSync(join(project.dir, 'build', 'scripts'), { recursive: true });
    copyFileSync(join(REPO, 'build', 'scripts', script), join(project.dir, 'build', 'scripts', script));
  }
  symlinkSync(join(REPO, 'node_modules'), join(project.dir, 'node_modules'), 'dir');
  write('package.json', '{ "name": "fixture", "private": true, "type": "module" }\n');
  write('electron/tsconfig.build.json', JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', outDir: '../out', rootDir: '..', types: [], strict: true, skipLibCheck: true },
    include: ['./**/*.ts', '../test/bench/**/*.ts'],
  }));
  write('electron/cli/main.ts', cliSource('1'));
  write('electron/main/index.ts', 'export {};\n');
  write('test/bench/main.ts', 'export {};\n');
  write('renderer/index.html', '<!doctype html><title>fixture</title>\n');
  write('renderer/vite.config.ts', [
    "import { fileURLToPath } from 'node:url';",
    "export default { root: fileURLToPath(new URL('.', import.meta.url)), logLevel: 'warn', build: { outDir: fileURLToPath(new URL('../out/renderer', import.meta.url)), emptyOutDir: true } };",
    '',
  ].join('\n'));
});
afterAll(() => project.remove());

describe('run-fresh (npm run serve)', () => {
  it('builds when needed, serves every edit, never serves a stale build', () => {
    const first = serve();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/building/);
    expect(first.stdout).toBe('version 1: serve --port 0\n');

    // Nothing changed: no build step at all.
    const again = serve();
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toBe('');
    expect(again.stdout).toBe('version 1: serve --port 0\n');

    write('electron/cli/main.ts', cliSource('2'));
    const edited = serve();
    expect(edited.status, edited.stderr).toBe(0);
    expect(edited.stderr).toMatch(/building/);
    expect(edited.stdout).toBe('version 2: serve --port 0\n');

    // A source that does not compile: the run fails, and the build of version 2 is not run.
    write('electron/cli/main.ts', cliSource('3') + 'const broken: number = "text";\n');
    const broken = serve();
    expect(broken.status).not.toBe(0);
    expect(broken.stdout).not.toMatch(/version/);

    write('electron/cli/main.ts', cliSource('4'));
    const fixed = serve();
    expect(fixed.status, fixed.stderr).toBe(0);
    expect(fixed.stdout).toBe('version 4: serve --port 0\n');
  }, 180_000);
});
