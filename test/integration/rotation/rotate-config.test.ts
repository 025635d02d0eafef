/**
 * sys/rotate/config through real HTTP (API.md, "sys/rotate, sys/rotate/config, sys/key-status"):
 * Vault's defaults, data copied to the top level, only the fields given change (204), the exact
 * 400 messages for max_operations and interval with nothing changed on a 400, interval printed as
 * Go prints durations (`4320h0m0s`, 0 when off), `{"enabled":false}` alone taking effect (better
 * than Vault), read vs update+sudo, and the config surviving a restart.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, initAndUnseal, startServe, tempDir } from '../../helpers/serve.js';
import type { ServeProcess } from '../../helpers/serve.js';

interface ConfigData {
  max_operations: number;
  enabled: boolean;
  interval: number | string;
}

const MAX_MESSAGE = 'max_operations must be in the range [1000000,3865470566]';
const INTERVAL_MESSAGE = 'interval must be greater or equal to 24h0m0s';

describe('sys/rotate/config', () => {
  let dir: ReturnType<typeof tempDir>;
  let dataPath: string;
  let server: ServeProcess;
  let root: string;
  let key: string;

  beforeAll(async () => {
    dir = tempDir();
    dataPath = join(dir.dir, 'keyring.db');
    server = await startServe({ dataPath });
    const init = await initAndUnseal(server, 1, 1);
    root = init.root_token;
    key = init.keys[0] ?? '';
  });
  afterAll(async () => {
    await server.stop();
    dir.remove();
  });

  async function readConfig(token = root): Promise<ConfigData> {
    const r = await api<{ data: ConfigData } & ConfigData>(server, 'GET', 'sys/rotate/config', { token });
    expect(r.status).toBe(200);
    expect({ max_operations: r.body.max_operations, enabled: r.body.enabled, interval: r.body.interval }).toEqual(r.body.data);
    return r.body.data;
  }

  async function write(body: unknown, token = root) {
    return api(server, 'POST', 'sys/rotate/config', { token, body });
  }

  async function refused(body: unknown, message: string): Promise<void> {
    const before = await readConfig();
    const r = await write(body);
    expect(r.status, JSON.stringify(body)).toBe(400);
    expect(r.body['errors']).toEqual([message]);
    expect(r.body['message']).toBe(message);
    expect(r.body['error_code']).toBe('INVALID_ROTATION_CONFIG');
    expect(await readConfig()).toEqual(before);
  }

  it('starts with Vault\'s defaults, copied to the top level', async () => {
    expect(await readConfig()).toEqual({ max_operations: 3_865_470_566, enabled: true, interval: 0 });
  });

  it('changes only the fields given, answering 204', async () => {
    const r = await write({ max_operations: 2_000_000 });
    expect(r.status).toBe(204);
    expect(r.text).toBe('');
    expect(await readConfig()).toEqual({ max_operations: 2_000_000, enabled: true, interval: 0 });
    expect((await write({ interval: '4320h' })).status).toBe(204);
    expect(await readConfig()).toEqual({ max_operations: 2_000_000, enabled: true, interval: '4320h0m0s' });
    expect((await write({})).status).toBe(204);
    expect(await readConfig()).toEqual({ max_operations: 2_000_000, enabled: true, interval: '4320h0m0s' });
  });

  it('takes {"enabled":false} alone, and enabled:true back', async () => {
    expect((await write({ enabled: false })).status).toBe(204);
    expect((await readConfig()).enabled).toBe(false);
    expect((await write({ enabled: true })).status).toBe(204);
    expect((await readConfig()).enabled).toBe(true);
  });

  it('prints the interval as Go does, whichever form it was given in; 0 turns it off', async () => {
    for (const [given, shown] of [
      [15_552_000, '4320h0m0s'],
      ['180d', '4320h0m0s'],
      ['86400', '24h0m0s'],
      ['24h', '24h0m0s'],
      ['1500m', '25h0m0s'],
      ['25h30m15s', '25h30m15s'],
      [0, 0],
      ['0s', 0],
    ] as const) {
      expect((await write({ interval: given })).status, String(given)).toBe(204);
      expect((await readConfig()).interval, String(given)).toBe(shown);
    }
  });

  it('accepts max_operations at both bounds, and as an integer string', async () => {
    for (const [given, stored] of [[1_000_000, 1_000_000], [3_865_470_566, 3_865_470_566], ['1500000', 1_500_000]] as const) {
      expect((await write({ max_operations: given })).status).toBe(204);
      expect((await readConfig()).max_operations).toBe(stored);
    }
  });

  it('refuses max_operations outside [1000000, 3865470566] with Vault\'s message, changing nothing', async () => {
    for (const max of [999_999, 0, -5, 3_865_470_567, 10_000_000_000]) await refused({ max_operations: max }, MAX_MESSAGE);
    // Other fields in the same request do not slip through.
    await refused({ max_operations: 1, enabled: false }, MAX_MESSAGE);
  });

  it('refuses an interval under 24h with Vault\'s message, changing nothing', async () => {
    for (const interval of ['23h59m59s', '1h', 3600, '1s', '-24h']) await refused({ interval, enabled: false, max_operations: 5_000_000 }, INTERVAL_MESSAGE);
  });

  it('refuses values of the wrong type with a 400 naming the field', async () => {
    for (const [body, start] of [
      [{ max_operations: 'many' }, 'max_operations must be an integer'],
      [{ max_operations: 1_000_000.5 }, 'max_operations must be an integer'],
      [{ interval: 'forever' }, 'interval must be a duration'],
      [{ interval: [24] }, 'interval must be a duration'],
      [{ enabled: 'perhaps' }, 'enabled must be true or false'],
    ] as const) {
      const r = await write(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(String(r.body['message'])).toContain(start);
    }
  });

  it('needs read to see the config and update plus sudo to change it', async () => {
    const policy = JSON.stringify({ path: { 'sys/rotate/config': { capabilities: ['read', 'update'] } } });
    expect((await api(server, 'PUT', 'sys/policy/rotate-config-no-sudo', { token: root, body: { policy } })).status).toBe(204);
    const created = await api<{ auth: { client_token: string } }>(server, 'POST', 'auth/token/create', { token: root, body: { policies: ['rotate-config-no-sudo'] } });
    const token = created.body.auth.client_token;
    const before = await readConfig(token);
    const denied = await write({ enabled: !before.enabled }, token);
    expect(denied.status).toBe(403);
    expect(denied.body['context']).toMatchObject({ path: 'sys/rotate/config', capability: 'update', sudo: true });
    expect(await readConfig()).toEqual(before);

    const nothing = await api<{ auth: { client_token: string } }>(server, 'POST', 'auth/token/create', { token: root, body: { policies: ['default'] } });
    const unreadable = await api(server, 'GET', 'sys/rotate/config', { token: nothing.body.auth.client_token });
    expect(unreadable.status).toBe(403);
    expect(unreadable.body['context']).toMatchObject({ path: 'sys/rotate/config', capability: 'read' });
    expect((await api(server, 'GET', 'sys/rotate/config')).status).toBe(403);
  });

  it('keeps the config across a restart, and answers 503 while sealed', async () => {
    expect((await write({ max_operations: 1_234_567, interval: '72h', enabled: false })).status).toBe(204);
    await server.stop();
    server = await startServe({ dataPath });
    const sealed = await api(server, 'GET', 'sys/rotate/config', { token: root });
    expect(sealed.status).toBe(503);
    expect((await write({ enabled: true })).status).toBe(503);
    expect((await api(server, 'PUT', 'sys/unseal', { body: { key } })).status).toBe(200);
    expect(await readConfig()).toEqual({ max_operations: 1_234_567, enabled: false, interval: '72h0m0s' });
  });

  it('audits each change', async () => {
    const log = await api<{ data: { entries: Record<string, unknown>[] } }>(server, 'GET', 'sys/audit/log?limit=10000', { token: root });
    const changes = log.body.data.entries.filter((e) => e['type'] === 'rotation-config');
    expect(changes.at(-1)).toMatchObject({ max_operations: 1_234_567, interval_seconds: 259_200, enabled: false });
  });
});
