/**
 * What is mounted where, in Vault's shapes: `sys/mounts` (`vault secrets list`), `sys/auth`
 * (`vault auth list`), and `sys/internal/ui/mounts/<path>`, which `vault kv …` reads first to
 * learn the engine and its version (command/kv_helpers.go, kvPreflightVersionRequest). Symbolon
 * has exactly one secrets engine, KV version 2 at `secret/`, and one auth method, `token/`.
 */
import { createHash } from 'node:crypto';
import type { MountEntry, MountsData, UiMountData } from '../../../shared/api/mounts.js';
import { authenticate } from '../auth.js';
import { HttpError } from '../errors.js';
import { logical } from '../reply.js';
import type { ApiRequest, Route } from '../route.js';
import { KV_MOUNT } from './secret-kv.js';

const AUTH_MOUNT = 'token/';

/** Vault gives each mount a uuid and an accessor; here they derive from the keyring, so they stay put. */
function mountIds(req: ApiRequest, prefix: string, path: string): { uuid: string; accessor: string } {
  const hex = createHash('sha256').update(`${req.core.seal.status().keyringId ?? ''}/${path}`).digest('hex');
  const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  return { uuid, accessor: `${prefix}_${hex.slice(32, 40)}` };
}

/** Fields every Vault mount entry has (MountOutput / AuthMount in Vault's api package). */
const COMMON = {
  config: { default_lease_ttl: 0, max_lease_ttl: 0, force_no_cache: false },
  // Nothing is replicated; "local" is what Vault reports for such a mount.
  local: true,
  seal_wrap: false,
  external_entropy_access: false,
  plugin_version: '',
  running_plugin_version: '',
  running_sha256: '',
  deprecation_status: 'supported',
};

function kvMount(req: ApiRequest) {
  return { ...mountIds(req, 'kv', KV_MOUNT), type: 'kv', description: 'key/value secret storage (version 2), behind the Symbolon barrier', options: { version: '2' }, ...COMMON } satisfies MountEntry;
}

function tokenAuthMount(req: ApiRequest) {
  return { ...mountIds(req, 'auth_token', AUTH_MOUNT), type: 'token', description: 'token based credentials', options: null, ...COMMON } satisfies MountEntry;
}

export const sysMountsRoutes: Route[] = [
  {
    // Vault copies the entries to the top level too (older clients read them there).
    path: 'sys/mounts',
    auth: 'token',
    handlers: { read: (req) => logical({ [KV_MOUNT]: kvMount(req) } satisfies MountsData, { requestId: req.requestId, topLevel: true }) },
  },
  {
    path: 'sys/auth',
    auth: 'token',
    handlers: { read: (req) => logical({ [AUTH_MOUNT]: tokenAuthMount(req) } satisfies MountsData, { requestId: req.requestId, topLevel: true }) },
  },
  {
    // Vault lets any valid token ask which engine serves a path.
    path: 'sys/internal/ui/mounts/*',
    auth: 'none',
    handlers: {
      read: (req) => {
        authenticate(req.core, req.token);
        const target = req.params['*'] ?? '';
        if (target !== KV_MOUNT.slice(0, -1) && !target.startsWith(KV_MOUNT)) {
          throw new HttpError(404, 'NO_MOUNT', `no secrets engine is mounted at ${target}: only ${KV_MOUNT} (KV version 2) exists`, { path: target });
        }
        return logical({ path: KV_MOUNT, ...kvMount(req) } satisfies UiMountData, { requestId: req.requestId });
      },
    },
  },
];
