/**
 * The KV version 2 engine in the core (electron/core/kv/), on a real keyring file: values and
 * metadata are stored only through the barrier, the window of kept versions slides as Vault's
 * does (and removes the data of dropped versions), destroy and metadata delete remove data for
 * good without touching neighbouring secrets, listing names direct children, paths are checked,
 * and nothing works while sealed.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core/core.js';
import { CoreError } from '../../../electron/core/errors.js';
import { addVersion, newKeyMetadata } from '../../../electron/core/kv/kv-metadata.js';
import { checkSecretPath } from '../../../electron/core/kv/kv-path.js';
import { tempDir } from '../../helpers/serve.js';
import { reopenUnsealed, unsealedCore } from '../../helpers/unsealed-core.js';
import { dbOf } from '../../helpers/core-internals.js';

function recordPaths(core: Core, prefix: string): string[] {
  return (dbOf(core).prepare('SELECT path FROM records WHERE path LIKE ? ORDER BY path').all(prefix + '%') as { path: string }[]).map((r) => r.path);
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof CoreError) return `${error.kind}:${error.code}:${error.message}`;
    throw error;
  }
  throw new Error('expected a CoreError');
}

describe('KV version 2 engine (core)', () => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  let core: Core;
  let key: string;

  beforeEach(async () => {
    dir = tempDir();
    file = join(dir.dir, 'k.db');
    ({ core, key } = await unsealedCore(file));
  });
  afterEach(() => {
    core.close();
    dir.remove();
  });

  it('stores values only in encrypted form', () => {
    const marker = 'plaintext-marker-7f3a9c';
    core.kv.write('app/db', { password: marker }, null);
    core.kv.writeMetadata('app/db', { maxVersions: null, casRequired: null, customMetadata: { owner: 'marker-owner-5e1d' } });
    const rows = dbOf(core).prepare('SELECT value FROM records').all() as { value: Buffer }[];
    for (const row of rows) {
      expect(row.value.includes(Buffer.from(marker))).toBe(false);
      expect(row.value.includes(Buffer.from('marker-owner-5e1d'))).toBe(false);
    }
    expect(recordPaths(core, 'kv/')).toEqual(['kv/data/app/db/1', 'kv/meta/app/db']);
  });

  it('keeps max_versions versions and removes the data of older ones', () => {
    core.kv.writeMetadata('s', { maxVersions: 3, casRequired: null, customMetadata: null });
    for (let i = 1; i <= 5; i++) core.kv.write('s', { n: i }, null);
    const meta = core.kv.readMetadata('s');
    expect(meta?.['current_version']).toBe(5);
    expect(meta?.['oldest_version']).toBe(3);
    expect(Object.keys(meta?.['versions'] as object)).toEqual(['3', '4', '5']);
    expect(recordPaths(core, 'kv/data/')).toEqual(['kv/data/s/3', 'kv/data/s/4', 'kv/data/s/5']);
    expect(core.kv.read('s', 2)).toEqual({ kind: 'missing' });
    expect(core.kv.read('s', 3)).toMatchObject({ kind: 'found', data: { n: 3 } });
  });

  it('slides the window exactly as Vault AddVersion does (default 10)', () => {
    const meta = newKeyMetadata('t');
    const removed: number[] = [];
    for (let i = 0; i < 12; i++) removed.push(...addVersion(meta, 't', 0).removed);
    // Vault: after 10 writes oldest becomes 1 (version "0" never existed), then 2, then 3.
    expect(meta.oldest_version).toBe(3);
    expect(removed).toEqual([1, 2]);
    expect(Object.keys(meta.versions).map(Number)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('destroys a version for good and leaves the others readable', () => {
    core.kv.write('s', { v: 1 }, null);
    core.kv.write('s', { v: 2 }, null);
    core.kv.destroyVersions('s', [1, 99]);
    expect(recordPaths(core, 'kv/data/')).toEqual(['kv/data/s/2']);
    expect(core.kv.read('s', 1)).toMatchObject({ kind: 'unavailable', metadata: { destroyed: true, version: 1 } });
    // Undelete cannot bring back a destroyed version.
    core.kv.undeleteVersions('s', [1]);
    expect(core.kv.read('s', 1).kind).toBe('unavailable');
    expect(core.kv.read('s')).toMatchObject({ kind: 'found', data: { v: 2 } });
  });

  it('deletes all of one secret and nothing of a secret nested under its name', () => {
    core.kv.write('a', { x: 1 }, null);
    core.kv.write('a/1', { y: 1 }, null);
    core.kv.deleteMetadata('a');
    expect(recordPaths(core, 'kv/')).toEqual(['kv/data/a/1/1', 'kv/meta/a/1']);
    expect(core.kv.read('a/1')).toMatchObject({ kind: 'found', data: { y: 1 } });
  });

  it('lists the direct children of a folder, folders with a trailing slash', () => {
    for (const path of ['a', 'a/b', 'a-b', 'b/c/d', 'b/e']) core.kv.write(path, { k: 1 }, null);
    expect(core.kv.list('')).toEqual(['a', 'a-b', 'a/', 'b/']);
    expect(core.kv.list('b')).toEqual(['c/', 'e']);
    expect(core.kv.list('b/')).toEqual(['c/', 'e']);
    expect(core.kv.list('nothing')).toEqual([]);
  });

  it('rejects malformed secret paths with a 400 naming the problem', () => {
    expect(codeOf(() => checkSecretPath(''))).toBe('invalid:INVALID_PATH:missing path');
    expect(codeOf(() => checkSecretPath('a//b'))).toMatch(/empty segments/);
    expect(codeOf(() => checkSecretPath('a/../b'))).toMatch(/"\." or "\.\." segments/);
    expect(codeOf(() => checkSecretPath('a\u0000b'))).toMatch(/control characters/);
    expect(codeOf(() => checkSecretPath('x'.repeat(1025)))).toMatch(/at most 1024/);
    expect(codeOf(() => core.kv.write('a//b', { k: 1 }, null))).toMatch(/empty segments/);
    expect(recordPaths(core, 'kv/')).toEqual([]);
  });

  it('leaves the secret unchanged when check-and-set fails', () => {
    core.kv.write('s', { v: 1 }, 0);
    expect(codeOf(() => core.kv.write('s', { v: 2 }, 0))).toBe('invalid:CAS_MISMATCH:check-and-set parameter did not match the current version');
    expect(codeOf(() => core.kv.write('s', { v: 2 }, 5))).toMatch(/CAS_MISMATCH/);
    expect(core.kv.readMetadata('s')?.['current_version']).toBe(1);
    expect(recordPaths(core, 'kv/data/')).toEqual(['kv/data/s/1']);
  });

  it('requires check-and-set when the engine or the secret says so', () => {
    core.kv.writeConfig({ maxVersions: null, casRequired: true });
    expect(codeOf(() => core.kv.write('s', { v: 1 }, null))).toBe('invalid:CAS_REQUIRED:check-and-set parameter required for this call');
    core.kv.write('s', { v: 1 }, 0);
    core.kv.writeConfig({ maxVersions: null, casRequired: false });
    core.kv.writeMetadata('s', { maxVersions: null, casRequired: true, customMetadata: null });
    expect(codeOf(() => core.kv.write('s', { v: 2 }, null))).toMatch(/CAS_REQUIRED/);
    core.kv.write('s', { v: 2 }, 1);
    expect(core.kv.config()).toEqual({ max_versions: 0, cas_required: false });
  });

  it('refuses to work while sealed and reads everything back after unseal', async () => {
    core.kv.write('s', { v: 'kept' }, null);
    core.seal.seal();
    expect(codeOf(() => core.kv.read('s'))).toMatch(/^sealed:SEALED/);
    expect(codeOf(() => core.kv.list(''))).toMatch(/^sealed:SEALED/);
    expect(codeOf(() => core.kv.write('s', { v: 'x' }, null))).toMatch(/^sealed:SEALED/);
    core.close();
    core = await reopenUnsealed(file, key);
    expect(core.kv.read('s')).toMatchObject({ kind: 'found', data: { v: 'kept' } });
  });
});
