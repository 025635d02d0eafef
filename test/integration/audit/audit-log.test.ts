/**
 * The audit log through the real interface: a full session against `symbolon serve` on a real
 * keyring file (init 2-of-3, unseal, KV writes by root and by a limited token, a wrapped read and
 * its unwrap, a seal and a second unseal), then:
 *  - no share (hex, base64 or share text), token, accessor or KV value appears anywhere in the
 *    audit table; ceremony entries name share index and custodian only;
 *  - `sys/audit-hash/file` gives exactly the HMAC that the entry of the KV write holds;
 *  - the chain verifies through the API and offline with `symbolon audit verify`;
 *  - editing one row of the SQLite file, or one line of an export, is reported at that entry
 *    with exit code 1; `custom_audit` is recorded; the UI's log and verify endpoints answer.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, api, startServe, tempDir } from '../../helpers/serve.js';
import type { InitResponse, ServeProcess } from '../../helpers/serve.js';

interface Row {
  seq: number;
  time: string;
  entry: string;
  prev_hash: string;
  hash: string;
}

const KV_VALUES = ['correct-horse-battery-7731', 'db-password-Zq81xk', '918273645519'];

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function auditRows(file: string): Row[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT seq, time, entry, prev_hash, hash FROM audit_log ORDER BY seq').all() as Row[];
  } finally {
    db.close();
  }
}

describe('audit log (HTTP + CLI)', () => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  let server: ServeProcess;
  let init: InitResponse;
  const secrets: string[] = [];
  let kvWriteHmac = '';
  let limitedAccessor = '';
  let keyStatus: { term: number; install_time: string; encryptions: number } = { term: 0, install_time: '', encryptions: 0 };

  beforeAll(async () => {
    dir = tempDir();
    file = join(dir.dir, 'k.db');
    server = await startServe({ dataPath: file });
    const r = await api<InitResponse>(server, 'PUT', 'sys/init', { body: { secret_shares: 3, secret_threshold: 2, custodians: ['Ada', 'Bo', 'Cy'] } });
    expect(r.status).toBe(200);
    init = r.body;
    secrets.push(init.root_token, ...init.keys, ...init.keys_base64);
    for (const share of init.shares) if (share.text) secrets.push(share.text, share.text.replace(/[\s-]/g, ''));
    // Unseal with a share in each form the API accepts.
    expect((await api(server, 'PUT', 'sys/unseal', { body: { key: init.shares[0]?.text } })).status).toBe(200);
    expect((await api(server, 'PUT', 'sys/unseal', { body: { key: init.keys_base64[2] } })).status).toBe(200);
    const root = init.root_token;

    await api(server, 'PUT', 'sys/policies/acl/app-writer', { token: root, body: { policy: JSON.stringify({ path: { 'secret/data/app/*': { capabilities: ['create', 'read', 'update'] } } }) } });
    const created = await api<{ auth: { client_token: string; accessor: string } }>(server, 'POST', 'auth/token/create', { token: root, body: { policies: ['app-writer'], ttl: '1h' } });
    expect(created.status).toBe(200);
    const limited = created.body.auth.client_token;
    limitedAccessor = created.body.auth.accessor;
    secrets.push(limited, limitedAccessor);
    const self = await api<{ data: { accessor: string } }>(server, 'GET', 'auth/token/lookup-self', { token: root });
    secrets.push(self.body.data.accessor);

    const w1 = await api(server, 'POST', 'secret/data/app/one?custom_audit=change%20ticket%20CHG-42', { token: limited, body: { data: { password: KV_VALUES[0] } } });
    expect(w1.status).toBe(200);
    await api(server, 'POST', 'secret/data/app/two', { token: limited, body: { data: { password: KV_VALUES[1], pin: Number(KV_VALUES[2]) } } });
    const owner = 'owner-team-Kx93-secret';
    expect((await api(server, 'POST', 'secret/metadata/app/one', { token: root, body: { custom_metadata: { owner } } })).status).toBe(204);
    secrets.push(owner);
    expect((await api(server, 'GET', 'secret/data/app/one', { token: limited })).status).toBe(200);
    const status = await api<{ data: typeof keyStatus }>(server, 'GET', 'sys/key-status', { token: root });
    expect(status.status).toBe(200);
    keyStatus = status.body.data;
    expect((await api(server, 'POST', 'secret/data/other', { token: limited, body: { data: { v: 'x' } } })).status).toBe(403);

    const wrapped = await api<{ wrap_info: { token: string; accessor: string } }>(server, 'GET', 'secret/data/app/two', { token: root, headers: { 'X-Vault-Wrap-TTL': '300' } });
    expect(wrapped.status).toBe(200);
    secrets.push(wrapped.body.wrap_info.token);
    const unwrapped = await api(server, 'POST', 'sys/wrapping/unwrap', { token: wrapped.body.wrap_info.token });
    expect(unwrapped.status).toBe(200);
    expect(unwrapped.text).toContain(KV_VALUES[1]);

    const hash = await api<{ data: { hash: string }; hash: string }>(server, 'POST', 'sys/audit-hash/file', { token: root, body: { input: KV_VALUES[0] } });
    expect(hash.status).toBe(200);
    kvWriteHmac = hash.body.data.hash;
    expect(hash.body.hash).toBe(kvWriteHmac);

    expect((await api(server, 'PUT', 'sys/seal', { token: root })).status).toBe(204);
    expect((await api(server, 'PUT', 'sys/unseal', { body: { key: init.keys[1] } })).status).toBe(200);
    expect((await api(server, 'PUT', 'sys/unseal', { body: { key: init.keys[0] } })).status).toBe(200);
    secrets.push(...KV_VALUES);
  });
  afterAll(async () => {
    await server.stop();
    dir.remove();
  });

  it('holds no share, token, accessor or KV value anywhere in the audit table', () => {
    const table = auditRows(file).map((r) => `${r.seq}|${r.time}|${r.entry}|${r.prev_hash}|${r.hash}`).join('\n');
    expect(table.length).toBeGreaterThan(1000);
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThanOrEqual(8);
      expect(table.includes(secret), `audit table contains a secret of length ${secret.length}`).toBe(false);
    }
  });

  it('records ceremony steps with share index and custodian', () => {
    const entries = auditRows(file).map((r) => JSON.parse(r.entry) as Record<string, unknown>);
    const accepted = entries.filter((e) => e['ceremony'] === 'unseal' && e['step'] === 'share-accepted');
    expect(accepted.map((e) => [e['share_index'], e['custodian']])).toEqual([[1, 'Ada'], [3, 'Cy'], [2, 'Bo'], [1, 'Ada']]);
    expect(entries.some((e) => e['ceremony'] === 'init')).toBe(true);
    expect(entries.some((e) => e['ceremony'] === 'seal')).toBe(true);
  });

  it('stores exactly the HMAC that sys/audit-hash returns, and custom_audit as given', () => {
    const entries = auditRows(file).map((r) => JSON.parse(r.entry) as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any
    const write = entries.find((e) => e['path'] === 'secret/data/app/one' && e['method'] === 'POST');
    expect(write?.['request']?.['data']).toEqual({ data: { password: kvWriteHmac } });
    expect(write?.['custom_audit']).toBe('change ticket CHG-42');
    expect(write?.['auth']?.['policies']).toEqual(['app-writer', 'default']);
    expect(write?.['auth']?.['client_token']).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    const refused = entries.find((e) => e['path'] === 'secret/data/other');
    expect(refused).toMatchObject({ status: 403, error_code: 'PERMISSION_DENIED' });
  });

  it('records the fields a route declares not secret in the clear (term, times, versions) and HMACs the values beside them', () => {
    const entries = auditRows(file).map((r) => JSON.parse(r.entry) as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any
    const read = entries.find((e) => e['path'] === 'secret/data/app/one' && e['method'] === 'GET');
    expect(read?.['response']?.['data']?.['data']).toEqual({ password: kvWriteHmac });
    const metadata = read?.['response']?.['data']?.['metadata'];
    expect(metadata).toMatchObject({ version: 1, destroyed: false, deletion_time: '' });
    expect(metadata?.['created_time']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
    // custom_metadata is written by users: HMAC'd like the secret's values.
    expect(metadata?.['custom_metadata']).toEqual({ owner: expect.stringMatching(/^hmac-sha256:[0-9a-f]{64}$/) });
    const status = entries.find((e) => e['path'] === 'sys/key-status');
    expect(status?.['response']?.['data']).toEqual(keyStatus);
    expect(keyStatus.term).toBe(1);
    // A wrapped answer keeps nothing in the clear: its data is the wrapping's, and the read's
    // metadata went into the wrapped response.
    const wrapped = entries.find((e) => e['path'] === 'secret/data/app/two' && e['method'] === 'GET');
    expect(wrapped?.['response']?.['data']).toBeNull();
    expect(JSON.stringify(wrapped)).not.toContain('created_time');
  });

  it('serves the log to a sudo token in pages, and refuses it to others', async () => {
    const root = init.root_token;
    const first = await api<{ data: { entries: Record<string, unknown>[]; total: number; next_from: number | null } }>(server, 'GET', 'sys/audit/log?from=1&limit=5', { token: root });
    expect(first.status).toBe(200);
    expect(first.body.data.entries.map((e) => e['seq'])).toEqual([1, 2, 3, 4, 5]);
    expect(first.body.data.next_from).toBe(6);
    expect(first.body.data.entries[0]).toMatchObject({ type: 'ceremony', ceremony: 'init' });
    expect(typeof first.body.data.entries[0]?.['entry']).toBe('string');
    const devices = await api<{ data: Record<string, { type: string }> }>(server, 'GET', 'sys/audit', { token: root });
    expect(devices.body.data['file/']?.type).toBe('file');
    expect((await api(server, 'GET', 'sys/audit/log?limit=0', { token: root })).status).toBe(400);
    expect((await api(server, 'POST', 'sys/audit-hash/syslog', { token: root, body: { input: 'x' } })).status).toBe(400);
    const created = await api<{ auth: { client_token: string } }>(server, 'POST', 'auth/token/create', { token: root, body: { policies: ['app-writer'] } });
    expect((await api(server, 'GET', 'sys/audit/log', { token: created.body.auth.client_token })).status).toBe(403);
  });

  it('verifies through the API while running', async () => {
    const v = await api<{ data: { ok: boolean; entries: number; first_broken: null; head: { seq: number } } }>(server, 'GET', 'sys/audit/verify', { token: init.root_token });
    expect(v.status).toBe(200);
    expect(v.body.data).toMatchObject({ ok: true, first_broken: null });
    expect(v.body.data.head.seq).toBe(v.body.data.entries);
  });

  it('verifies offline with the CLI, and names the row edited in the SQLite file', async () => {
    await server.stop();
    const count = auditRows(file).length;
    const ok = cli(['audit', 'verify', '--data', file]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain(`audit chain intact: ${count} entries checked`);

    const copy = join(dir.dir, 'tampered.db');
    copyFileSync(file, copy);
    const db = new Database(copy);
    const victim = 7;
    const row = db.prepare('SELECT entry FROM audit_log WHERE seq = ?').get(victim) as { entry: string };
    db.prepare('UPDATE audit_log SET entry = ? WHERE seq = ?').run(row.entry.replace('"status":', '"status": '), victim);
    db.close();
    const broken = cli(['audit', 'verify', '--data', copy]);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain(`audit chain BROKEN at entry ${victim}: entry content does not match its hash`);

    // Deleting a row is found at the row after it.
    const cut = join(dir.dir, 'cut.db');
    copyFileSync(file, cut);
    const db2 = new Database(cut);
    db2.prepare('DELETE FROM audit_log WHERE seq = 4').run();
    db2.close();
    expect(cli(['audit', 'verify', '--data', cut]).stdout).toContain('BROKEN at entry 5: entry 4 is missing');
  });

  it('exports JSON Lines that verify, and names the line edited in an export', () => {
    const out = join(dir.dir, 'audit.jsonl');
    const exported = cli(['audit', 'export', '--data', file, '--out', out]);
    expect(exported.status).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines.length).toBe(auditRows(file).length);
    expect(JSON.parse(lines[0] ?? '')).toEqual(auditRows(file)[0]);
    expect(cli(['audit', 'verify', '--file', out]).status).toBe(0);
    // Refuses to overwrite an earlier export.
    expect(cli(['audit', 'export', '--data', file, '--out', out]).status).toBe(1);
    // stdout by default.
    expect(cli(['audit', 'export', '--data', file]).stdout.trim().split('\n')).toEqual(lines);

    const row = JSON.parse(lines[11] ?? '') as Row;
    lines[11] = JSON.stringify({ ...row, time: '2000-01-01T00:00:00.000Z' });
    const edited = join(dir.dir, 'edited.jsonl');
    writeFileSync(edited, lines.join('\n') + '\n');
    const broken = cli(['audit', 'verify', '--file', edited]);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain(`BROKEN at entry ${row.seq}`);
    expect(cli(['audit', 'verify', '--data', join(dir.dir, 'missing.db')]).status).toBe(1);
  });
});
