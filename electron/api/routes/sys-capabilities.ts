/**
 * sys/capabilities-self and sys/capabilities (Vault's): the capabilities a token has on one or
 * more paths, per path and, for a single path, also under `capabilities` (Vault's backwards-
 * compatible key). Data keys are copied to the top level, where Vault's clients read them.
 */
import type { CapabilitiesData } from '../../../shared/api/policy.js';
import type { Core, TokenEntry } from '../../core/core.js';
import { invalid } from '../../core/errors.js';
import { HttpError } from '../errors.js';
import { logical } from '../reply.js';
import type { ApiRequest, Route } from '../route.js';

const MAX_PATHS = 256;

/** `paths` (list or comma-separated) or the older `path`; leading slashes dropped. */
function pathsOf(req: ApiRequest): string[] {
  const given = req.body['paths'] ?? req.body['path'];
  const list = typeof given === 'string' ? given.split(',') : given;
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_PATHS || !list.every((p): p is string => typeof p === 'string' && p.length <= 4096)) {
    throw invalid('INVALID_REQUEST', `'paths' must be a path or a list of at most ${MAX_PATHS} paths`, { field: 'paths' });
  }
  const paths = list.map((p) => p.trim().replace(/^\/+/, ''));
  if (paths.some((p) => p === '')) throw invalid('INVALID_REQUEST', "'paths' must not contain an empty path", { field: 'paths' });
  return paths;
}

function answer(core: Core, entry: TokenEntry, paths: readonly string[]) {
  const acl = core.policies.acl(entry.policies);
  const data: CapabilitiesData = {};
  for (const path of paths) data[path] = acl.capabilities(path);
  const only = paths.length === 1 ? data[paths[0] as string] : undefined;
  if (only) data['capabilities'] = only;
  return logical(data, { topLevel: true });
}

export const sysCapabilitiesRoutes: Route[] = [
  {
    path: 'sys/capabilities-self',
    auth: 'token',
    handlers: { update: (req) => answer(req.core, req.tokenEntry as TokenEntry, pathsOf(req)) },
  },
  {
    // Another token's capabilities: given in the body (Vault's sys/capabilities).
    path: 'sys/capabilities',
    auth: 'token',
    handlers: {
      update: (req) => {
        const token = req.body['token'];
        if (typeof token !== 'string' || token === '') throw invalid('INVALID_REQUEST', "'token' must be given as a non-empty string", { field: 'token' });
        const entry = req.core.tokens.lookup(token);
        if (!entry) throw new HttpError(403, 'BAD_TOKEN', 'bad token');
        return answer(req.core, entry, pathsOf(req));
      },
    },
  },
];
