/**
 * Symbolon's `keyring_name` on `PUT sys/init` (API.md, "sys/init"): validated, stored with the
 * seal record, returned by init and by `sys/seal-status`, kept across a restart and a rekey, and
 * absent (null) for a keyring initialized without one — the shape of records written before
 * names existed, which therefore need no migration.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startServe, tempDir } from '../../helpers/serve.js';
import type { InitResponse, ServeProcess } from '../../helpers/serve.js';
import { rekeyThrough, unsealWith } from '../rekey/rekey-fixture.js';

const NAME = 'Payments root CA 2026';

interface Named { keyring_name: string | null; generation: number; initialized: boolean }

describe('keyring_name', () => {
  const dir = tempDir();
  let server: ServeProcess;
  const dataPath = join(dir.dir, 'named.db');

  beforeAll(async () => { server = await startServe({ dataPath }); });
  afterAll(async () => {
    await server.stop();
    dir.remove();
  });

  const cases: [string, unknown, string][] = [
    ['a number', 2026, 'keyring_name must be a string'],
    ['81 characters', 'K'.repeat(81), 'keyring_name needs a printable name of at most 80 characters'],
    ['a control character', 'Payments\u001b[2J', 'keyring_name needs a printable name of at most 80 characters'],
    ['a bidi override', 'Payments \u202eAC toor', 'keyring_name needs a printable name of at most 80 characters'],
  ];
  for (const [what, keyringName, reason] of cases) {
    it(`refuses ${what}, leaving the file uninitialized`, async () => {
      const r = await api<{ message: string; error_code: string }>(server, 'PUT', 'sys/init', { body: { secret_shares: 3, secret_threshold: 2, keyring_name: keyringName } });
      expect({ status: r.status, message: r.body.message, code: r.body.error_code }).toEqual({ status: 400, message: `invalid seal configuration: ${reason}`, code: 'INVALID_CONFIG' });
      expect((await api<Named>(server, 'GET', 'sys/seal-status')).body).toMatchObject({ initialized: false, keyring_name: null });
    });
  }

  it('is stored at init, returned by seal-status, and kept across a restart and a rekey', async () => {
    const init = await api<InitResponse & Named>(server, 'PUT', 'sys/init', {
      body: { secret_shares: 3, secret_threshold: 2, custodians: ['Ann', 'Bob', 'Cy'], keyring_name: `  ${NAME} ` },
    });
    expect(init.status, init.text).toBe(200);
    expect(init.body.keyring_name).toBe(NAME);
    expect((await api<Named>(server, 'GET', 'sys/seal-status')).body).toMatchObject({ initialized: true, keyring_name: NAME });

    await server.stop();
    server = await startServe({ dataPath });
    expect((await api<Named>(server, 'GET', 'sys/seal-status')).body).toMatchObject({ keyring_name: NAME, generation: 1 });

    await unsealWith(server, init.body.keys.slice(0, 2));
    const done = await rekeyThrough(server, init.body.keys.slice(0, 2), { secret_shares: 2, secret_threshold: 2 });
    expect(done.complete).toBe(true);
    expect((await api<Named>(server, 'GET', 'sys/seal-status')).body).toMatchObject({ keyring_name: NAME, generation: 2 });
  });

  it('is null for a keyring initialized without one', async () => {
    const other = await startServe({ dataPath: join(dir.dir, 'unnamed.db') });
    try {
      const init = await api<Named>(other, 'PUT', 'sys/init', { body: { secret_shares: 1, secret_threshold: 1, keyring_name: '   ' } });
      expect(init.status).toBe(200);
      expect('keyring_name' in (init.body as object)).toBe(false);
      expect((await api<Named>(other, 'GET', 'sys/seal-status')).body).toMatchObject({ initialized: true, keyring_name: null });
    } finally {
      await other.stop();
    }
  });
});
