/**
 * How long a client may take (API.md, "Security of the listener"). Fastify and Node default to
 * no request timeout and no idle timeout, so a silent, slow-header or stalled-body connection
 * stayed open for ever, and a shutdown waited on it. Values follow Vault's listener defaults
 * (10 s to send headers, 30 s for the whole request) and Node's 5 s keep-alive. No handler is
 * cut short: these bound only how long the *client* takes to send; the idle timeout, which would
 * also fire while a handler works, is set far above any ceremony's running time (losing an init
 * response would lose its shares).
 */
export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 30_000;
export const KEEP_ALIVE_TIMEOUT_MS = 5_000;
export const IDLE_SOCKET_TIMEOUT_MS = 120_000;
/** How often Node checks the header and request deadlines (its default, 30 s, would let them overrun). */
const DEADLINE_CHECK_INTERVAL_MS = 1_000;

/** Fastify options; `forceCloseConnections` makes close() end open connections instead of waiting. */
export function connectionLimits() {
  return {
    connectionTimeout: IDLE_SOCKET_TIMEOUT_MS,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    forceCloseConnections: true,
    http: {
      headersTimeout: HEADERS_TIMEOUT_MS,
      requestTimeout: REQUEST_TIMEOUT_MS,
      keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
      connectionsCheckingInterval: DEADLINE_CHECK_INTERVAL_MS,
    },
  } as const;
}
