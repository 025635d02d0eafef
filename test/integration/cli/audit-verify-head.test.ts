/**
 * `symbolon audit verify --head HASH`: a witness types the chain head printed on a ceremony
 * record (grouped, upper case, as printed) and the CLI finds it in the keyring file's intact
 * chain, saying how many entries were appended since; a head not in the chain, or a chain broken
 * before it, exits 1.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, api, startServe, tempDir } from '../../helpers/serve.js';

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** As the ceremony record prints it: upper case, groups of four. */
const asPrinted = (hash: string): string => hash.toUpperCase().replace(/(.{4})(?=.)/g, '$1 ');

describe('audit verify --head', () => {
  const dir = tempDir();
  const file = join(dir.dir, 'k.db');
  let head = '';
  let headSeq = 0;
  let total = 0;

  beforeAll(async () => {
    const server = await startServe({ dataPath: file });
    try {
      const init = await api<{ root_token: string; keys: string[] }>(server, 'PUT', 'sys/init', { body: { secret_shares: 1, secret_threshold: 1 } });
      await api(server, 'PUT', 'sys/unseal', { body: { key: init.body.keys[0] } });
      const v = await api<{ data: { head: { seq: number; hash: string } } }>(server, 'GET', 'sys/audit/verify', { token: init.body.root_token });
      ({ seq: headSeq, hash: head } = v.body.data.head);
      // The keyring is used after the ceremony: entries follow the printed head.
      for (let i = 0; i < 3; i += 1) await api(server, 'GET', 'auth/token/lookup-self', { token: init.body.root_token });
    } finally {
      await server.stop();
    }
    const db = new Database(file, { readonly: true });
    total = (db.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n;
    db.close();
  }, 60_000);
  afterAll(() => dir.remove());

  it('finds a printed head in the intact chain and counts the entries after it', () => {
    expect(total).toBeGreaterThan(headSeq);
    const r = cli(['audit', 'verify', '--data', file, '--head', asPrinted(head)]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`audit chain intact: ${total} entries checked`);
    expect(r.stdout).toContain(`printed head found: entry ${headSeq} of ${total}; ${total - headSeq} entries were appended after it`);
  });

  it('exits 1 for a head that is not in the chain', () => {
    const other = head.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    const r = cli(['audit', 'verify', '--data', file, '--head', other]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`printed head ${other} is NOT an entry of this audit chain`);
  });

  it('exits 1 when the chain is broken before the printed head', () => {
    const copy = join(dir.dir, 'tampered.db');
    copyFileSync(file, copy);
    const db = new Database(copy);
    db.prepare('DELETE FROM audit_log WHERE seq = 1').run();
    db.close();
    const r = cli(['audit', 'verify', '--data', copy, '--head', head]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('audit chain BROKEN');
    expect(r.stdout).not.toContain('printed head found');
  });

  it('refuses a head that is not 64 hex digits', () => {
    const r = cli(['audit', 'verify', '--data', file, '--head', 'abc']);
    expect(r.status).toBe(1);
    expect(r.stderr + r.stdout).toContain('--head must be the 64 hex digits of a SHA-256 chain head');
  });
});
