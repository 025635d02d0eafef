/**
 * The wrapping store's values in Vault's field names (shared/api/wrapping.ts): the one place where
 * a wrapped response's details become `wrap_info` or a lookup's data.
 */
import type { WrapInfoResponse, WrappingLookupData } from '../../shared/api/wrapping.js';
import type { WrapInfo, WrappingDetails } from '../core/core.js';

export function wrapInfoResponse(info: WrapInfo): WrapInfoResponse {
  const response: WrapInfoResponse = {
    token: info.token,
    accessor: info.accessor,
    ttl: info.ttl,
    creation_time: info.creationTime.toISOString(),
    creation_path: info.creationPath,
  };
  // Vault omits the field when the wrapped answer carries no token.
  if (info.wrappedAccessor !== null) response.wrapped_accessor = info.wrappedAccessor;
  return response;
}

export function wrappingLookupData(details: WrappingDetails) {
  return {
    creation_ttl: details.ttl,
    creation_time: details.creationTime.toISOString(),
    creation_path: details.creationPath,
  } satisfies WrappingLookupData;
}
