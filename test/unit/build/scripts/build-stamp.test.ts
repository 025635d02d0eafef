/**
 * The build's staleness check (build/scripts/build.mjs): `npm run serve`, `npm start` and
 * `npm run bench` skip the build only when out/ was built from exactly the current sources.
 * Real files in a temporary project; the build itself is a stub that writes the entry point and
 * counts its runs (the real tsc + vite chain is exercised by run-fresh.test.ts).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureBuilt, isFresh, STAMP } from '../../../../build/scripts/build.mjs';
import { tempDir } from '../../../helpers/serve.js';

const dirs: (() => void)[] = [];
afterEach(() => dirs.splice(0).forEach((remove) => remove()));

const INPUTS = ['electron', 'renderer', 'package.json'];
const ENTRY = join('out', 'main.js');

function write(root: string, file: string, text: string): void {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
}

function project(): { root: string; builds: () => number; build: (failWith?: number) => { built: boolean; status: number } } {
  const { dir, remove } = tempDir('symbolon-stamp-');
  dirs.push(remove);
  write(dir, 'electron/core/a.ts', 'export const a = 1;\n');
  write(dir, 'electron/cli/main.ts', 'console.log("v1");\n');
  write(dir, 'renderer/index.html', '<!doctype html>\n');
  write(dir, 'package.json', '{"name":"fixture"}\n');
  let runs = 0;
  return {
    root: dir,
    builds: () => runs,
    build: (failWith = 0) =>
      ensureBuilt({
        root: dir,
        inputs: INPUTS,
        entryPoints: [ENTRY],
        say: () => undefined,
        build: (root) => {
          runs += 1;
          if (failWith === 0) write(root, ENTRY, `built ${runs}\n`);
          return failWith;
        },
      }),
  };
}

describe('build staleness check', () => {
  it('builds the first time, then not again while nothing changed', () => {
    const p = project();
    expect(p.build()).toEqual({ built: true, status: 0 });
    expect(existsSync(join(p.root, STAMP))).toBe(true);
    expect(p.build()).toEqual({ built: false, status: 0 });
    expect(p.build()).toEqual({ built: false, status: 0 });
    expect(p.builds()).toBe(1);
    expect(isFresh(p.root, { inputs: INPUTS, entryPoints: [ENTRY] })).toBe(true);
  });

  it('rebuilds after a source edit, even one that keeps the size and the modification time', () => {
    const p = project();
    p.build();
    const file = join(p.root, 'electron/cli/main.ts');
    const { atime, mtime } = statSync(file);
    writeFileSync(file, 'console.log("v2");\n');
    utimesSync(file, atime, mtime);
    expect(isFresh(p.root, { inputs: INPUTS, entryPoints: [ENTRY] })).toBe(false);
    expect(p.build().built).toBe(true);
    expect(p.builds()).toBe(2);
    expect(p.build().built).toBe(false);
  });

  it.each([
    ['a new source file', (root: string) => write(root, 'electron/core/b.ts', 'export const b = 2;\n')],
    ['a deleted source file', (root: string) => rmSync(join(root, 'electron/core/a.ts'))],
    ['a renamed source file', (root: string) => {
      rmSync(join(root, 'electron/core/a.ts'));
      write(root, 'electron/core/z.ts', 'export const a = 1;\n');
    }],
    ['a renderer change', (root: string) => write(root, 'renderer/index.html', '<!doctype html><title>x</title>\n')],
    ['a package.json change (dependencies)', (root: string) => write(root, 'package.json', '{"name":"fixture","dependencies":{}}\n')],
    ['a missing entry point', (root: string) => rmSync(join(root, ENTRY))],
    ['a missing stamp', (root: string) => rmSync(join(root, STAMP))],
  ])('rebuilds after %s', (_name, change) => {
    const p = project();
    p.build();
    change(p.root);
    expect(p.build().built).toBe(true);
    expect(p.builds()).toBe(2);
  });

  it('ignores what is not a build input (node_modules and out/ inside an input, other folders)', () => {
    const p = project();
    p.build();
    write(p.root, 'electron/node_modules/x/index.js', 'x\n');
    write(p.root, 'notes/issue.md', 'text\n');
    write(p.root, 'out/other.js', 'x\n');
    expect(p.build().built).toBe(false);
  });

  it('writes no stamp after a failed build, so the next start builds again', () => {
    const p = project();
    p.build();
    const before = readFileSync(join(p.root, STAMP), 'utf8');
    write(p.root, 'electron/core/a.ts', 'export const a = ;\n');
    expect(p.build(2)).toEqual({ built: true, status: 2 });
    expect(readFileSync(join(p.root, STAMP), 'utf8')).toBe(before);
    expect(p.build(2).status).toBe(2);
    expect(p.build().status).toBe(0);
    expect(p.builds()).toBe(4);
    expect(p.build().built).toBe(false);
  });

  it('always builds without ifStale (what `npm run build` and `npm test` do)', () => {
    const { dir, remove } = tempDir('symbolon-stamp-');
    dirs.push(remove);
    write(dir, 'electron/a.ts', 'x\n');
    let runs = 0;
    const build = () => ensureBuilt({ root: dir, ifStale: false, inputs: INPUTS, entryPoints: [], say: () => undefined, build: () => ((runs += 1), 0) });
    build();
    build();
    expect(runs).toBe(2);
  });
});
