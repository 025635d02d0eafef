/**
 * `symbolon serve` copies the write-ahead log back into the keyring file from a worker thread
 * (electron/core/storage/background-checkpoints.ts), not inside the commits that answer requests
 * (issue 17), once the API has written a few hundred rows. Seen from outside, through a spawned
 * serve: half a megabyte written through the API, then enough requests to start the worker,
 * reaches the database file itself within seconds, while the log stays below the 1,000 pages at
 * which SQLite would have copied it itself; and once serve stops, no log is left beside the
 * file (the worker's connection closes first, the main one last).
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { api, initAndUnseal, startServe, tempDir } from '../../helpers/serve.js';

const VALUES = 10;
const VALUE_CHARS = 50_000;
/** Each answered request appends an audit entry: past the worker's start (200 changed rows). */
const READS = 220;
/** A log frame: a 4 KiB page and its 24-byte header. */
const FRAME_BYTES = 4096 + 24;

async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return condition();
}

describe('background log checkpoints', () => {
  const dir = tempDir('symbolon-checkpoints-');
  afterAll(() => dir.remove());

  it('copies the log into the keyring file while serving, and leaves no log after stopping', async () => {
    const dataPath = join(dir.dir, 'k.db');
    const server = await startServe({ dataPath });
    try {
      const root = (await initAndUnseal(server, 1, 1)).root_token;
      const before = statSync(dataPath).size;
      for (let i = 0; i < VALUES; i++) {
        const r = await api(server, 'PUT', `secret/data/bulk/${i}`, { token: root, body: { data: { v: String(i).repeat(VALUE_CHARS / String(i).length) } } });
        expect(r.status).toBe(200);
      }
      for (let i = 0; i < READS; i++) expect((await api(server, 'GET', 'sys/key-status', { token: root })).status).toBe(200);
      const written = VALUES * VALUE_CHARS;
      // Generous: a loaded 2-core machine may delay the start (looked at every second) and ticks.
      const copied = await waitFor(() => statSync(dataPath).size >= before + written, 20_000);
      expect({ copied, grewBy: statSync(dataPath).size - before }).toMatchObject({ copied: true });
      // The log never reached SQLite's own checkpoint (it only grows, or restarts from its
      // start once copied): the worker, not the main connection, copied it.
      expect(statSync(`${dataPath}-wal`).size).toBeLessThan(1000 * FRAME_BYTES);
      expect((await api<{ data: { data: { v: string } } }>(server, 'GET', 'secret/data/bulk/7', { token: root })).body.data.data.v).toHaveLength(VALUE_CHARS);
    } finally {
      await server.stop();
    }
    expect(existsSync(`${dataPath}-wal`)).toBe(false);
  });
});
