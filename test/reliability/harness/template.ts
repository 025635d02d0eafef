/**
 * The prepared keyring every crash run starts from, made through the real API: 3-of-5
 * custodians, KV secrets written under the first term, then a rotation so that a rewrap has
 * records to move, then a clean stop (SIGTERM seals and checkpoints). Endpoints that do not exist
 * yet are left out.
 */
import { join } from 'node:path';
import { initAndUnseal, startServe } from '../../helpers/serve.js';
import type { Template } from './crash-run.js';
import type { RotationConfigView } from './model.js';
import { call, supports } from './steps.js';
import { ClientModel } from './model.js';

const SEEDED_SECRETS = 30;

export async function prepareTemplate(dir: string): Promise<Template> {
  const path = join(dir, 'template.db');
  const server = await startServe({ dataPath: path });
  try {
    const init = await initAndUnseal(server, 5, 3, ['Ann', 'Ben', 'Cy', 'Dee', 'Eve']);
    const ctx = { server, model: new ClientModel() };
    const token = init.root_token;
    const kv = new Map<string, string>();
    if (supports('update', 'secret/data/x')) {
      for (let i = 0; i < SEEDED_SECRETS; i++) {
        const value = `seed-${i}-${'s'.repeat(i * 50)}`;
        await call(ctx, 'PUT', `secret/data/seed/${i}`, [200], { token, body: { data: { value } } });
        kv.set(`seed/${i}`, value);
      }
    }
    if (supports('update', 'sys/rotate')) await call(ctx, 'POST', 'sys/rotate', [204], { token });
    const term = supports('read', 'sys/key-status') ? Number((await call(ctx, 'GET', 'sys/key-status', [200], { token })).body['term']) : 0;
    let config: RotationConfigView | null = null;
    if (supports('read', 'sys/rotate/config')) {
      const shown = (await call(ctx, 'GET', 'sys/rotate/config', [200], { token })).body['data'] as Record<string, unknown>;
      config = { max_operations: Number(shown['max_operations']), enabled: shown['enabled'] === true, interval: shown['interval'] as number | string };
    }
    return { path, set: { keys: init.keys, threshold: 3, generation: init.generation }, rootToken: token, term, config, kv };
  } finally {
    await server.stop();
  }
}
