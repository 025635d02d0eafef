/**
 * ACL policy CRUD at Vault's two addresses: the older `sys/policy/<name>` (document in `rules`,
 * list as `{policies, keys}`) and `sys/policies/acl/<name>` (document in `policy`, list with
 * `?list=true`). Either accepts the document in `policy` or `rules`, as a JSON string or object.
 * Writes answer 204; reads copy `data` to the top level as Vault does for these endpoints.
 */
import type { PolicyAclData, PolicyAclListData, PolicyListData, PolicyRulesData } from '../../../shared/api/policy.js';
import { invalid } from '../../core/errors.js';
import { policyName } from '../../core/core.js';
import { HttpError } from '../errors.js';
import { logical, noContent } from '../reply.js';
import type { ApiRequest, Handler, Route } from '../route.js';

/** The document of a write (shared/api PolicyWriteRequest): `policy`, or the older `rules`. */
function documentOf(req: ApiRequest): unknown {
  const document = req.body['policy'] ?? req.body['rules'];
  if (document === undefined || document === null || document === '') throw invalid('MISSING_POLICY', "'policy' parameter not supplied or empty");
  return document;
}

/** A stored policy in each address's field names. */
const rulesView = (name: string, text: string) => ({ name, rules: text }) satisfies PolicyRulesData;
const aclView = (name: string, text: string) => ({ name, policy: text }) satisfies PolicyAclData;

function read(view: typeof rulesView | typeof aclView): Handler {
  return ({ core, params }) => {
    const name = policyName(params['name']);
    const policy = core.policies.get(name);
    if (!policy) throw new HttpError(404, 'POLICY_NOT_FOUND', `policy "${name}" does not exist`, { policy: name });
    return logical(view(policy.name, policy.text), { topLevel: true });
  };
}

const write: Handler = (req) => {
  req.core.policies.put(req.params['name'], documentOf(req));
  return noContent();
};

const remove: Handler = ({ core, params }) => {
  core.policies.delete(params['name']);
  return noContent();
};

const listLegacy: Handler = ({ core }) => {
  const names = core.policies.names();
  return logical({ keys: names, policies: names } satisfies PolicyListData, { topLevel: true });
};

export const sysPolicyRoutes: Route[] = [
  { path: 'sys/policy', auth: 'token', handlers: { read: listLegacy, list: listLegacy } },
  { path: 'sys/policy/:name', auth: 'token', handlers: { read: read(rulesView), update: write, delete: remove } },
  { path: 'sys/policies/acl', auth: 'token', handlers: { list: ({ core }) => logical({ keys: core.policies.names() } satisfies PolicyAclListData) } },
  { path: 'sys/policies/acl/:name', auth: 'token', handlers: { read: read(aclView), update: write, delete: remove } },
];
