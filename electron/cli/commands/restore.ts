/**
 * `symbolon restore --from BACKUP.db --data FILE [--force]`: puts a backup in place of the
 * keyring file. It refuses to replace an existing keyring unless --force, and then moves the
 * current file (with its -wal) aside under a dated name: a restore never deletes a keyring. The
 * backup is checked first (integrity, seal record, audit chain), copied under a temporary 0600
 * name, flushed and renamed into place; the command says which generation's shares open it.
 */
import { copyFileSync, existsSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { createPrivateFile, fileDigest, fsyncDirectory, fsyncFile, partialName, removeQuietly, settleCopy } from '../../core/storage/backup.js';
import { inspectKeyring, openCopyInMemory } from '../../core/storage/backup-inspect.js';
import type { KeyringFacts } from '../../core/storage/backup-inspect.js';
import { KeyringInUseError, lockKeyringFile } from '../../core/storage/file-lock.js';
import { defaultKeyringPath } from '../data-path.js';
import { say } from '../output.js';
import { withStoppedKeyring } from '../stopped-keyring.js';

export const RESTORE_USAGE = `restore --from BACKUP.db [--data FILE] [--force]      put a backup in place (--force moves the current keyring aside, never deletes it)`;

function checkedFacts(from: string): KeyringFacts {
  const copy = openCopyInMemory(from);
  try {
    const facts = inspectKeyring(copy, from);
    if (facts.integrity !== 'ok') throw new Error(`${from} failed its integrity check (${facts.integrity}); nothing was restored`);
    if (!facts.audit.ok) throw new Error(`${from} has a broken audit chain at entry ${String(facts.audit.firstBroken)}; nothing was restored`);
    return facts;
  } finally {
    copy.close();
  }
}

/** Moves the keyring and its journal files aside together (a -wal belongs to its file). */
function moveAside(data: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const aside = `${data}.replaced-${stamp}`;
  if (existsSync(aside)) throw new Error(`${aside} already exists; try again in a moment`);
  for (const suffix of ['-wal', '-shm']) if (existsSync(data + suffix)) renameSync(data + suffix, aside + suffix);
  renameSync(data, aside);
  return aside;
}

export async function runRestore(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { from: { type: 'string' }, data: { type: 'string' }, force: { type: 'boolean', default: false } }, strict: true });
  if (!values.from) throw new Error('restore needs --from BACKUP.db');
  const from = values.from;
  const data = values.data ?? defaultKeyringPath();
  const facts = checkedFacts(from);
  const exists = existsSync(data);
  if (exists && !values.force) throw new Error(`${data} already holds a keyring; restore replaces it only with --force (which keeps the current file beside it)`);

  let lock;
  try {
    lock = lockKeyringFile(data);
  } catch (error) {
    if (error instanceof KeyringInUseError) throw new Error(`${error.message}; stop it before restoring`, { cause: error });
    throw error;
  }
  let aside: string | null = null;
  try {
    const temporary = partialName(data);
    createPrivateFile(temporary);
    try {
      copyFileSync(from, temporary);
      settleCopy(temporary);
      fsyncFile(temporary);
      if (exists) aside = moveAside(data);
      renameSync(temporary, data);
    } catch (error) {
      removeQuietly(temporary);
      throw error;
    }
    fsyncDirectory(dirname(data));
  } finally {
    lock.release();
  }
  const { sha256 } = await fileDigest(from);
  await withStoppedKeyring(data, 'nothing (stop it)', (_db, audit) => {
    audit.append({ type: 'storage', action: 'restored', from_sha256: sha256, generation: facts.generation, replaced: aside });
  });
  say(`restored keyring ${facts.keyringId} from ${from} to ${data}`);
  if (aside) say(`the keyring it replaced was moved aside to ${aside} (not deleted)`);
  say(`it opens only with the shares of generation ${facts.generation}: ${facts.threshold} of ${facts.custodians.length} (${facts.custodians.map((c) => `${c.index} ${c.name}`).join(', ')})`);
}
