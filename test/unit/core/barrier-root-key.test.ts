/**
 * Barrier.commitRootKey, the barrier's half of a rekey (DESIGN.md, "Rekey replaces both"): the
 * keyring with a new active term is written under a new root key in the caller's transaction;
 * memory and file agree whether it commits or rolls back. Runs on a real SQLite file.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Barrier } from '../../../electron/core/barrier/barrier.js';
import { Keyring } from '../../../electron/core/barrier/keyring.js';
import { openDatabase } from '../../../electron/core/storage/database.js';
import type { Db } from '../../../electron/core/storage/database.js';
import { tempDir } from '../../helpers/serve.js';

const NOW = new Date('2026-01-02T03:04:05Z');

describe('barrier root-key replacement', () => {
  let dir: ReturnType<typeof tempDir>;
  let db: Db;
  let oldRoot: Buffer;
  let barrier: Barrier;

  beforeEach(() => {
    dir = tempDir();
    db = openDatabase(join(dir.dir, 'k.db'));
    oldRoot = randomBytes(32);
    barrier = new Barrier(db);
    const keyring = Keyring.create(NOW);
    barrier.install(oldRoot, keyring);
    barrier.replaceKeyring(keyring);
    barrier.put('before', Buffer.from('written before'));
  });

  afterEach(() => {
    barrier.forget();
    db.close();
    dir.remove();
  });

  function termOfRecord(path: string): number {
    const row = db.prepare('SELECT value FROM records WHERE path = ?').get(path) as { value: Buffer };
    return Barrier.termOf(row.value);
  }

  function reopenWith(rootKey: Buffer): Barrier | null {
    const reopened = new Barrier(db);
    return reopened.unseal(rootKey) ? reopened : null;
  }

  it('writes the keyring under the new root key only, the new term active, older records still readable', () => {
    const newRoot = randomBytes(32);
    barrier.commitRootKey(newRoot, barrier.currentKeyring.withNewTerm(NOW), () => barrier.put('alongside', Buffer.from('in the commit')));
    // What the transaction itself encrypted is already under the new term.
    expect(termOfRecord('alongside')).toBe(2);
    expect(barrier.currentKeyring.activeTerm).toBe(2);
    expect(barrier.holdsRootKey(newRoot)).toBe(true);
    expect(reopenWith(oldRoot)).toBeNull();
    const reopened = reopenWith(newRoot);
    expect(reopened?.get('before')?.toString()).toBe('written before');
    expect(reopened?.get('alongside')?.toString()).toBe('in the commit');
    reopened?.forget();
  });

  it('keeps the old root key and keyring, in memory and in the file, when the transaction rolls back', () => {
    const newRoot = randomBytes(32);
    expect(() =>
      barrier.commitRootKey(newRoot, barrier.currentKeyring.withNewTerm(NOW), () => {
        barrier.put('alongside', Buffer.from('rolled back'));
        throw new Error('the seal record changed');
      }),
    ).toThrow('the seal record changed');
    expect(barrier.currentKeyring.activeTerm).toBe(1);
    expect(barrier.holdsRootKey(oldRoot)).toBe(true);
    expect(barrier.get('alongside')).toBeNull();
    barrier.put('after', Buffer.from('still term 1'));
    expect(termOfRecord('after')).toBe(1);
    expect(reopenWith(newRoot)).toBeNull();
    const reopened = reopenWith(oldRoot);
    expect(reopened?.get('after')?.toString()).toBe('still term 1');
    reopened?.forget();
  });
});
