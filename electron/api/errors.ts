/** Maps what the core and the framework throw to status codes and Vault-shaped error bodies. */
import { CoreError } from '../core/errors.js';
import type { CoreErrorKind } from '../core/errors.js';
import { errorReply } from './reply.js';
import type { ApiReply } from './reply.js';

const STATUS_BY_KIND: Record<CoreErrorKind, number> = {
  invalid: 400,
  permission: 403,
  'not-found': 404,
  conflict: 409,
  quota: 429,
  sealed: 503,
  uninitialized: 400,
};

/** An error raised by the API layer itself (routing, parsing, auth). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly context: CoreError['context'] = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const permissionDenied = (context: CoreError['context'] = {}): HttpError => new HttpError(403, 'PERMISSION_DENIED', 'permission denied', context);

/** Framework errors carry a statusCode and an FST_* code; anything else is a bug. */
interface FrameworkError {
  statusCode?: number;
  code?: string;
  message?: string;
}

export function toErrorReply(error: unknown): { reply: ApiReply; internal: boolean } {
  if (error instanceof CoreError) return { reply: errorReply(STATUS_BY_KIND[error.kind], error.code, error.message, error.context), internal: false };
  if (error instanceof HttpError) return { reply: errorReply(error.status, error.code, error.message, error.context), internal: false };
  const framework = error as FrameworkError;
  const status = framework.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    switch (framework.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return { reply: errorReply(413, 'BODY_TOO_LARGE', 'request body is too large'), internal: false };
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return { reply: errorReply(415, 'UNSUPPORTED_MEDIA_TYPE', 'request body must be JSON (Content-Type: application/json)'), internal: false };
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return { reply: errorReply(400, 'INVALID_REQUEST', 'failed to parse JSON input: body is empty or truncated'), internal: false };
      default:
        // Malformed JSON and prototype-poisoning attempts arrive here with status 400. The parser's
        // own message can quote the body (which may hold a share), so it is not repeated.
        return { reply: errorReply(status, 'INVALID_REQUEST', 'failed to parse JSON input'), internal: false };
    }
  }
  return { reply: errorReply(500, 'INTERNAL', 'internal error'), internal: true };
}

