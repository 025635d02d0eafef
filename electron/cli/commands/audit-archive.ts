/**
 * `symbolon audit archive` and the archive half of `audit verify`:
 *   audit archive --data FILE --out ARCHIVE.jsonl (--before SEQ | --older-than AGE)
 *   audit verify --file ARCHIVE.jsonl [--file LATER.jsonl …] --data FILE
 * The second checks each archive on its own, the keyring's live chain on its own, and that they
 * join: each archive continues the previous one and the last ends exactly at the keyring's anchor.
 */
import { parseArgs } from 'node:util';
import { archiveAudit, parseAge, verifyArchiveFile } from '../../core/audit/audit-archive.js';
import type { ArchiveCut } from '../../core/audit/audit-archive.js';
import { auditAnchorOfKeyring, verifyKeyringAudit } from '../../core/audit/audit-file.js';
import type { ChainStart } from '../../core/audit/audit-log.js';
import { defaultKeyringPath } from '../data-path.js';
import { say } from '../output.js';
import { withStoppedKeyring } from '../stopped-keyring.js';

export const AUDIT_ARCHIVE_USAGE = `audit archive [--data FILE] --out ARCHIVE.jsonl (--before SEQ | --older-than AGE)   move the oldest entries to a verified file
  audit verify --file ARCHIVE.jsonl [--file …] --data FILE   verify archives and the live log, each and together`;

function cutOf(before: string | undefined, olderThan: string | undefined): ArchiveCut {
  if ((before === undefined) === (olderThan === undefined)) throw new Error('give exactly one of --before SEQ or --older-than AGE (e.g. 90d)');
  if (before !== undefined) {
    if (!/^\d{1,15}$/.test(before) || Number(before) < 1) throw new Error(`--before must be a positive sequence number, not "${before}"`);
    return { before: Number(before) };
  }
  return { olderThan: new Date(Date.now() - parseAge(olderThan ?? '')) };
}

export async function archiveCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { data: { type: 'string' }, out: { type: 'string' }, before: { type: 'string' }, 'older-than': { type: 'string' } }, strict: true });
  if (!values.out) throw new Error('audit archive needs --out ARCHIVE.jsonl');
  const out = values.out;
  const cut = cutOf(values.before, values['older-than']);
  const data = values.data ?? defaultKeyringPath();
  const started = Date.now();
  const result = await withStoppedKeyring(data, 'PUT sys/audit/archive', (db, audit) => archiveAudit(db, audit, out, cut));
  say(`archived entries ${result.first}..${result.last} (${result.entries}) to ${result.path} in ${Date.now() - started} ms`);
  say(`sha256 ${result.sha256}`);
  say(`the live log now continues from entry ${result.anchor.seq} sha256 ${result.anchor.hash}`);
}

/** Verifies archives (in order) and the keyring together; sets exit code 1 on any break. */
export async function verifyArchivesWithKeyring(files: readonly string[], data: string): Promise<void> {
  let previous: ChainStart | null = null;
  let ok = true;
  for (const file of files) {
    const verdict = await verifyArchiveFile(file);
    if (!verdict.ok) {
      say(`archive ${file}: BROKEN at entry ${String(verdict.firstBroken)}: ${String(verdict.reason)}`);
      ok = false;
      continue;
    }
    say(`archive ${file}: intact, entries ${verdict.start ? verdict.start.seq + 1 : '-'}..${verdict.head?.seq ?? '-'} (${verdict.entries}), sha256 ${verdict.sha256}`);
    if (previous && (verdict.start?.seq !== previous.seq || verdict.start.hash !== previous.hash)) {
      say(`archive ${file} does not continue the archive before it (which ends at entry ${previous.seq})`);
      ok = false;
    }
    previous = verdict.head ?? previous;
  }
  const live = verifyKeyringAudit(data);
  if (live.ok) say(`live log ${data}: intact, ${live.entries} entries, head ${live.head ? `${live.head.seq} sha256 ${live.head.hash}` : 'none'}`);
  else say(`live log ${data}: BROKEN at entry ${String(live.firstBroken)}: ${String(live.reason)}`);
  ok &&= live.ok;
  const anchor = auditAnchorOfKeyring(data);
  if (!anchor) {
    say(`the keyring has no archived entries; its chain starts at the genesis`);
    ok = false;
  } else if (!previous || previous.seq !== anchor.seq || previous.hash !== anchor.hash) {
    say(`the archives end at entry ${previous?.seq ?? 'none'}, but the live log continues from entry ${anchor.seq}: they do NOT join`);
    ok = false;
  } else {
    say(`together: the archives end at entry ${anchor.seq} exactly where the live log continues (sha256 ${anchor.hash})`);
  }
  say(ok ? 'audit chain intact from the archives through the live log' : 'audit chain NOT intact');
  if (!ok) process.exitCode = 1;
}
