/**
 * `symbolon serve` copies the write-ahead log back into the keyring file from a worker thread
 * (electron/core/storage/background-checkpoints.ts), not inside the commits that answer requests
 * (issue 17). Seen from outside, through a spawned serve: about 1 MiB written through the API
 * reaches the database file itself within seconds, although SQLite's own checkpoint would wait
 * for 4 MiB of log (1,000 pages); and once serve stops, no log is left beside the file (the
 * worker's connection closes first, the main one last).
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { api, initAndUnseal, startServe, tempDir } from '../../helpers/serve.js';

const VALUES = 20;
const VALUE_CHARS = 50_000;

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
      const written = VALUES * VALUE_CHARS;
      // Well under SQLite's own 1,000-page checkpoint: only the worker can have copied it.
      expect(written).toBeLessThan(1000 * 4096 / 2);
      // Generous: a loaded 2-core machine may delay the worker's ticks (every 250 ms).
      const copied = await waitFor(() => statSync(dataPath).size >= before + written, 20_000);
      expect({ copied, grewBy: statSync(dataPath).size - before }).toMatchObject({ copied: true });
      expect((await api<{ data: { data: { v: string } } }>(server, 'GET', 'secret/data/bulk/7', { token: root })).body.data.data.v).toHaveLength(VALUE_CHARS);
    } finally {
      await server.stop();
    }
    expect(existsSync(`${dataPath}-wal`)).toBe(false);
  });
});
