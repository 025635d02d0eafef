/**
 * Real GnuPG in a throwaway home: custodian keys (Ed25519 + Cv25519, as people make them today)
 * exported ASCII-armored, with the fingerprint and expiry GnuPG itself reports.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface GpgKey {
  armored: string;
  fingerprint: string;
  /** YYYY-MM-DD, UTC. */
  expires: string;
}

export function gpgHome(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'symbolon-gpg-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function makeKey(home: string, name: string): GpgKey {
  const gpg = (...args: string[]) => execFileSync('gpg', ['--homedir', home, '--batch', '--pinentry-mode', 'loopback', '--passphrase', '', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const uid = `${name} <${name.toLowerCase()}@example.org>`;
  gpg('--quick-gen-key', uid, 'ed25519', 'sign,cert', '2y');
  const colons = gpg('--with-colons', '--fingerprint', uid);
  const fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(colons)?.[1];
  if (!fingerprint) throw new Error(`gpg gave no fingerprint for ${uid}`);
  gpg('--quick-add-key', fingerprint, 'cv25519', 'encr', '2y');
  const expiry = /^pub:[^:]*:[^:]*:[^:]*:[^:]*:[^:]*:(\d+):/m.exec(gpg('--with-colons', '--list-keys', fingerprint))?.[1];
  return {
    armored: gpg('--armor', '--export', fingerprint),
    fingerprint,
    expires: expiry ? new Date(Number(expiry) * 1000).toISOString().slice(0, 10) : 'never',
  };
}
