/**
 * The curl samples of Vault's API documentation, verbatim in form (API.md, "Conventions"): `curl
 * --data @payload.json` and `curl -X PUT -d '{…}'` send `application/x-www-form-urlencoded`, and
 * Vault reads the body as JSON anyway; so must Symbolon. Each sample runs the real curl binary
 * against a spawned `symbolon serve`: sys/init, sys/unseal, sys/rotate/config, sys/rekey/init,
 * update and verify, sys/wrapping/wrap, lookup and rewrap, sys/generate-root/attempt. Every answer
 * is typed exactly `application/json`. Field names of the raw endpoints match without regard to
 * case, as Go's decoding does in Vault.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, tempDir } from '../../helpers/serve.js';
import type { ServeProcess } from '../../helpers/serve.js';

const run = promisify(execFile);

interface CurlAnswer {
  status: number;
  contentType: string | null;
  body: Record<string, unknown>;
}

describe('Vault doc samples through curl', () => {
  const dir = tempDir('symbolon-curl-');
  let server: ServeProcess;
  let root = '';
  let keys: string[] = [];

  /**
   * `curl [--header "X-Vault-Token: …"] --request M --data @payload.json URL` as the docs write it,
   * with the payload in a file in the working directory (or `-d '<json>'` when inline).
   */
  async function curl(method: string, path: string, payload?: unknown, options: { token?: string; inline?: boolean; headers?: string[] } = {}): Promise<CurlAnswer> {
    const args = ['--silent', '--show-error', '--include'];
    if (options.token) args.push('--header', `X-Vault-Token: ${options.token}`);
    for (const header of options.headers ?? []) args.push('--header', header);
    args.push(options.inline ? '-X' : '--request', method);
    if (payload !== undefined) {
      if (options.inline) {
        args.push('-d', JSON.stringify(payload));
      } else {
        writeFileSync(join(dir.dir, 'payload.json'), JSON.stringify(payload, null, 2));
        args.push('--data', '@payload.json');
      }
    }
    args.push(`http://127.0.0.1:${server.port}/v1/${path}`);
    const { stdout } = await run('curl', args, { cwd: dir.dir });
    const split = stdout.indexOf('\r\n\r\n');
    const head = stdout.slice(0, split);
    const text = stdout.slice(split + 4);
    return {
      status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]),
      contentType: /\r\ncontent-type: ([^\r]*)/i.exec(head)?.[1] ?? null,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
  }

  /** Success with Vault's exact type (or no body at all). */
  const ok = async (answer: Promise<CurlAnswer>, status = 200): Promise<Record<string, unknown>> => {
    const a = await answer;
    expect(a.status, JSON.stringify(a.body)).toBe(status);
    if (status !== 204) expect(a.contentType).toBe('application/json');
    return a.body;
  };

  beforeAll(async () => {
    server = await startServe({ dataPath: join(dir.dir, 'k.db') });
  });
  afterAll(async () => {
    await server.stop();
    dir.remove();
  });

  it('sys/init with --data @payload.json, then sys/unseal with -X PUT -d', async () => {
    const init = await ok(curl('POST', 'sys/init', { secret_shares: 3, secret_threshold: 2 }));
    root = String(init['root_token']);
    keys = init['keys'] as string[];
    expect(keys).toHaveLength(3);
    const first = await ok(curl('PUT', 'sys/unseal', { key: keys[0] }, { inline: true }));
    expect(first).toMatchObject({ sealed: true, progress: 1 });
    const second = await ok(curl('PUT', 'sys/unseal', { key: keys[1] }, { inline: true }));
    expect(second).toMatchObject({ sealed: false, progress: 0 });
  });

  it('sys/rotate/config with --data @payload.json (POST), and read back', async () => {
    await ok(curl('POST', 'sys/rotate/config', { max_operations: 3221225472, interval: '43200h' }, { token: root }), 204);
    const config = await ok(curl('GET', 'sys/rotate/config', undefined, { token: root }));
    expect(config['data']).toMatchObject({ max_operations: 3221225472, interval: '43200h0m0s', enabled: true });
  });

  it('sys/rekey/init, update and verify with --data @payload.json', async () => {
    const started = await ok(curl('POST', 'sys/rekey/init', { secret_shares: 3, secret_threshold: 2, require_verification: true }));
    expect(started).toMatchObject({ started: true, n: 3, t: 2, required: 2, verification_required: true });
    const nonce = String(started['nonce']);
    await ok(curl('POST', 'sys/rekey/update', { key: keys[0], nonce }));
    const done = await ok(curl('POST', 'sys/rekey/update', { key: keys[1], nonce }));
    expect(done).toMatchObject({ complete: true, verification_required: true });
    const fresh = done['keys'] as string[];
    const verifyNonce = String(done['verification_nonce']);
    expect((await ok(curl('GET', 'sys/rekey/verify'))).nonce).toBe(verifyNonce);
    await ok(curl('POST', 'sys/rekey/verify', { key: fresh[0], nonce: verifyNonce }));
    expect(await ok(curl('POST', 'sys/rekey/verify', { key: fresh[2], nonce: verifyNonce }))).toMatchObject({ complete: true, nonce: verifyNonce });
    keys = fresh;
  });

  it('sys/wrapping/wrap, lookup and rewrap with --data @payload.json', async () => {
    const wrapped = await ok(curl('POST', 'sys/wrapping/wrap', { foo: 'bar', zip: 'zap' }, { token: root, headers: ['X-Vault-Wrap-TTL: 60'] }));
    const token = String((wrapped['wrap_info'] as { token: string }).token);
    expect((await ok(curl('POST', 'sys/wrapping/lookup', { token })))['data']).toMatchObject({ creation_ttl: 60, creation_path: 'sys/wrapping/wrap' });
    const rewrapped = await ok(curl('POST', 'sys/wrapping/rewrap', { token }, { token: root }));
    const fresh = String((rewrapped['wrap_info'] as { token: string }).token);
    expect(fresh).not.toBe(token);
    expect((await ok(curl('POST', 'sys/wrapping/unwrap', { token: fresh }, { token: root })))['data']).toEqual({ foo: 'bar', zip: 'zap' });
  });

  it('sys/generate-root/attempt with --data @payload.json, and cancelled with --request DELETE', async () => {
    const otp = 'a'.repeat(28);
    expect(await ok(curl('POST', 'sys/generate-root/attempt', { otp }))).toMatchObject({ started: true, required: 2, otp: '' });
    await ok(curl('DELETE', 'sys/generate-root/attempt'), 204);
  });

  it('matches field names of the raw endpoints without regard to case, as Go does', async () => {
    const started = await ok(curl('PUT', 'sys/rekey/init', { Secret_Shares: 2, SECRET_THRESHOLD: 2, Require_Verification: false }, { inline: true }));
    expect(started).toMatchObject({ started: true, n: 2, t: 2, verification_required: false });
    // Two spellings of one field: the later wins, as in Go.
    const nonce = String(started['nonce']);
    const refused = await curl('PUT', 'sys/rekey/update', { nonce: 'wrong', Nonce: nonce, KEY: keys[0] }, { inline: true });
    expect(refused.status, JSON.stringify(refused.body)).toBe(200);
    expect(refused.body).toMatchObject({ progress: 1, nonce });
    await ok(curl('DELETE', 'sys/rekey/init', { Nonce: nonce }, { inline: true }), 204);
    // Logical endpoints decode into a map in Vault and match exactly: `Data` is not `data`.
    const kv = await curl('POST', 'secret/data/case', { Data: { v: 1 } }, { token: root, inline: true });
    expect(kv.status).toBe(400);
  });
});
