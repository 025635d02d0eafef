/**
 * `symbolon audit verify|export`: the witness's offline tools. They read the keyring file
 * read-only (no shares, no unseal) or a JSON Lines export, and never need the API.
 *   audit verify --data FILE          check the hash chain in a keyring file
 *   audit verify --file EXPORT.jsonl  check an export
 *   audit export --data FILE [--out EXPORT.jsonl]   JSON Lines, to stdout by default
 * verify exits 0 when intact and 1 at the first broken link, naming it.
 */
import { closeSync, fchmodSync, openSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { auditRowsOfKeyring, exportLine, verifyExportFile, verifyKeyringAudit } from '../../core/audit/audit-file.js';
import type { ChainVerdict } from '../../core/audit/audit-log.js';
import { defaultKeyringPath } from '../data-path.js';
import { say, warn } from '../output.js';

export const AUDIT_USAGE = `audit verify [--data FILE | --file EXPORT.jsonl]   verify the audit hash chain offline
  audit export [--data FILE] [--out EXPORT.jsonl]      export the audit log as JSON Lines (stdout by default)`;

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

async function verify(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { data: { type: 'string' }, file: { type: 'string' } }, strict: true });
  if (values.data && values.file) throw new Error('give either --data (a keyring file) or --file (an export), not both');
  if (values.file) {
    report(await verifyExportFile(values.file), values.file);
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
  warn(`usage:\n  ${AUDIT_USAGE}`);
  throw new Error(sub ? `unknown audit command "${sub}"` : 'audit needs a command: verify or export');
}
