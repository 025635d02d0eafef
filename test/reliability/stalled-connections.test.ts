/**
 * Stalled clients can neither keep the keyring unsealed nor keep a connection for ever (issue 12,
 * API.md "Security of the listener"). A real `serve` is held by 200 requests with incomplete
 * bodies, one slow-header request and one silent socket; SIGTERM must seal (the seal entry is in
 * the file) and end the process within 2 s. Then each kind of stalled connection must be closed
 * by the server on its own, within its deadline plus margin for a loaded machine.
 */
import { Socket } from 'node:net';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { HEADERS_TIMEOUT_MS, KEEP_ALIVE_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from '../../electron/api/connection-limits.js';
import { api, initAndUnseal, startServe, tempDir } from '../helpers/serve.js';
import type { ServeProcess } from '../helpers/serve.js';

const STALLED_BODIES = 200;
const SHUTDOWN_BOUND_MS = 2_000;
/** Node checks the deadlines once a second; the rest is room for a loaded 2-core CI box. */
const DEADLINE_MARGIN_MS = 4_000;

interface Held {
  readonly socket: Socket;
  /** Resolves with ms since `since` when the server closes the connection. */
  readonly closed: Promise<number>;
}

function connect(port: number, since: () => number): Promise<Held> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    const closed = new Promise<number>((done) => socket.once('close', () => done(Date.now() - since())));
    socket.on('error', () => undefined); // a reset is one way of being closed
    socket.on('data', () => undefined);
    socket.once('connect', () => resolve({ socket, closed }));
    socket.once('error', reject);
    socket.connect(port, '127.0.0.1');
  });
}

function headers(port: number, lines: string[]): string {
  return [`Host: 127.0.0.1:${port}`, ...lines].join('\r\n') + '\r\n\r\n';
}

/** A write whose body stops a few bytes in: declared 1000 bytes, 10 sent. */
function stallBody(held: Held, port: number, path: string, token?: string): void {
  const lines = ['Content-Type: application/json', 'Content-Length: 1000', ...(token ? [`X-Vault-Token: ${token}`] : [])];
  held.socket.write(`PUT ${path} HTTP/1.1\r\n${headers(port, lines)}{"data": {`);
}

/** Headers sent one byte at a time, never finished. */
function trickleHeaders(held: Held, port: number): NodeJS.Timeout {
  held.socket.write(`GET /v1/sys/health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Slow: `);
  return setInterval(() => {
    if (!held.socket.destroyed) held.socket.write('a');
  }, 200);
}

function sealEntries(dataPath: string): { reason: string }[] {
  const db = new Database(dataPath, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT entry FROM audit_log ORDER BY seq').all() as { entry: string }[];
    return rows.map((r) => JSON.parse(r.entry) as { ceremony?: string; step?: string; reason: string }).filter((e) => e.ceremony === 'seal' && e.step === 'sealed');
  } finally {
    db.close();
  }
}

async function exitWithin(server: ServeProcess, ms: number): Promise<{ code: number | null; elapsed: number }> {
  const started = Date.now();
  const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
  server.child.kill('SIGTERM');
  const code = await Promise.race([exited, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms))]);
  const elapsed = Date.now() - started;
  if (code === 'timeout') {
    await server.kill();
    return { code: null, elapsed };
  }
  return { code, elapsed };
}

describe('stalled connections', () => {
  it(`SIGTERM seals and exits within ${SHUTDOWN_BOUND_MS} ms while ${STALLED_BODIES} bodies and a header stall`, async () => {
    const dir = tempDir();
    const dataPath = `${dir.dir}/keyring.db`;
    const server = await startServe({ dataPath });
    const held: Held[] = [];
    let trickle: NodeJS.Timeout | undefined;
    try {
      const { root_token: token } = await initAndUnseal(server, 1, 1);
      for (let i = 0; i < STALLED_BODIES; i++) {
        const h = await connect(server.port, () => 0);
        // Both kinds of route: share endpoints without a token, and token-authenticated writes.
        stallBody(h, server.port, i % 2 === 0 ? '/v1/sys/unseal' : `/v1/secret/data/stalled/${i}`, i % 2 === 0 ? undefined : token);
        held.push(h);
      }
      const slow = await connect(server.port, () => 0);
      trickle = trickleHeaders(slow, server.port);
      held.push(slow, await connect(server.port, () => 0));
      // The server is reading them all, and still answers.
      expect((await api(server, 'GET', 'sys/health')).status).toBe(200);
      expect(sealEntries(dataPath)).toEqual([]);

      const { code, elapsed } = await exitWithin(server, 10_000);
      console.log(`exit ${elapsed} ms after SIGTERM with ${held.length} stalled connections`);
      expect(code).toBe(0);
      expect(elapsed).toBeLessThan(SHUTDOWN_BOUND_MS);
      expect(sealEntries(dataPath)).toEqual([expect.objectContaining({ reason: 'shutdown' })]);
    } finally {
      clearInterval(trickle);
      for (const h of held) h.socket.destroy();
      await server.kill();
      dir.remove();
    }
  });

  it('closes silent, slow-header, stalled-body and idle keep-alive connections by itself', { timeout: 90_000 }, async () => {
    const dir = tempDir();
    const server = await startServe({ dataPath: `${dir.dir}/keyring.db` });
    let trickle: NodeJS.Timeout | undefined;
    try {
      const started = Date.now();
      const since = () => started;
      const silent = await connect(server.port, since);
      const slow = await connect(server.port, since);
      trickle = trickleHeaders(slow, server.port);
      const stalled = await connect(server.port, since);
      stallBody(stalled, server.port, '/v1/sys/unseal');
      const idle = await connect(server.port, since);
      idle.socket.write(`GET /v1/sys/health HTTP/1.1\r\n${headers(server.port, [])}`);

      // Never closed shows as Infinity after the longest deadline plus margin, not as a hung test.
      const cap = REQUEST_TIMEOUT_MS + 2 * DEADLINE_MARGIN_MS;
      const bounded = (p: Promise<number>) => Promise.race([p, new Promise<number>((resolve) => setTimeout(() => resolve(Infinity), cap))]);
      const [silentAt, slowAt, stalledAt, idleAt] = await Promise.all([silent, slow, stalled, idle].map((h) => bounded(h.closed)));
      console.log(`closed after: silent ${silentAt} ms, slow header ${slowAt} ms, stalled body ${stalledAt} ms, idle keep-alive ${idleAt} ms`);
      expect(silentAt).toBeLessThan(HEADERS_TIMEOUT_MS + DEADLINE_MARGIN_MS);
      expect(slowAt).toBeLessThan(HEADERS_TIMEOUT_MS + DEADLINE_MARGIN_MS);
      expect(idleAt).toBeLessThan(KEEP_ALIVE_TIMEOUT_MS + DEADLINE_MARGIN_MS);
      expect(stalledAt).toBeLessThan(REQUEST_TIMEOUT_MS + DEADLINE_MARGIN_MS);
      // And not before the client had its fair time: these are the deadlines, not an accident.
      expect(slowAt).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 100);
      expect(stalledAt).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
    } finally {
      clearInterval(trickle);
      await server.kill();
      dir.remove();
    }
  });
});
