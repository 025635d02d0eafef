/**
 * `symbolon backup`: a backup of a stopped keyring, and the restore drill on a backup file.
 *   backup --data FILE --out BACKUP.db                     consistent copy (0600), checked, audited
 *   backup verify --file BACKUP.db [--unseal] [--data FILE] what it holds; with --unseal, prove
 *                                                          the shares open it (in memory only)
 * A running keyring is backed up through its API (GET sys/storage/snapshot, the Backup screen).
 */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { CoreError } from '../../core/errors.js';
import { fileDigest, writeBackup } from '../../core/storage/backup.js';
import { drillUnseal, judgeDrillShare } from '../../core/storage/backup-drill.js';
import { inspectKeyring, openCopyInMemory } from '../../core/storage/backup-inspect.js';
import type { KeyringFacts } from '../../core/storage/backup-inspect.js';
import { recordBackup, recordDrill } from '../../core/storage/backup-record.js';
import { readSealConfig } from '../../core/seal/seal-config.js';
import { defaultKeyringPath } from '../data-path.js';
import { say, warn } from '../output.js';
import { readShares } from '../share-prompt.js';
import { withStoppedKeyring } from '../stopped-keyring.js';

export const BACKUP_USAGE = `backup [--data FILE] --out BACKUP.db                   back up a stopped keyring (0600, integrity-checked, audited)
  backup verify --file BACKUP.db [--unseal] [--data FILE]  show what a backup holds and check it; --unseal proves shares open it`;

const operator = (): string => {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
};

async function backup(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { data: { type: 'string' }, out: { type: 'string' } }, strict: true });
  if (!values.out) throw new Error('backup needs --out BACKUP.db');
  const out = values.out;
  const data = values.data ?? defaultKeyringPath();
  await withStoppedKeyring(data, 'the Backup screen or GET sys/storage/snapshot', (db, audit) => {
    const config = readSealConfig(db);
    if (!config) throw new Error(`${data} is not an initialized keyring: nothing to back up`);
    const started = Date.now();
    const file = writeBackup(db, out);
    const copy = openCopyInMemory(out);
    let term: number;
    try {
      term = inspectKeyring(copy, out).newestTerm ?? 0;
    } finally {
      copy.close();
    }
    recordBackup(db, audit, { file, who: operator(), via: 'cli', generation: config.current.generation, term, time: new Date() });
    say(`backup written to ${file.path} (${file.size} bytes, ${Date.now() - started} ms)`);
    say(`sha256 ${file.sha256}`);
    say(`it opens only with the shares of generation ${config.current.generation} (${config.current.threshold} of ${config.current.shares.length}: ${config.current.shares.map((s) => s.custodian).join(', ')})`);
    say('the backup is as encrypted as the keyring; keep it apart from the shares');
  });
}

function describe(facts: KeyringFacts, file: string, sha256: string): void {
  say(`backup ${file}`);
  say(`  sha256       ${sha256}`);
  say(`  keyring id   ${facts.keyringId}`);
  say(`  name         ${facts.keyringName ?? '(none: made before keyrings had names)'}`);
  say(`  generation   ${facts.generation} (its shares open this backup)`);
  say(`  threshold    ${facts.threshold} of ${facts.custodians.length}`);
  for (const c of facts.custodians) say(`  custodian    ${c.index}: ${c.name}${c.fingerprint ? ` (PGP ${c.fingerprint})` : ''}`);
  say(`  active term  ${facts.newestTerm === null ? 'no records yet' : `${facts.newestTerm} (newest term among records)`}`);
  say(`  records      ${facts.records}`);
  say(`  integrity    ${facts.integrity}`);
  if (facts.auditArchivedThrough !== null) say(`  audit        entries 1..${facts.auditArchivedThrough} were archived before this backup`);
  if (facts.audit.ok) say(`  audit chain  intact, ${facts.audit.entries} entries, head ${facts.audit.head ? `${facts.audit.head.seq} sha256 ${facts.audit.head.hash}` : 'none'}`);
  else say(`  audit chain  BROKEN at entry ${String(facts.audit.firstBroken)}: ${String(facts.audit.reason)}`);
}

/** Reads shares until the threshold is met, saying for each whose it is or why it is refused. */
async function collectShares(facts: KeyringFacts): Promise<string[]> {
  const accepted = new Map<number, string>();
  say(`enter ${facts.threshold} shares of generation ${facts.generation}, one per custodian`);
  for await (const share of readShares((n) => `share ${n} (${accepted.size} of ${facts.threshold} accepted): `)) {
    try {
      const judged = judgeDrillShare(facts.config, share);
      judged.bytes.fill(0);
      if (accepted.has(judged.index)) {
        say(`share ${judged.index} (${judged.custodian}) was already given`);
        continue;
      }
      accepted.set(judged.index, share);
      say(`share ${judged.index} (${judged.custodian}) accepted`);
    } catch (error) {
      if (!(error instanceof CoreError)) throw error;
      say(`share refused: ${error.message}`);
    }
    if (accepted.size >= facts.threshold) break;
  }
  if (accepted.size < facts.threshold) throw new Error(`only ${accepted.size} of ${facts.threshold} shares were accepted: the drill did not open the backup`);
  return [...accepted.values()];
}

async function verify(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { file: { type: 'string' }, unseal: { type: 'boolean', default: false }, data: { type: 'string' } }, strict: true });
  if (!values.file) throw new Error('backup verify needs --file BACKUP.db');
  const file = values.file;
  const { sha256 } = await fileDigest(file);
  const copy = openCopyInMemory(file);
  try {
    const facts = inspectKeyring(copy, file);
    describe(facts, file, sha256);
    const sound = facts.integrity === 'ok' && facts.audit.ok;
    if (!sound) process.exitCode = 1;
    if (!values.unseal) {
      say(sound ? 'backup is readable and its audit chain is intact (add --unseal to prove the shares open it)' : 'backup is DAMAGED');
      return;
    }
    let outcome: 'opened' | 'refused' = 'refused';
    let given: number[] = [];
    try {
      const keys = await collectShares(facts);
      const result = await drillUnseal(copy, facts.config, keys);
      outcome = 'opened';
      given = result.shares.map((s) => s.index);
      say(`drill passed: the shares of ${result.shares.map((s) => `${s.index} (${s.custodian})`).join(', ')} open this backup; active term ${result.activeTerm}; ${result.recordsOpened} records decrypted in memory; no file was changed`);
    } finally {
      if (values.data) await auditDrill(values.data, facts, outcome, given, sha256);
    }
  } finally {
    copy.close();
  }
}

async function auditDrill(data: string, facts: KeyringFacts, outcome: 'opened' | 'refused', shares: number[], sha256: string): Promise<void> {
  try {
    await withStoppedKeyring(data, 'the Backup screen (PUT sys/storage/drill)', (db, audit) => recordDrill(db, audit, { who: operator(), facts, outcome, shares, sha256 }));
    say(`drill recorded in the audit log of ${data}`);
  } catch (error) {
    warn(`the drill could not be recorded in ${data}: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}

export async function runBackup(args: string[]): Promise<void> {
  if (args[0] === 'verify') return verify(args.slice(1));
  return backup(args);
}
