#!/usr/bin/env node
/**
 * `symbolon <command>`: the headless entry point. `serve` runs the core, the API and the built UI
 * on loopback; other commands work on a keyring file offline.
 */
import { AUDIT_USAGE, runAudit } from './commands/audit.js';
import { BACKUP_USAGE, runBackup } from './commands/backup.js';
import { RESTORE_USAGE, runRestore } from './commands/restore.js';
import { runServe } from './commands/serve.js';
import { fail } from './output.js';

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = {
  serve: runServe,
  audit: runAudit,
  backup: runBackup,
  restore: runRestore,
};

const USAGE = `usage: symbolon <command> [options]
commands:
  serve [--data FILE] [--port N] [--host 127.0.0.1|::1] [--dev]   run the keyring, API and UI on loopback
  ${AUDIT_USAGE}
  ${BACKUP_USAGE}
  ${RESTORE_USAGE}`;

const [command, ...rest] = process.argv.slice(2);
const run = command ? COMMANDS[command] : undefined;
if (!run) {
  fail(command ? `unknown command "${command}"\n${USAGE}` : USAGE);
} else {
  run(rest).catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
}
