/**
 * Encryption counts survive restarts of `symbolon serve` (DESIGN.md, "Encryption counting"):
 * SIGTERM seals, which stores the exact counts; SIGKILL never seals, and the count a restart finds
 * is still at or above the true one (counts are reserved ahead in blocks), never below. The
 * encryptions come from a rewrap of records seeded in the file (enough to cross a reservation
 * block) and from KV writes over HTTP.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNT_RESERVATION_BLOCK } from '../../../electron/core/barrier/barrier.js';
import { api, startServe, tempDir } from '../../helpers/serve.js';
import type { ServeProcess } from '../../helpers/serve.js';
import { seedRecords, unsealedCore } from '../../helpers/unsealed-core.js';

interface KeyStatus {
  term: number;
  encryptions: number;
}

describe('encryption counts across restarts', () => {
  let dir: ReturnType<typeof tempDir>;
  let dataPath: string;
  let server: ServeProcess;
  let root: string;
  let key: string;

  beforeAll(async () => {
    dir = tempDir();
    dataPath = join(dir.dir, 'keyring.db');
    const prepared = await unsealedCore(dataPath);
    seedRecords(prepared.core, COUNT_RESERVATION_BLOCK + 1000, 32);
    prepared.core.close();
    root = prepared.rootToken;
    key = prepared.key;
  });
  afterAll(async () => {
    await server.stop();
    dir.remove();
  });

  async function start(): Promise<void> {
    server = await startServe({ dataPath });
    expect((await api(server, 'PUT', 'sys/unseal', { body: { key } })).status).toBe(200);
  }

  async function keyStatus(): Promise<KeyStatus> {
    const r = await api<KeyStatus>(server, 'GET', 'sys/key-status', { token: root });
    expect(r.status).toBe(200);
    return { term: r.body.term, encryptions: r.body.encryptions };
  }

  async function writeSecrets(count: number, tag: string): Promise<void> {
    for (let i = 0; i < count; i++) {
      expect((await api(server, 'PUT', `secret/data/${tag}/${i}`, { token: root, body: { data: { i } } })).status).toBe(200);
    }
  }

  it('stores the exact count on SIGTERM', async () => {
    await start();
    expect((await api(server, 'POST', 'sys/rotate', { token: root })).status).toBe(204);
    expect((await api(server, 'POST', 'sys/rewrap', { token: root, body: {} })).status).toBe(200);
    for (let p = await api<{ data: { running: boolean } }>(server, 'GET', 'sys/rewrap', { token: root }); p.body.data.running; ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      p = await api(server, 'GET', 'sys/rewrap', { token: root });
    }
    await writeSecrets(20, 'term');
    const before = await keyStatus();
    expect(before.encryptions).toBeGreaterThan(COUNT_RESERVATION_BLOCK);
    await server.stop();
    await start();
    expect(await keyStatus()).toEqual(before);
  });

  it('never finds fewer encryptions than were made after SIGKILL', async () => {
    await writeSecrets(30, 'kill');
    const before = await keyStatus();
    await server.kill();
    await start();
    const after = await keyStatus();
    expect(after.term).toBe(before.term);
    expect(after.encryptions).toBeGreaterThanOrEqual(before.encryptions);
    expect(after.encryptions).toBeLessThanOrEqual(before.encryptions + COUNT_RESERVATION_BLOCK);

    // Again from the restarted count: each restart only ever moves the count up.
    await writeSecrets(10, 'kill-again');
    const second = await keyStatus();
    await server.kill();
    await start();
    expect((await keyStatus()).encryptions).toBeGreaterThanOrEqual(second.encryptions);
  });
});
