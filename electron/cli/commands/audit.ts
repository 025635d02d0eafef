/**
 * `symbolon audit verify|export`: the witness's offline tools. They read the keyring file
 * read-only (no shares, no unseal) or a JSON Lines export, and never need the API.
 *   audit verify --data FILE          check the hash chain in a keyring file
 *   audit verify --file EXPORT.jsonl  check an export
 *   audit verify --data FILE --head HASH   also check a chain head printed on a ceremony record:
 *                                     it must be an entry of this intact chain (later ones may follow)
 *   audit export --data FILE [--out EXPORT.jsonl]   JSON Lines, to stdout by default
 * verify exits 0 when intact and 1 at the first broken link, naming it.
 */
import { closeSync, fchmodSync, openSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { auditRowsOfKeyring, exportLine, verifyExportFile, verifyKeyringAudit } from '../../core/audit/audit-file.js';
import { ChainVerifier } from '../../core/audit/audit-log.js';
import type { ChainVerdict } from '../../core/audit/audit-log.js';
import { defaultKeyringPath } from '../data-path.js';
import { AUDIT_ARCHIVE_USAGE, archiveCommand, verifyArchivesWithKeyring } from './audit-archive.js';
import { say, warn } from '../output.js';

export const AUDIT_USAGE = `audit verify [--data FILE | --file EXPORT.jsonl]   verify the audit hash chain offline
  audit verify [--data FILE] --head HASH               also find a printed ceremony record's chain head in it
  audit export [--data FILE] [--out EXPORT.jsonl]      export the audit log as JSON Lines (stdout by default)
  ${AUDIT_ARCHIVE_USAGE}`;

function report(verdict: ChainVerdict, source: string): void {
  if (verdict.ok) {
    say(`audit chain intact: ${verdict.entries} entries checked in ${source}`);
    if (verdict.head) say(`head: entry ${verdict.head.seq} sha256 ${verdict.head.hash}`);
    say('(a chain cannot reveal entries cut from its end: compare the head with one noted earlier)');
    return;
  }
  say(`audit chain BROKEN at entry ${String(verdict.firstBroken)}: ${String(verdict.reason)} (${verdict.entries} entries read in ${source})`);
  process.exitCode = 1;
}

/** A head as printed (upper or lower case, grouped by spaces) → 64 lower-case hex digits. */
export function printedHead(text: string): string {
  const hex = text.replace(/\s+/g, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error('--head must be the 64 hex digits of a SHA-256 chain head, as printed on the ceremony record');
  return hex;
}

/**
 * The chain is verified entry by entry; the printed head counts only if an entry of the verified
 * part carries it. Entries after it are expected (the keyring was used since the ceremony).
 */
function verifyHead(data: string, head: string): void {
  const verifier = new ChainVerifier();
  let at: number | null = null;
  for (const row of auditRowsOfKeyring(data)) {
    if (!verifier.push(row)) break;
    if (row.hash === head) at = row.seq;
  }
  const verdict = verifier.verdict();
  report(verdict, data);
  if (!verdict.ok) return;
  if (at === null) {
    say(`printed head ${head} is NOT an entry of this audit chain`);
    process.exitCode = 1;
    return;
  }
  const after = verdict.entries - at;
  say(`printed head found: entry ${at} of ${verdict.entries}; ${after === 0 ? 'nothing was' : `${after} ${after === 1 ? 'entry was' : 'entries were'}`} appended after it`);
}

async function verify(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { data: { type: 'string' }, file: { type: 'string', multiple: true }, head: { type: 'string' } }, strict: true });
  if (values.head !== undefined) {
    if (values.file) throw new Error('--head checks a keyring file: give --data, not --file');
    verifyHead(values.data ?? defaultKeyringPath(), printedHead(values.head));
    return;
  }
  // Archives and the keyring they were cut from: each checked, and their join (audit-archive.ts).
  if (values.data && values.file) return verifyArchivesWithKeyring(values.file, values.data);
  const file = values.file?.[0];
  if (file) {
    report(await verifyExportFile(file), file);
    return;
  }
  const data = values.data ?? defaultKeyringPath();
  report(verifyKeyringAudit(data), data);
}

function exportLog(args: string[]): void {
  const { values } = parseArgs({ args, options: { data: { type: 'string' }, out: { type: 'string' } }, strict: true });
  const data = values.data ?? defaultKeyringPath();
  // 'wx': never overwrite an existing file (an earlier export may be the evidence). Owner-only,
  // whatever the umask: the log names custodians and ceremonies; the owner can share it on purpose.
  const fd = values.out ? openSync(values.out, 'wx', 0o600) : null;
  if (fd !== null) fchmodSync(fd, 0o600);
  let count = 0;
  try {
    for (const row of auditRowsOfKeyring(data)) {
      const line = exportLine(row) + '\n';
      if (fd === null) process.stdout.write(line);
      else writeSync(fd, line);
      count += 1;
    }
  } finally {
    if (fd !== null) closeSync(fd);
  }
  if (values.out) say(`exported ${count} audit entries to ${values.out}`);
}

export async function runAudit(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === 'verify') return verify(rest);
  if (sub === 'export') return exportLog(rest);
  if (sub === 'archive') return archiveCommand(rest);
  warn(`usage:\n  ${AUDIT_USAGE}`);
  throw new Error(sub ? `unknown audit command "${sub}"` : 'audit needs a command: verify, export or archive');
}
