/**
 * Vault's LIST method (API.md, "Conventions"; electron/api/list-method.ts), through a spawned
 * `symbolon serve`: real curl (`--request LIST`, as Vault's doc samples), node-vault's defaults,
 * and byte-exact TCP: LIST as the first request of a connection and on a kept-alive one, and
 * what the mechanism must never do: take a body (also one arriving after an early answer) or a
 * pipelined request for a LIST, or accept near-miss method tokens. hvac's LIST is in test/integration/clients/hvac.test.ts.
 */
import { execFile } from 'node:child_process';
import { Socket } from 'node:net';
import { promisify } from 'node:util';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import NodeVault from 'node-vault';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, initAndUnseal, startServe, tempDir } from '../../helpers/serve.js';
import type { ServeProcess } from '../../helpers/serve.js';

const run = promisify(execFile);

/** Writes the pieces on one fresh connection (pausing between them) and returns all it got back. */
function exchange(port: number, pieces: readonly (string | Buffer)[], pauseMs = 0): Promise<string> {
  return new Promise((resolve) => {
    const socket = new Socket();
    let received = '';
    socket.setTimeout(20_000, () => socket.destroy(new Error('no answer within 20 s')));
    socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
    socket.on('close', () => resolve(received));
    // The server may close first (every answer ends its connection): what came back is the result.
    socket.on('error', () => resolve(received));
    socket.connect(port, '127.0.0.1', async () => {
      for (const piece of pieces) {
        if (socket.destroyed) break;
        socket.write(piece);
        if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
      }
    });
  });
}

/** Status codes of every answer in what came back (answers follow each other without a newline). */
const statuses = (text: string) => [...text.matchAll(/HTTP\/1\.1 (\d{3}) [A-Z]/g)].map((m) => Number(m[1]));

describe('the LIST method', () => {
  const dir = tempDir('symbolon-list-');
  let server: ServeProcess;
  let root: string;
  const host = () => `127.0.0.1:${server.port}`;
  const head = (method: string, target: string, extra = '') => `${method} ${target} HTTP/1.1\r\nHost: ${host()}\r\nX-Vault-Token: ${root}\r\n${extra}`;

  /** Audit entries of requests (method, path), to see what ran. */
  const audited = (): { method: string; path: string }[] => {
    const db = new Database(server.dataPath, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT entry FROM audit_log ORDER BY seq').all() as { entry: string }[]).map((r) => JSON.parse(r.entry) as { method: string; path: string });
    } finally {
      db.close();
    }
  };
  const exists = async (path: string) => (await api(server, 'GET', `secret/data/${path}`, { token: root })).status === 200;

  beforeAll(async () => {
    server = await startServe({ dataPath: join(dir.dir, 'k.db') });
    root = (await initAndUnseal(server, 1, 1)).root_token;
    for (const name of ['alpha', 'beta', 'keep']) {
      expect((await api(server, 'PUT', `secret/data/list/${name}`, { token: root, body: { data: { v: name } } })).status).toBe(200);
    }
  });
  afterAll(async () => {
    await server.stop();
    dir.remove();
  });

  it('answers curl --request LIST as Vault does (the doc samples), and audits it as LIST', async () => {
    const { stdout } = await run('curl', ['--silent', '--show-error', '--include', '--header', `X-Vault-Token: ${root}`, '--request', 'LIST', `${server.base}secret/metadata/list`]);
    expect(stdout).toMatch(/^HTTP\/1\.1 200 /);
    expect(stdout).toMatch(/\r\ncontent-type: application\/json\r\n/i);
    const body = JSON.parse(stdout.slice(stdout.indexOf('\r\n\r\n') + 4)) as { data: { keys: string[] } };
    expect(body.data.keys).toEqual(['alpha', 'beta', 'keep']);
    const policies = JSON.parse((await run('curl', ['--silent', '--header', `X-Vault-Token: ${root}`, '--request', 'LIST', `${server.base}sys/policies/acl`])).stdout) as { data: { keys: string[] } };
    expect(policies.data.keys).toContain('root');
    expect(audited().filter((e) => e.path === 'secret/metadata/list').map((e) => e.method)).toContain('LIST');
  });

  it('works with node-vault\'s defaults (LIST, not ?list=1), several times over its kept agent', async () => {
    const vault = NodeVault({ endpoint: server.url, token: root });
    for (let i = 0; i < 3; i++) {
      const listed = (await vault.list('secret/metadata/list')) as { data: { keys: string[] } };
      expect(listed.data.keys).toEqual(['alpha', 'beta', 'keep']);
    }
  });

  it('takes LIST sent a byte at a time', async () => {
    const request = `${head('LIST', '/v1/secret/metadata/list')}Connection: close\r\n\r\n`;
    const text = await exchange(server.port, [...request.slice(0, 8)].concat(request.slice(8)), 30);
    expect(statuses(text)).toEqual([200]);
    expect(text).toContain('"keys":["alpha","beta","keep"]');
  });

  it('takes a LIST on a kept-alive connection after other requests, as pooled clients (hvac, node-vault) send it', async () => {
    const text = await exchange(server.port, [
      `${head('GET', '/v1/sys/leader')}\r\n`,
      `${head('LIST', '/v1/secret/metadata/list')}\r\n`,
      `${head('PUT', '/v1/secret/data/list/zeta')}Content-Type: application/json\r\nContent-Length: 18\r\n\r\n{"data":{"v":"z"}}`,
      `${head('LIST', '/v1/secret/metadata/list')}Connection: close\r\n\r\n`,
    ], 300);
    expect(statuses(text)).toEqual([200, 200, 200, 200]);
    expect(text).not.toMatch(/\r\nconnection: close\r\n[\s\S]*HTTP\/1\.1/i);
    expect(text).toContain('"keys":["alpha","beta","keep"]');
    expect(text).toContain('"keys":["alpha","beta","keep","zeta"]');
    expect((await api(server, 'DELETE', 'secret/metadata/list/zeta', { token: root })).status).toBe(204);
  });

  it('never takes body bytes that arrive after an early answer for a LIST', async () => {
    const before = audited().length;
    const body = `LIST /v1/secret/metadata/list HTTP/1.1\r\nHost: ${host()}\r\nX-Vault-Token: ${root}\r\n\r\n`;
    // The foreign Host is answered (421) before the body is read; the body follows later.
    const text = await exchange(server.port, [
      `PUT /v1/secret/data/list/keep HTTP/1.1\r\nHost: evil.example\r\nContent-Length: ${body.length}\r\n\r\n`,
      body,
      `${head('GET', '/v1/sys/leader')}Connection: close\r\n\r\n`,
    ], 300);
    expect(statuses(text)[0]).toBe(421);
    expect(statuses(text).every((s) => s === 421 || s === 200)).toBe(true);
    expect(audited().slice(before).filter((e) => e.path === 'secret/metadata/list')).toEqual([]);
  });

  it('never takes a body for a request: a LIST with a body hiding a DELETE deletes nothing', async () => {
    const hidden = `${head('DELETE', '/v1/secret/metadata/list/keep')}Content-Length: 0\r\n\r\n`;
    const text = await exchange(server.port, [`${head('LIST', '/v1/secret/metadata/list')}Connection: close\r\nContent-Length: ${hidden.length}\r\n\r\n${hidden}`], 0);
    expect(statuses(text)).toEqual([200]);
    expect(await exists('list/keep')).toBe(true);
    expect(audited().filter((e) => e.method === 'DELETE' && e.path === 'secret/metadata/list/keep')).toEqual([]);
  });

  it('leaves framing to the parser: Content-Length with chunked, or two lengths, is refused as for any method', async () => {
    const hidden = `${head('DELETE', '/v1/secret/metadata/list/keep')}\r\n`;
    const chunk = `${hidden.length.toString(16)}\r\n${hidden}\r\n0\r\n\r\n`;
    for (const framing of [`Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n${chunk}`, `Content-Length: 0\r\nContent-Length: ${hidden.length}\r\n\r\n${hidden}`, `Transfer-Encoding: chunked, identity\r\n\r\n${chunk}`]) {
      const text = await exchange(server.port, [`${head('LIST', '/v1/secret/metadata/list')}${framing}`]);
      expect({ framing, statuses: statuses(text) }).toEqual({ framing, statuses: [400] });
    }
    expect(await exists('list/keep')).toBe(true);
  });

  it('rewrites nothing inside a message: a LIST pipelined behind an unanswered request is refused, a body starting "LIST " is kept', async () => {
    const before = audited().length;
    const text = await exchange(server.port, [`${head('GET', '/v1/sys/leader')}\r\n${head('LIST', '/v1/secret/metadata/list')}\r\n`]);
    expect(statuses(text).every((s) => s === 200 || s === 400)).toBe(true);
    expect(audited().slice(before).filter((e) => e.path === 'secret/metadata/list')).toEqual([]);

    const value = `LIST /v1/secret/metadata/list HTTP/1.1\r\nHost: ${host()}\r\n\r\n`;
    expect((await api(server, 'PUT', 'secret/data/list-body', { token: root, body: { data: { v: value } } })).status).toBe(200);
    const read = await api<{ data: { data: { v: string } } }>(server, 'GET', 'secret/data/list-body', { token: root });
    expect(read.body.data.data.v).toBe(value);
    expect((await api(server, 'DELETE', 'secret/metadata/list-body', { token: root })).status).toBe(204);
  });

  it('accepts only the exact token LIST followed by one space', async () => {
    const before = audited().length;
    for (const method of ['list', 'List', 'LISTS', 'LIS', 'LIST\t', ' LIST', 'XLIST']) {
      const text = await exchange(server.port, [`${method} /v1/secret/metadata/list HTTP/1.1\r\nHost: ${host()}\r\nX-Vault-Token: ${root}\r\n\r\n`]);
      expect({ method, statuses: statuses(text) }).toEqual({ method, statuses: [400] });
    }
    expect(audited().slice(before).filter((e) => e.path === 'secret/metadata/list')).toEqual([]);
  });

  it('keeps serving after connections that stop inside the method or send nothing', async () => {
    const half = await Promise.all(['L', 'LI', 'LIS', 'LIST', ''].map((piece) => new Promise<void>((resolve, reject) => {
      const socket = new Socket();
      socket.on('error', reject);
      socket.connect(server.port, '127.0.0.1', () => {
        if (piece) socket.write(piece);
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 200);
      });
    })));
    expect(half).toHaveLength(5);
    const { stdout } = await run('curl', ['--silent', '--header', `X-Vault-Token: ${root}`, '--request', 'LIST', `${server.base}secret/metadata/list`]);
    expect((JSON.parse(stdout) as { data: { keys: string[] } }).data.keys).toEqual(['alpha', 'beta', 'keep']);
  });

  it('answers LIST on a path without a listing with 405, in the API error shape', async () => {
    const { stdout } = await run('curl', ['--silent', '--include', '--request', 'LIST', `${server.base}sys/seal-status`]);
    expect(stdout).toMatch(/^HTTP\/1\.1 405 /);
    expect(stdout).toContain('"error_code":"METHOD_NOT_ALLOWED"');
  });
});
