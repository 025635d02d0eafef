/**
 * The renderer's only door to the core (DESIGN.md "one core, one API, two transports").
 *
 * In Electron the preload exposes `window.symbolon.request` (shared/ipc-schema.ts); in headless
 * mode the UI is served at `/ui/` next to the API at `/v1/` on the same origin, so plain `fetch`
 * works. Either way the request is the same Vault-dialect call: the token travels in
 * `X-Vault-Token`, errors come back Vault-shaped (`{errors, error_code, message, context}`) and
 * are turned into `ApiError` so screens can show `message` and `context` (share index, custodian).
 *
 * No other renderer file may call `fetch` or touch `window.symbolon`.
 */
import type { LoopbackApiStatus, PrintToPdfRequest, PrintToPdfResponse, RequestMethod, SymbolonBridge, SymbolonRequest, SymbolonResponse } from '../../shared/ipc-schema.js';
import type { ErrorResponse } from '../../shared/api/errors.js';

export type TransportKind = 'ipc' | 'http';

export interface Transport {
  readonly kind: TransportKind;
  send(req: SymbolonRequest): Promise<SymbolonResponse>;
}

/** The subset of `fetch` the HTTP transport needs (so tests can pass a fake). */
export type FetchLike = (url: string, init: {
  method: string;
  headers: Record<string, string>;
  body?: string;
  credentials: 'omit';
  cache: 'no-store';
  redirect: 'error';
}) => Promise<{ status: number; text(): Promise<string> }>;

/** Where to look for a transport: `globalThis` is `window` in the renderer. */
export interface TransportEnv {
  symbolon?: unknown;
  fetch?: unknown;
}

/** Prefix of the API on the UI's own origin in headless mode. */
export const HTTP_API_PREFIX = '/v1/';

function isBridge(value: unknown): value is SymbolonBridge {
  return typeof value === 'object' && value !== null && typeof (value as { request?: unknown }).request === 'function';
}

/** Electron's save-as-PDF of this page (handouts), or null outside Electron (use `window.print()`). */
export function selectPdfPrinter(env: TransportEnv = globalThis as TransportEnv): ((req: PrintToPdfRequest) => Promise<PrintToPdfResponse>) | null {
  const bridge = env.symbolon;
  const print = isBridge(bridge) ? bridge.printToPdf : undefined;
  return typeof print === 'function' ? (req) => print.call(bridge, req) : null;
}

/** The desktop app's loopback API listener, as the header shows it. */
export interface LoopbackApiControl {
  status(): Promise<LoopbackApiStatus>;
  setEnabled(enabled: boolean): Promise<LoopbackApiStatus>;
}

/** Electron's listener control, or null outside Electron (headless: this page came from the listener). */
export function selectLoopbackApi(env: TransportEnv = globalThis as TransportEnv): LoopbackApiControl | null {
  const bridge = env.symbolon;
  if (!isBridge(bridge) || typeof bridge.loopbackApiStatus !== 'function' || typeof bridge.setLoopbackApi !== 'function') return null;
  const { loopbackApiStatus, setLoopbackApi } = bridge;
  return { status: () => loopbackApiStatus.call(bridge), setEnabled: (enabled) => setLoopbackApi.call(bridge, { enabled }) };
}

/** Picks the Electron bridge when the preload provided one, otherwise same-origin HTTP. */
export function selectTransport(env: TransportEnv = globalThis as TransportEnv): Transport {
  const bridge = env.symbolon;
  if (isBridge(bridge)) {
    return { kind: 'ipc', send: (req) => bridge.request(req) };
  }
  if (typeof env.fetch !== 'function') {
    throw new TypeError('No transport: neither window.symbolon nor fetch is available');
  }
  const fetchFn = env.fetch as FetchLike;
  return { kind: 'http', send: (req) => sendOverHttp(fetchFn, req) };
}

async function sendOverHttp(fetchFn: FetchLike, req: SymbolonRequest): Promise<SymbolonResponse> {
  const headers: Record<string, string> = { Accept: 'application/json', ...req.headers };
  const init: Parameters<FetchLike>[1] = { method: req.method, headers, credentials: 'omit', cache: 'no-store', redirect: 'error' };
  if (req.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(req.body);
  }
  const res = await fetchFn(HTTP_API_PREFIX + req.path, init);
  const text = await res.text();
  return { status: res.status, body: parseBody(text) };
}

function parseBody(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A failed API call, with the Vault-shaped error body unpacked. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors: readonly string[];
  /** Non-secret details from the server, e.g. `{ share_index: 3, custodian: 'Dana' }`. */
  readonly context: Readonly<Record<string, unknown>>;

  constructor(status: number, message: string, code = '', errors: readonly string[] = [message], context: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.errors = errors;
    this.context = context;
  }

  static fromResponse(status: number, body: unknown): ApiError {
    // Field names checked against the contract (shared/api/errors.ts); each value checked here.
    const b: { readonly [K in keyof ErrorResponse]?: unknown } = typeof body === 'object' && body !== null ? body : {};
    const errors = Array.isArray(b.errors) ? b.errors.filter((e): e is string => typeof e === 'string') : [];
    const message = typeof b.message === 'string' && b.message !== '' ? b.message
      : errors[0] ?? (typeof body === 'string' && body !== '' ? body : `Request failed with status ${status}`);
    const context = typeof b.context === 'object' && b.context !== null && !Array.isArray(b.context) ? (b.context as Record<string, unknown>) : {};
    const code = typeof b.error_code === 'string' ? b.error_code : '';
    return new ApiError(status, message, code, errors.length > 0 ? errors : [message], context);
  }
}

export interface Api {
  readonly transport: TransportKind;
  /** Sends one request; resolves with the body on 2xx/3xx, rejects with `ApiError` otherwise. */
  request<T = unknown>(method: RequestMethod, path: string, body?: unknown): Promise<T>;
}

/** Binds a transport to the session token (read at call time: it lives in the store, in memory). */
export function createApi(transport: Transport, getToken: () => string | null): Api {
  return {
    transport: transport.kind,
    async request<T>(method: RequestMethod, path: string, body?: unknown): Promise<T> {
      const headers: Record<string, string> = {};
      const token = getToken();
      if (token) headers['X-Vault-Token'] = token;
      const req: SymbolonRequest = { method, path, headers };
      if (body !== undefined) req.body = body;
      let res: SymbolonResponse;
      try {
        res = await transport.send(req);
      } catch (err) {
        // The transport itself failed (server gone, IPC refused): not a Vault error.
        const detail = err instanceof Error ? err.message : String(err);
        throw new ApiError(0, `Cannot reach the Symbolon API (${detail})`, 'TRANSPORT');
      }
      if (res.status >= 400) throw ApiError.fromResponse(res.status, res.body);
      return res.body as T;
    },
  };
}

/** Turns anything thrown into a message a custodian can read aloud. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
