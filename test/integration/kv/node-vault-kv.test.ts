/**
 * Compatibility with a real Vault client from npm (node-vault 0.12, axios underneath) for KV
 * version 2, key rotation and the audit device, driven as a script would drive HashiCorp Vault:
 * `write('secret/data/x', {data})`, `read`, check-and-set, `list` (with `noCustomHTTPVerbs`, so
 * node-vault sends `?list=1`; its default LIST is in test/integration/api/list-method.test.ts),
 * soft delete, `rotate()`, `audits()` and `sys/audit-hash`. Secrets written before a rotation
 * stay readable after it.
 */
import NodeVault from 'node-vault';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure as failed } from '../../helpers/node-vault.js';
import { serveUnsealedKeyring } from '../../helpers/serve.js';
import type { ServeProcess } from '../../helpers/serve.js';

let server: ServeProcess;
let root: string;

const client = () => NodeVault({ endpoint: server.url, token: root, noCustomHTTPVerbs: true });

/** node-vault's error, with the body KV answers (metadata of a deleted version). */
const failure = (promise: Promise<unknown>) => failed<{ errors?: string[]; data?: { metadata?: { deletion_time: string } } }>(promise);

let stop: () => Promise<void>;
beforeAll(async () => {
  ({ server, root, stop } = await serveUnsealedKeyring());
});
afterAll(() => stop());

describe('node-vault: KV version 2, rotate, audit', () => {
  it('writes and reads a secret, with versions and check-and-set', async () => {
    const vault = client();
    const written = await vault.write('secret/data/app/config', { data: { api_key: 'k-1', retries: 3 } });
    expect(written.data).toMatchObject({ version: 1, destroyed: false, deletion_time: '' });
    const read = await vault.read('secret/data/app/config');
    expect(read.data.data).toEqual({ api_key: 'k-1', retries: 3 });
    expect(read.data.metadata.version).toBe(1);

    await vault.write('secret/data/app/config', { data: { api_key: 'k-2' }, options: { cas: 1 } });
    const conflict = await failure(vault.write('secret/data/app/config', { data: { api_key: 'k-3' }, options: { cas: 1 } }));
    expect(conflict.response.statusCode).toBe(400);
    expect(conflict.message).toBe('check-and-set parameter did not match the current version');
    expect((await vault.read('secret/data/app/config?version=1')).data.data.api_key).toBe('k-1');
    expect((await vault.read('secret/data/app/config')).data.data.api_key).toBe('k-2');
  });

  it('lists keys and reads metadata', async () => {
    const vault = client();
    await vault.write('secret/data/app/other', { data: { v: 'x' } });
    const list = await vault.list('secret/metadata/app');
    expect(list.data.keys).toEqual(['config', 'other']);
    const meta = await vault.read('secret/metadata/app/config');
    expect(meta.data).toMatchObject({ current_version: 2, oldest_version: 0 });
    expect(Object.keys(meta.data.versions)).toEqual(['1', '2']);
  });

  it('soft-deletes: reading rejects with 404 carrying the deletion time', async () => {
    const vault = client();
    await vault.delete('secret/data/app/other');
    const gone = await failure(vault.read('secret/data/app/other'));
    expect(gone.response.statusCode).toBe(404);
    expect(gone.response.body.data?.metadata?.deletion_time).not.toBe('');
    await vault.write('secret/undelete/app/other', { versions: [1] });
    expect((await vault.read('secret/data/app/other')).data.data).toEqual({ v: 'x' });
  });

  it('rotates the keyring with rotate(); secrets written before stay readable and new writes work', async () => {
    const vault = client();
    const before = await vault.read('sys/key-status');
    await vault.rotate();
    const after = await vault.read('sys/key-status');
    expect(after.data.term).toBe(before.data.term + 1);
    expect((await vault.read('secret/data/app/config')).data.data.api_key).toBe('k-2');
    await vault.write('secret/data/app/config', { data: { api_key: 'k-after-rotate' } });
    expect((await vault.read('secret/data/app/config')).data.data.api_key).toBe('k-after-rotate');
  });

  it('lists the audit device and hashes a value as the log does', async () => {
    const vault = client();
    const audits = await vault.audits();
    expect(audits['file/']).toMatchObject({ type: 'file', path: 'file/' });
    const hashed = await vault.write('sys/audit-hash/file', { input: 'k-1' });
    expect(hashed.data.hash).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    const enable = await failure(vault.enableAudit({ name: 'syslog', type: 'syslog' }));
    expect(enable.response.statusCode).toBe(400);
  });
});
