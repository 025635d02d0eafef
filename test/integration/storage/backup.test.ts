/**
 * Backups through the real process: `GET sys/storage/snapshot` on a served keyring under write
 * load, `symbolon backup` of a stopped one, and the restore drill (`backup verify --unseal`),
 * which must open a backup with its generation's shares, refuse older ones by name, and change
 * no file on disk.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, sha256Of } from '../../helpers/cli.js';
import { api, tempDir } from '../../helpers/serve.js';
import { rekeyThrough, servedKeyring } from '../rekey/rekey-fixture.js';
import type { Keyring } from '../rekey/rekey-fixture.js';

interface AuditPage {
  data: { entries: Record<string, unknown>[] };
}

async function snapshot(k: Keyring): Promise<{ bytes: Buffer; headers: Headers; status: number }> {
  const response = await fetch(k.server.base + 'sys/storage/snapshot', { headers: { 'X-Vault-Token': k.token } });
  return { bytes: Buffer.from(await response.arrayBuffer()), headers: response.headers, status: response.status };
}

/** Every entry of a folder with its hash, to prove a command changed nothing there (and added nothing). */
function folderState(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((name) => [name, sha256Of(join(dir, name))]));
}

describe('backups of a served keyring', () => {
  const dir = tempDir('symbolon-backup-');
  let k: Keyring;
  let oldKeys: string[];
  let newKeys: string[];
  let backupFile: string;
  // Backups go to their own folder (the "stick"): the served keyring's own files change as it runs.
  const stick = join(dir.dir, 'stick');

  beforeAll(async () => {
    k = await servedKeyring(dir.dir, 3, 2, ['Alice', 'Bob', 'Carol']);
    oldKeys = k.init.keys;
    mkdirSync(stick);
  });
  afterAll(async () => {
    await k.server.stop();
    dir.remove();
  });

  it('streams a consistent snapshot taken under write load, which opens and verifies', async () => {
    let stop = false;
    let written = 0;
    const writer = async (id: number) => {
      for (let i = 0; !stop; i++) {
        const r = await api(k.server, 'PUT', `secret/data/load-${id}-${i}`, { token: k.token, body: { data: { value: 'x'.repeat(200) } } });
        expect(r.status, r.text).toBe(200);
        written += 1;
      }
    };
    const writers = [1, 2, 3, 4].map(writer);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = written;
    const taken = await snapshot(k);
    stop = true;
    await Promise.all(writers);
    expect(taken.status).toBe(200);
    expect(taken.headers.get('content-type')).toBe('application/octet-stream');
    expect(sha256OfBytes(taken.bytes)).toBe(taken.headers.get('x-symbolon-backup-sha256'));
    backupFile = join(stick, 'snapshot.db');
    writeFileSync(backupFile, taken.bytes, { mode: 0o600 });

    const verify = await runCli(['backup', 'verify', '--file', backupFile]);
    expect(verify.code, verify.stderr + verify.stdout).toBe(0);
    expect(verify.stdout).toContain(`keyring id   ${k.init.keyring_id}`);
    expect(verify.stdout).toContain('name         (none: made before keyrings had names)');
    expect(verify.stdout).toContain('generation   1');
    expect(verify.stdout).toContain('threshold    2 of 3');
    expect(verify.stdout).toContain('custodian    2: Bob');
    expect(verify.stdout).toContain('integrity    ok');
    expect(verify.stdout).toMatch(/audit chain {2}intact/);
    const records = Number(/records {6}(\d+)/.exec(verify.stdout)?.[1]);
    // Every write answered before the snapshot was asked for is in it (KV writes add 2 records each).
    expect(records).toBeGreaterThanOrEqual(before);
    expect(written).toBeGreaterThan(before);

    // The temporary copy beside the keyring is removed once streamed (the server closes its file
    // just after the last byte leaves, so allow it a moment on a loaded machine).
    const leftovers = () => readdirSync(dir.dir).filter((n) => n.startsWith('.symbolon-snapshot-'));
    for (let i = 0; i < 100 && leftovers().length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(leftovers()).toEqual([]);
  });

  it('audits the snapshot once it was delivered, and reports it in sys/seal-status', async () => {
    // Recorded when the answer has left the server whole: a moment after the client has it.
    let entry: Record<string, unknown> | undefined;
    for (let i = 0; i < 100 && !entry; i++) {
      const log = await api<AuditPage>(k.server, 'GET', 'sys/audit/log?limit=10000', { token: k.token });
      entry = log.body.data.entries.find((e) => e['type'] === 'storage' && e['action'] === 'backup');
      if (!entry) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(entry).toMatchObject({ who: 'root', via: 'api', generation: 1, term: 1, sha256: sha256Of(backupFile), size: statSync(backupFile).size });
    const status = await api<Record<string, unknown>>(k.server, 'GET', 'sys/seal-status');
    expect(status.body['last_backup_generation']).toBe(1);
    expect(Date.parse(String(status.body['last_backup_time']))).toBeGreaterThan(Date.now() - 120_000);
    expect(status.body['last_backup_predates_generation']).toBe(false);
  });

  it('refuses to response-wrap a snapshot, and an unknown encoding', async () => {
    const wrapped = await fetch(k.server.base + 'sys/storage/snapshot?encoding=base64', { headers: { 'X-Vault-Token': k.token, 'X-Vault-Wrap-TTL': '60s' } });
    expect(wrapped.status).toBe(400);
    const odd = await fetch(k.server.base + 'sys/storage/snapshot?encoding=hex', { headers: { 'X-Vault-Token': k.token } });
    expect(odd.status).toBe(400);
  });

  it('refuses a snapshot to a token without sudo', async () => {
    const policy = await api(k.server, 'PUT', 'sys/policy/reader', { token: k.token, body: { policy: JSON.stringify({ path: { 'sys/storage/*': { capabilities: ['read'] } } }) } });
    expect(policy.status, policy.text).toBe(204);
    const child = await api<{ auth: { client_token: string } }>(k.server, 'PUT', 'auth/token/create', { token: k.token, body: { policies: ['reader'] } });
    const r = await fetch(k.server.base + 'sys/storage/snapshot', { headers: { 'X-Vault-Token': child.body.auth.client_token } });
    expect(r.status).toBe(403);
  });

  it('a drill with the right shares opens the backup and changes no file', async () => {
    const before = folderState(stick);
    const drill = await runCli(['backup', 'verify', '--file', backupFile, '--unseal'], `${oldKeys[2]}\n${oldKeys[0]}\n`);
    expect(drill.code, drill.stderr + drill.stdout).toBe(0);
    expect(drill.stdout).toContain('share 3 (Carol) accepted');
    expect(drill.stdout).toContain('share 1 (Alice) accepted');
    expect(drill.stdout).toMatch(/drill passed: .*open this backup; active term 1; \d+ records decrypted in memory/);
    // No share reaches the output.
    for (const key of oldKeys) expect(drill.stdout + drill.stderr).not.toContain(key);
    expect(folderState(stick)).toEqual(before);
  });

  it('after a rekey, seal-status says the backup predates the generation, and the drill names old shares', async () => {
    const done = await rekeyThrough(k.server, oldKeys.slice(0, 2), { secret_shares: 3, secret_threshold: 2 });
    newKeys = done.keys;
    const status = await api<Record<string, unknown>>(k.server, 'GET', 'sys/seal-status');
    expect(status.body['generation']).toBe(2);
    expect(status.body['last_backup_predates_generation']).toBe(true);

    const second = await snapshot(k);
    const secondFile = join(stick, 'snapshot-gen2.db');
    writeFileSync(secondFile, second.bytes, { mode: 0o600 });
    const before = folderState(stick);
    const refused = await runCli(['backup', 'verify', '--file', secondFile, '--unseal'], `${oldKeys[0]}\n${oldKeys[1]}\n`);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).toContain('share refused: this share belongs to generation 1; the current one is 2');
    expect(refused.stderr).toContain('only 0 of 2 shares were accepted');
    const opened = await runCli(['backup', 'verify', '--file', secondFile, '--unseal'], `${newKeys[1]}\n${newKeys[2]}\n`);
    expect(opened.code, opened.stderr + opened.stdout).toBe(0);
    expect(opened.stdout).toContain('drill passed');
    // And the first backup still needs the first generation's shares (it cannot know later ones).
    const old = await runCli(['backup', 'verify', '--file', backupFile, '--unseal'], `${newKeys[0]}\n`);
    expect(old.code).not.toBe(0);
    expect(old.stdout).toContain(`share refused: this share is not a member of generation 1 of keyring ${k.init.keyring_id}`);
    expect(folderState(stick)).toEqual(before);
  });

  it('the API drill opens a backup with its shares, is audited, and refuses old shares by name', async () => {
    const bytes = (await snapshot(k)).bytes.toString('base64');
    const ok = await api<{ data: Record<string, unknown> }>(k.server, 'PUT', 'sys/storage/drill', { token: k.token, body: { backup: bytes, keys: newKeys.slice(0, 2) } });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.data).toMatchObject({ opened: true, generation: 2, keyring_id: k.init.keyring_id, audit_ok: true, integrity: 'ok' });
    const bad = await api<{ message: string }>(k.server, 'PUT', 'sys/storage/drill', { token: k.token, body: { backup: bytes, keys: oldKeys.slice(0, 2) } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('this share belongs to generation 1; the current one is 2');
    const log = await api<AuditPage>(k.server, 'GET', 'sys/audit/log?limit=10000', { token: k.token });
    const drills = log.body.data.entries.filter((e) => e['action'] === 'restore-drill');
    expect(drills.map((d) => d['outcome'])).toEqual(['opened', 'refused']);
    expect(JSON.stringify(drills)).not.toContain(newKeys[0]);
  });
});

function sha256OfBytes(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
