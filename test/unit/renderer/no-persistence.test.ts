/**
 * Secrets stay in memory: no renderer source uses Web Storage, IndexedDB, cookies, zustand's
 * persist middleware, or logs to the console; and only lib/api.ts touches the transport.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../../renderer');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

const files = sources(ROOT).map((path) => ({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') }));

describe('renderer sources', () => {
  it('exist (the scan is not vacuous)', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each([
    ['localStorage', /\blocalStorage\b/],
    ['sessionStorage', /\bsessionStorage\b/],
    ['indexedDB', /\bindexedDB\b/],
    ['document.cookie', /document\.cookie/],
    ['zustand persist', /zustand\/middleware|\bpersist\(/],
    ['console', /\bconsole\./],
  ])('never use %s', (_name, pattern) => {
    expect(files.filter((f) => pattern.test(f.text)).map((f) => f.path)).toEqual([]);
  });

  it('touch fetch and window.symbolon only in lib/api.ts', () => {
    const offenders = files.filter((f) => f.path !== join('lib', 'api.ts') && /\bfetch\(|\.symbolon\b|XMLHttpRequest|WebSocket/.test(f.text));
    expect(offenders.map((f) => f.path)).toEqual([]);
  });
});
