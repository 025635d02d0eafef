/**
 * `symbolon serve`: core + API + UI on loopback, without Electron. Prints exactly one line,
 * `Symbolon listening on <url>`, once ready. `--dev` makes a throwaway in-memory keyring,
 * initialized 1-of-1 and unsealed, and prints its key and root token (like `vault server -dev`).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createServer } from '../../api/server.js';
import type { SymbolonServer } from '../../api/server.js';
import { DEFAULT_PORT } from '../../../shared/constants.js';
import { defaultKeyringPath } from '../data-path.js';
import { say, warn } from '../output.js';

/** After SIGINT/SIGTERM the process is gone within this, whatever its clients do. */
const SHUTDOWN_GRACE_MS = 1_000;

function parsePort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new Error(`--port must be 0..65535 (0 picks a free port), not "${value}"`);
  return Number(value);
}

function builtUi(): string | null {
  const dir = fileURLToPath(new URL('../../../renderer/', import.meta.url));
  return existsSync(dir + 'index.html') ? dir : null;
}

async function startDevKeyring(server: SymbolonServer): Promise<void> {
  const init = await server.inject({ method: 'PUT', path: 'sys/init', body: { secret_shares: 1, secret_threshold: 1, custodians: ['Developer'] } });
  const result = JSON.parse(init.body) as { keys_base64: string[]; root_token: string };
  const key = result.keys_base64[0] ?? '';
  await server.inject({ method: 'PUT', path: 'sys/unseal', body: { key } });
  say('WARNING: dev mode. The keyring is in memory, 1-of-1, unsealed, and its key is printed below.');
  say('Never use dev mode for real keys.');
  say(`Unseal Key: ${key}`);
  say(`Root Token: ${result.root_token}`);
}

export async function runServe(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      data: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      dev: { type: 'boolean', default: false },
      'max-body-bytes': { type: 'string' },
    },
    strict: true,
  });
  if (values.dev && values.data) throw new Error('--dev uses an in-memory keyring; do not combine it with --data');
  const host = values.host ?? '127.0.0.1';
  if (host !== '127.0.0.1' && host !== '::1') throw new Error(`--host must be 127.0.0.1 or ::1: Symbolon listens on loopback only`);
  const maxBody = values['max-body-bytes'] === undefined ? undefined : Number(values['max-body-bytes']);
  if (maxBody !== undefined && (!Number.isInteger(maxBody) || maxBody < 1024)) throw new Error('--max-body-bytes must be an integer ≥ 1024');

  const server = await createServer({
    dataPath: values.dev ? ':memory:' : (values.data ?? defaultKeyringPath()),
    port: parsePort(values.port),
    host,
    uiRoot: builtUi(),
    // Log checkpoints on a worker thread, not inside the commits that answer requests (issue 17).
    backgroundCheckpoints: true,
    ...(maxBody === undefined ? {} : { maxBodyBytes: maxBody }),
    // A bug report names the error, never the request that caused it (it may hold a share).
    onInternalError: (error) => warn(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : 'unknown'}`),
  });
  // Handlers first: whoever reads the listening line may signal at once (a test, a supervisor).
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    // close() seals first (keys wiped, seal persisted), then ends every connection. Should
    // anything still hang after that, exit anyway: the keyring is already sealed.
    setTimeout(() => {
      try {
        server.core.close(); // flushes queued audit entries and closes the file
      } finally {
        process.exit(0);
      }
    }, SHUTDOWN_GRACE_MS).unref();
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  if (values.dev) await startDevKeyring(server);
  const { url } = await server.listen();
  say(`Symbolon listening on ${url}`);
}
