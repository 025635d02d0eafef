/**
 * The API server: fastify on a loopback address, one catch-all route under /v1/ feeding the
 * pipeline, the built UI under /ui/, and `inject` for the Electron IPC bridge (same pipeline,
 * no socket). Logging is off: request bodies hold shares and tokens.
 */
import Fastify from 'fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Core } from '../core/core.js';
import { DEFAULT_MAX_BODY_BYTES } from '../../shared/constants.js';
import { IPC_HEADERS } from '../../shared/ipc-schema.js';
import { recordRequest } from './audit-hook.js';
import { enforceBodyLimits } from './body-limit.js';
import { connectionLimits } from './connection-limits.js';
import { toErrorReply } from './errors.js';
import { parseBodiesAsJson } from './json-body.js';
import { acceptListMethod, sentMethod } from './list-method.js';
import { checkListenAddress, guardListener } from './listener-security.js';
import { handle } from './pipeline.js';
import type { ApiReply } from './reply.js';
import { errorReply, JSON_TYPE, jsonBytes } from './reply.js';
import { routeOfRequest } from './route-lookup.js';
import { Router } from './router.js';
import { allRoutes } from './routes/index.js';
import { sendReply } from './send-reply.js';
import { registerUi } from './ui-static.js';

export interface ServerOptions {
  /** Keyring file, or ':memory:'. Ignored when `core` is given. */
  readonly dataPath?: string;
  readonly core?: Core;
  /** 0 = any free port. */
  readonly port: number;
  readonly host?: '127.0.0.1' | '::1';
  readonly maxBodyBytes?: number;
  /** Folder of the built renderer to serve at /ui/, or null for none. */
  readonly uiRoot?: string | null;
  /** Checkpoint the keyring file's log from a worker thread (Core's backgroundCheckpoints). */
  readonly backgroundCheckpoints?: boolean;
  /** Reports an internal error (never with request content). */
  readonly onInternalError?: (error: unknown) => void;
}

export interface InjectRequest {
  readonly method: string;
  /** Path after /v1/, with an optional query string. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

export interface InjectResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface SymbolonServer {
  readonly core: Core;
  readonly app: FastifyInstance;
  /** Starts listening; resolves with the bound port and base URL. */
  listen(): Promise<{ port: number; url: string }>;
  /** Runs a request through the same pipeline without a socket (Electron IPC). */
  inject(req: InjectRequest): Promise<InjectResponse>;
  close(): Promise<void>;
}

// LIST reaches the GET route (list-method.ts) and is told apart there.
const METHODS = ['GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS'] as const;

export async function createServer(options: ServerOptions): Promise<SymbolonServer> {
  const host = options.host ?? '127.0.0.1';
  checkListenAddress(host, options.port);
  const core = options.core ?? Core.open({ path: options.dataPath ?? ':memory:', backgroundCheckpoints: options.backgroundCheckpoints ?? false });
  const router = new Router(allRoutes);
  const limits = connectionLimits();
  const app = Fastify({
    logger: false,
    bodyLimit: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    return503OnClosing: true,
    ...limits,
    // Node would answer a request without Host with its own bare 400; let it through so the Host
    // check below refuses it like any other wrong Host (421, with our headers and error body).
    http: { ...limits.http, requireHostHeader: false },
    // The router refuses undecodable URLs before any hook runs; answer in the API's error shape.
    frameworkErrors: (error, _req, generic) => {
      const reply = generic as unknown as FastifyReply;
      const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
      const { body } = errorReply(status, 'INVALID_PATH', 'invalid request path');
      return reply.code(status).header('Cache-Control', 'no-store').header('X-Content-Type-Options', 'nosniff').header('Content-Type', JSON_TYPE).send(jsonBytes(body));
    },
  });

  // Port known only after listen (port 0); until then injected requests use the configured one.
  let port = options.port;
  enforceBodyLimits(app, router, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
  parseBodiesAsJson(app);
  const listener = guardListener(app, port);
  const send = (reply: FastifyReply, answer: ApiReply) => sendReply(reply, answer, options.onInternalError);

  app.setErrorHandler((error, _req, reply) => {
    const { reply: answer, internal } = toErrorReply(error);
    if (internal) options.onInternalError?.(error);
    return send(reply, answer);
  });
  // Every method the API knows reaches the /v1/ catch-all; one that lands here under /v1/ is a
  // method no Vault path supports (PROPFIND, TRACE, …).
  app.setNotFoundHandler((req, reply) =>
    send(
      reply,
      req.url.startsWith('/v1/')
        ? errorReply(405, 'METHOD_NOT_ALLOWED', `${req.method.slice(0, 20)} is not supported`)
        : errorReply(404, 'UNSUPPORTED_PATH', 'unsupported path'),
    ),
  );

  app.route({
    method: [...METHODS],
    url: '/v1/*',
    handler: async (req: FastifyRequest, reply: FastifyReply) => {
      const started = Date.now();
      const method = sentMethod(req.raw);
      const [pathPart = '', queryPart = ''] = req.url.slice('/v1/'.length).split('?', 2);
      const query: Record<string, string> = queryPart === '' ? {} : Object.fromEntries(new URLSearchParams(queryPart));
      const headers = req.headers as Record<string, string | undefined>;
      let answer: ApiReply;
      let request = null;
      let auditPlain = null;
      try {
        const route = routeOfRequest(req.raw, router, pathPart);
        const result = await handle(core, router, { method, rawPath: pathPart, query, headers, body: req.body, route });
        answer = result.reply;
        request = result.request;
        auditPlain = result.auditPlain;
      } catch (error) {
        const mapped = toErrorReply(error);
        if (mapped.internal) options.onInternalError?.(error);
        answer = mapped.reply;
      }
      await recordRequest(core, { method, path: pathPart, query, request, reply: answer, auditPlain, durationMs: Date.now() - started, headers });
      if (req.method === 'HEAD') return send(reply, { status: answer.status, headers: answer.headers ?? {} });
      return send(reply, answer);
    },
  });

  if (options.uiRoot) await registerUi(app, options.uiRoot);
  acceptListMethod(app.server);

  return {
    core,
    app,
    async listen() {
      await app.listen({ host, port: options.port });
      const address = app.server.address();
      port = typeof address === 'object' && address ? address.port : options.port;
      listener.bind(port);
      const shown = host === '::1' ? '[::1]' : host;
      return { port, url: `http://${shown}:${port}` };
    },
    async inject(req) {
      const response = await app.inject({
        method: req.method as 'GET',
        url: '/v1/' + req.path.replace(/^\/+/, ''),
        // Only the headers the API reads: the bridge must not be able to forge Host or Origin.
        headers: { ...pickHeaders(req.headers ?? {}), host: `127.0.0.1:${port}`, 'content-type': 'application/json' },
        ...(req.body === undefined ? {} : { payload: JSON.stringify(req.body) }),
      });
      return { status: response.statusCode, headers: response.headers as Record<string, string>, body: response.body };
    },
    async close() {
      // Seal first (keys wiped, counts and the seal entry persisted), whatever the open
      // connections are doing; then stop listening and end them (forceCloseConnections).
      sealForShutdown(core, options.onInternalError);
      await app.close();
      if (!options.core) core.close();
    },
  };
}

function sealForShutdown(core: Core, onInternalError: ((error: unknown) => void) | undefined): void {
  try {
    core.seal.seal('shutdown');
  } catch (error) {
    // Closing goes on: core.close() seals again and forgets the keys even if this write failed.
    onInternalError?.(error);
  }
}

function pickHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (IPC_HEADERS.has(lower) && typeof value === 'string') picked[lower] = value;
  }
  return picked;
}
