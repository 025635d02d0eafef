/**
 * The one IPC channel between the renderer and the Electron main process (Mullvad's
 * `ipc-schema.ts` pattern: every call is described here once; channel names are derived from this
 * object, never typed by hand).
 *
 * The renderer asks the loopback API a question through `window.symbolon.request(req)`; the main
 * process checks the payload with `parseSymbolonRequest` (the one check) and hands it to the
 * same in-process API pipeline the HTTP listener uses (DESIGN.md: "no second, private path"). `path` is relative
 * to `/v1/` (for example `sys/seal-status` or `sys/rewrap?x=1`), exactly what the headless
 * renderer appends to `fetch('/v1/' + path)`.
 *
 * Dependency-free: shared/ imports nothing outside itself.
 */
import { DEFAULT_MAX_BODY_BYTES } from './constants.js';

/** Methods the API understands (API.md "Methods"); anything else is refused before it is sent. */
export const REQUEST_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'LIST', 'HEAD'] as const;
export type RequestMethod = (typeof REQUEST_METHODS)[number];

/** What the renderer sends. */
export interface SymbolonRequest {
  method: RequestMethod;
  /** Path below `/v1/`, without a leading slash; may carry a query string. */
  path: string;
  /** Extra headers, e.g. `X-Vault-Token`. */
  headers?: Record<string, string>;
  /** JSON-serialisable request body. */
  body?: unknown;
}

/** What comes back: the HTTP status and the parsed JSON body (`null` for 204). */
export interface SymbolonResponse {
  status: number;
  body: unknown;
}

/** What the renderer sends to have its own page saved as a PDF (handouts). */
export interface PrintToPdfRequest {
  /** Suggested file name, without extension (e.g. "Handout - Alice"). */
  title: string;
}

/** `saved: false` when the operator cancelled the save dialog. */
export interface PrintToPdfResponse {
  saved: boolean;
  path?: string;
}

/**
 * The desktop app's loopback API listener (`VAULT_ADDR` for scripts on the laptop):
 * - `listening`: scripts reach Symbolon at `url`;
 * - `off`: the operator turned the listener off;
 * - `port-taken`: another program holds `port`, so a script using it reaches THAT program;
 * - `failed`: it could not listen for another reason, named in `message`.
 */
export interface LoopbackApiStatus {
  state: 'listening' | 'off' | 'port-taken' | 'failed';
  port: number;
  url?: string;
  message?: string;
  /** The operator's setting; a change takes effect at the next start. */
  enabledAtNextStart: boolean;
}

/** Turns the listener on or off from the next start. */
export interface SetLoopbackApiRequest {
  enabled: boolean;
}

/** The functions the preload exposes as `window.symbolon`. */
export interface SymbolonBridge {
  request(req: SymbolonRequest): Promise<SymbolonResponse>;
  /** Electron only: prints the calling page to a PDF the operator saves. Headless uses `window.print()`. */
  printToPdf?(req: PrintToPdfRequest): Promise<PrintToPdfResponse>;
  /** Electron only: resolves once the listener has started (or was not started). */
  loopbackApiStatus?(): Promise<LoopbackApiStatus>;
  /** Electron only. */
  setLoopbackApi?(req: SetLoopbackApiRequest): Promise<LoopbackApiStatus>;
}

/** Marker for a renderer → main call that answers (`ipcRenderer.invoke` / `ipcMain.handle`). */
interface Invoke<Req, Res> {
  readonly direction: 'invoke';
  /** Phantom fields: they carry the types only; never read at run time. */
  readonly request?: Req;
  readonly response?: Res;
}

function invoke<Req, Res>(): Invoke<Req, Res> {
  return { direction: 'invoke' };
}

/**
 * Every IPC call, grouped. The API is the only door to the core: `request`. The other calls
 * touch no keyring state: `print-to-pdf` prints the sender's own page and saves it where the
 * operator chooses; the loopback-API pair reports the listener and stores the operator's setting.
 */
export const ipcSchema = {
  symbolon: {
    request: invoke<SymbolonRequest, SymbolonResponse>(),
    'print-to-pdf': invoke<PrintToPdfRequest, PrintToPdfResponse>(),
    'loopback-api-status': invoke<undefined, LoopbackApiStatus>(),
    'set-loopback-api': invoke<SetLoopbackApiRequest, LoopbackApiStatus>(),
  },
} as const;

type Schema = typeof ipcSchema;

/** `symbolon:request` — derived from the schema so the two sides cannot drift apart. */
export function channelName<G extends keyof Schema, C extends keyof Schema[G] & string>(group: G, call: C): `${G}:${C}` {
  return `${group}:${call}`;
}

export const REQUEST_CHANNEL = channelName('symbolon', 'request');
/** `symbolon:print-to-pdf`. */
export const PRINT_TO_PDF_CHANNEL = channelName('symbolon', 'print-to-pdf');
/** `symbolon:loopback-api-status`. */
export const LOOPBACK_API_STATUS_CHANNEL = channelName('symbolon', 'loopback-api-status');
/** `symbolon:set-loopback-api`. */
export const SET_LOOPBACK_API_CHANNEL = channelName('symbolon', 'set-loopback-api');

/** Checks an untrusted `set-loopback-api` payload. */
export function parseSetLoopbackApiRequest(value: unknown): SetLoopbackApiRequest {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError('set-loopback-api request must be an object');
  const { enabled } = value as Record<string, unknown>;
  if (typeof enabled !== 'boolean') throw new TypeError('set-loopback-api request.enabled must be a boolean');
  return { enabled };
}

/** Longest suggested file name accepted from the renderer. */
const MAX_TITLE_LENGTH = 120;

/** Checks an untrusted `print-to-pdf` payload; throws TypeError/RangeError with a clear message. */
export function parsePrintToPdfRequest(value: unknown): PrintToPdfRequest {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError('print request must be an object');
  const { title } = value as Record<string, unknown>;
  if (typeof title !== 'string' || title.trim() === '') throw new TypeError('print request.title must be a non-empty string');
  if (title.length > MAX_TITLE_LENGTH) throw new RangeError(`print request.title is longer than ${MAX_TITLE_LENGTH} characters`);
  if (hasControlCharacter(title)) throw new TypeError('print request.title must not contain control characters');
  return { title };
}

/** Longest path accepted; real API paths are far shorter. */
const MAX_PATH_LENGTH = 2048;
const MAX_HEADERS = 16;
const MAX_HEADER_VALUE_LENGTH = 4096;
/** Deepest body accepted: the UI sends shallow bodies, and a deep one costs the main process stack. */
export const MAX_IPC_BODY_DEPTH = 64;
/**
 * The only headers a request over IPC may carry, lower-case: the ones the API reads from the UI.
 * An IPC message skips the checks an HTTP listener gets for free (Host, Origin), so nothing else
 * may be forged through it; `server.inject` passes on these and no others.
 */
export const IPC_HEADERS: ReadonlySet<string> = new Set(['x-vault-token', 'x-vault-wrap-ttl']);

/**
 * Checks an untrusted IPC payload and returns it as a `SymbolonRequest`: the one check of
 * `symbolon:request`, run by the main process before the payload reaches the API pipeline.
 * - method from the allow-list;
 * - a relative API path of at most 2048 characters: no scheme, host, absolute path, dot
 *   segments, backslashes, `..` or percent-encoded dot anywhere, no fragment, so URL
 *   normalisation can never walk it out of `/v1/`;
 * - only the IPC_HEADERS, single-line, at most 4096 characters each;
 * - a body of plain JSON values (no functions, dates, maps, typed arrays, cycles), at most
 *   MAX_IPC_BODY_DEPTH deep and `maxBodyBytes` long once serialised: the HTTP limit.
 * Throws TypeError/RangeError with a message naming the field; the main process answers those
 * with a 400.
 */
export function parseSymbolonRequest(value: unknown, maxBodyBytes: number = DEFAULT_MAX_BODY_BYTES): SymbolonRequest {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError('request must be an object');
  }
  const { method, path, headers, body } = value as Record<string, unknown>;
  if (typeof method !== 'string' || !(REQUEST_METHODS as readonly string[]).includes(method)) {
    throw new TypeError(`request.method must be one of ${REQUEST_METHODS.join(', ')}`);
  }
  if (typeof path !== 'string' || path.length === 0) throw new TypeError('request.path must be a non-empty string');
  if (path.length > MAX_PATH_LENGTH) throw new RangeError(`request.path is longer than ${MAX_PATH_LENGTH} characters`);
  const pathOnly = path.split('?')[0] ?? '';
  if (pathOnly.startsWith('/') || pathOnly.includes('\\') || pathOnly.includes('//') || /(^|\/)\.\.?(\/|$)/.test(pathOnly) || /^[a-z][a-z0-9+.-]*:/i.test(pathOnly)) {
    throw new TypeError('request.path must be a relative API path such as "sys/seal-status"');
  }
  if (hasControlCharacter(path)) throw new TypeError('request.path must not contain control characters');
  if (path.includes('..') || /%2e/i.test(path) || path.includes('#')) {
    throw new TypeError('request.path must not contain "..", an encoded dot or a fragment');
  }
  const result: SymbolonRequest = { method: method as RequestMethod, path };
  if (headers !== undefined) result.headers = parseHeaders(headers);
  if (body !== undefined) {
    checkJsonValue(body, 0);
    const bytes = new TextEncoder().encode(JSON.stringify(body)).length;
    if (bytes > maxBodyBytes) throw new RangeError(`request.body is ${bytes} bytes; the limit is ${maxBodyBytes}`);
    result.body = body;
  }
  return result;
}

function parseHeaders(headers: unknown): Record<string, string> {
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) {
    throw new TypeError('request.headers must be an object of strings');
  }
  const entries = Object.entries(headers);
  if (entries.length > MAX_HEADERS) throw new RangeError(`request.headers has more than ${MAX_HEADERS} entries`);
  const out: Record<string, string> = {};
  for (const [name, val] of entries) {
    if (!/^[A-Za-z0-9-]{1,64}$/.test(name)) throw new TypeError(`request.headers: invalid header name "${name}"`);
    if (typeof val !== 'string' || hasControlCharacter(val)) throw new TypeError(`request.headers.${name} must be a single-line string`);
    if (!IPC_HEADERS.has(name.toLowerCase())) throw new TypeError(`request.headers: "${name}" is not allowed (only X-Vault-Token, X-Vault-Wrap-TTL)`);
    if (val.length > MAX_HEADER_VALUE_LENGTH) throw new RangeError(`request.headers.${name} is longer than ${MAX_HEADER_VALUE_LENGTH} characters`);
    out[name] = val;
  }
  return out;
}

/** Throws unless `value` is made only of JSON's own types (what the HTTP transport could send). */
function checkJsonValue(value: unknown, depth: number): void {
  if (depth > MAX_IPC_BODY_DEPTH) throw new RangeError(`request.body is nested deeper than ${MAX_IPC_BODY_DEPTH} levels`);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('request.body holds a number JSON cannot represent');
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) checkJsonValue(item, depth + 1);
    return;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const item of Object.values(value)) checkJsonValue(item, depth + 1);
    return;
  }
  throw new TypeError('request.body must hold only JSON values (objects, arrays, strings, numbers, booleans, null)');
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
