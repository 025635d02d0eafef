/**
 * Vault's LIST method on Node's HTTP server.
 *
 * Node's parser (llhttp) knows a fixed table of methods and refuses any other with a bare 400
 * before JavaScript sees the request; neither Node nor llhttp has an option to widen the table
 * (`insecureHTTPParser` loosens header rules, not methods), and loosening the parser in general
 * would be wrong anyway. hvac, node-vault and Vault's doc samples send `LIST`.
 *
 * So the first five bytes of each connection are looked at before the parser gets them. When
 * they are exactly `LIST ` (Vault's method is case-sensitive), they become `GET ` and the socket
 * is marked; the first request the parser then reports on that socket is the LIST. Nothing else
 * is touched: only the request line's method token of the very first request of a connection,
 * never a byte after it, so every framing decision (Content-Length, chunked, pipelining) is
 * still llhttp's alone and a body can never be taken for a request. A LIST later on a kept-alive
 * connection would reach the parser unchanged and be refused; to spare clients that, every API
 * answer closes its connection (see `Connection: close` in server.ts).
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';

const LIST = Buffer.from('LIST ', 'latin1');
const GET = Buffer.from('GET ', 'latin1');

/** Sockets whose first request arrived as LIST and has not been reported yet. */
const listFirst = new WeakSet<Socket>();
/** Requests that were sent as LIST. */
const listRequests = new WeakSet<IncomingMessage>();

export interface ListMethodSupport {
  /** Drops connections still being looked at (on shutdown: they have sent no request yet). */
  destroyPending(): void;
}

/** The method the client sent: LIST for a rewritten first request, else what the parser read. */
export function sentMethod(req: IncomingMessage): string {
  return listRequests.has(req) ? 'LIST' : (req.method ?? '');
}

/**
 * Puts the look at the first bytes in front of the server's own connection handling. Call once,
 * before listening. `timeoutMs` bounds how long a connection may take to send five bytes (the
 * server's header timeout applies from then on).
 */
export function acceptListMethod(server: Server, timeoutMs: () => number): ListMethodSupport {
  const handlers = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  const pending = new Set<Socket>();

  server.on('connection', (socket: Socket) => {
    pending.add(socket);
    const chunks: Buffer[] = [];
    let length = 0;
    const hand = () => {
      pending.delete(socket);
      socket.removeListener('data', onData);
      socket.removeListener('error', onError);
      socket.removeListener('close', onClose);
      clearTimeout(timer);
    };
    const onError = () => {
      hand();
      socket.destroy();
    };
    const onClose = () => hand();
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
      const head = Buffer.concat(chunks, length);
      const compared = Math.min(head.length, LIST.length);
      const mayBeList = head.subarray(0, compared).equals(LIST.subarray(0, compared));
      if (mayBeList && head.length < LIST.length) return;
      // Stop the flow before handing over: the parser reads the rest itself.
      socket.pause();
      hand();
      const isList = mayBeList;
      if (isList) listFirst.add(socket);
      socket.unshift(isList ? Buffer.concat([GET, head.subarray(LIST.length)]) : head);
      for (const handler of handlers) handler.call(server, socket);
      socket.resume();
    };
    const timer = setTimeout(() => {
      hand();
      socket.destroy();
    }, timeoutMs());
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('close', onClose);
  });

  // Before any other listener (fastify's): the first request of a marked socket is the LIST.
  server.prependListener('request', (req: IncomingMessage) => {
    if (listFirst.has(req.socket)) {
      listFirst.delete(req.socket);
      if (req.method === 'GET') listRequests.add(req);
    }
  });

  return {
    destroyPending() {
      for (const socket of pending) socket.destroy();
      pending.clear();
    },
  };
}
