/**
 * One HTTP/1.1 request written byte by byte on a fresh TCP connection, for the fuzz and attack
 * suites: any method token, duplicate or oversized headers, raw bytes that are not UTF-8 in the
 * target, header values or body, exactly as given — no client library normalises them away.
 * `Connection: close` is always sent, so the answer ends with the connection; the status comes
 * from the status line (0 when the server closed without answering).
 */
import { Socket } from 'node:net';

export interface RawRequest {
  readonly method: string;
  /** The request target as bytes (latin1 string or Buffer), e.g. `/v1/sys/init?x=1`. */
  readonly target: string | Buffer;
  /** Headers in order, duplicates allowed; `Host` is added first unless `host` is given (null: none). */
  readonly headers?: readonly (readonly [string, string | Buffer])[];
  readonly host?: string | null;
  readonly body?: Buffer | string | null;
  /** Content-Length is added for a body unless this is false (the caller frames it). */
  readonly contentLength?: boolean;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  readonly json: Record<string, unknown> | null;
}

const CRLF = '\r\n';

function bytes(value: string | Buffer): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'latin1') : value;
}

export function encodeRequest(port: number, request: RawRequest): Buffer {
  const body = request.body === undefined || request.body === null ? null : typeof request.body === 'string' ? Buffer.from(request.body, 'utf8') : request.body;
  const parts: Buffer[] = [bytes(`${request.method} `), bytes(request.target), bytes(` HTTP/1.1${CRLF}`)];
  const host = request.host === undefined ? `127.0.0.1:${port}` : request.host;
  if (host !== null) parts.push(bytes(`Host: ${host}${CRLF}`));
  for (const [name, value] of request.headers ?? []) parts.push(bytes(`${name}: `), bytes(value), bytes(CRLF));
  parts.push(bytes(`Connection: close${CRLF}`));
  if (body && request.contentLength !== false) parts.push(bytes(`Content-Length: ${body.length}${CRLF}`));
  parts.push(bytes(CRLF));
  if (body) parts.push(body);
  return Buffer.concat(parts);
}

function parse(raw: Buffer): RawResponse {
  let text = raw.toString('utf8');
  // Interim answers (100 Continue to `Expect: 100-continue`) precede the real one.
  while (/^HTTP\/1\.[01] 1\d\d /.test(text) && text.includes('\r\n\r\n')) text = text.slice(text.indexOf('\r\n\r\n') + 4);
  const head = text.split('\r\n\r\n', 1)[0] ?? '';
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n').slice(1)) {
    const at = line.indexOf(':');
    if (at > 0) headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
  }
  let bodyText = text.slice(head.length + 4);
  // Chunked answers (fastify streams nothing here, but Node may): join the chunks.
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) bodyText = dechunk(bodyText);
  return { status, headers, text: bodyText, json: jsonOf(bodyText) };
}

function jsonOf(text: string): Record<string, unknown> | null {
  try {
    return text ? (JSON.parse(text) as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function dechunk(text: string): string {
  let out = '';
  let rest = text;
  for (;;) {
    const line = rest.indexOf('\r\n');
    if (line < 0) return out;
    const size = parseInt(rest.slice(0, line), 16);
    if (!Number.isFinite(size) || size === 0) return out;
    out += rest.slice(line + 2, line + 2 + size);
    rest = rest.slice(line + 2 + size + 2);
  }
}

/** Sends `request` to 127.0.0.1:`port`; rejects only when the connection cannot be made or times out. */
export function rawRequest(port: number, request: RawRequest, timeoutMs = 20_000): Promise<RawResponse> {
  const payload = encodeRequest(port, request);
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    const chunks: Buffer[] = [];
    let connected = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms to ${request.method} ${bytes(request.target).toString('latin1').slice(0, 120)}`));
    }, timeoutMs);
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', (error) => {
      // A reset after connecting is an answer too (the server refused to read on): status 0.
      if (!connected) {
        clearTimeout(timer);
        reject(error);
      }
    });
    socket.on('close', () => {
      clearTimeout(timer);
      if (connected) resolve(parse(Buffer.concat(chunks)));
    });
    socket.connect(port, '127.0.0.1', () => {
      connected = true;
      socket.end(payload);
    });
  });
}
