/**
 * sys/wrapping/* (Vault's response wrapping). `wrap` stores the request body and only works with
 * an X-Vault-Wrap-TTL header (the pipeline's wrap hook does the storing). `lookup`, `unwrap` and
 * `rewrap` take the wrapping token in the body (or, for unwrap/rewrap, in X-Vault-Token): the
 * wrapping token is the credential, so no other token is required.
 */
import { invalid } from '../../core/errors.js';
import { logical } from '../reply.js';
import type { ApiRequest, Route } from '../route.js';
import { requestedWrapTtl } from '../wrap-hook.js';
import { wrapInfoResponse, wrappingLookupData } from '../wrap-info.js';

/** The wrapping token given; '' when there is none or it is not a string, which the store refuses as not valid. */
function wrappingToken(req: ApiRequest, allowHeader: boolean): string {
  const given = req.body['token'];
  if (given !== undefined && given !== '') return typeof given === 'string' ? given : '';
  return (allowHeader ? req.token : null) ?? '';
}

export const sysWrappingRoutes: Route[] = [
  {
    path: 'sys/wrapping/wrap',
    auth: 'token',
    handlers: {
      update: (req) => {
        if (requestedWrapTtl(req.headers) === null) throw invalid('WRAPPING_REQUIRED', 'endpoint requires response wrapping to be used');
        if (Object.keys(req.body).length === 0) throw invalid('INVALID_REQUEST', 'no data provided to wrap');
        return logical({ ...req.body }, { topLevel: true });
      },
    },
  },
  {
    path: 'sys/wrapping/lookup',
    auth: 'none',
    handlers: { update: (req) => logical(wrappingLookupData(req.core.wrapping.lookup(wrappingToken(req, false)))) },
  },
  {
    path: 'sys/wrapping/unwrap',
    auth: 'none',
    handlers: {
      update: (req) => {
        const original = req.core.wrapping.unwrap(wrappingToken(req, true));
        // The original envelope, under this request's id.
        return { status: 200, body: { ...(original as Record<string, unknown>), request_id: req.requestId } };
      },
    },
  },
  {
    path: 'sys/wrapping/rewrap',
    auth: 'none',
    handlers: {
      update: (req) => {
        const wrapInfo = wrapInfoResponse(req.core.wrapping.rewrap(wrappingToken(req, true)));
        const reply = logical(null, { requestId: req.requestId });
        return { ...reply, body: { ...(reply.body as Record<string, unknown>), wrap_info: wrapInfo } };
      },
    },
  },
];
