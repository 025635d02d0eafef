/**
 * Vault's LIST method on Node's HTTP server.
 *
 * Node's parser (llhttp) knows a fixed table of methods and refuses any other with a bare 400
 * before JavaScript sees the request; neither Node nor llhttp has an option to widen the table
 * (`insecureHTTPParser` loosens header rules, not methods), and loosening the parser in general
 * would be wrong anyway. hvac, node-vault and Vault's doc samples send `LIST`.
 *
 * So each connection's bytes pass through here on their way to Node's parser. Only when the
 * parser itself says it is between messages — at the start of the connection, or when its last
 * message is complete and no byte of another has arrived (`parser.duration()` is 0 exactly then:
 * llhttp's on_message_complete clears the message start that on_message_begin set) — are the
 * next bytes looked at, and if they begin with exactly `LIST ` (Vault's method is case-sensitive)
 * they are handed over as `GET ` and the socket is marked: the next request the parser reports
 * on it is that LIST. Nothing decides where a message ends but llhttp, and no byte inside a
 * message (a body, a header, a pipelined request behind an unfinished one) is ever touched, so
 * this cannot frame requests differently from the parser.
 *
 * What it costs (issue 17): a 'data' listener makes Node stop feeding the socket to llhttp
 * natively (`parser.consume`), so every chunk becomes a Buffer and a stream event first. Measured
 * with a trivial handler behind Symbolon's listener: 34,300 → 42,800 requests/s without this
 * reader. Answering LIST from the parse error instead would mean parsing that request with code
 * of our own and closing the connection after it; for a security boundary, not worth it.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';

const LIST = Buffer.from('LIST ', 'latin1');
const GET = Buffer.from('GET ', 'latin1');

/** Node's parser object on a server socket (not in its typings). */
interface ParserState {
  duration?: () => number;
}

/** Sockets whose next reported request was sent as LIST. */
const listNext = new WeakSet<Socket>();
/** Requests that were sent as LIST. */
const listRequests = new WeakSet<IncomingMessage>();

/** The method the client sent: LIST for a rewritten request, else what the parser read. */
export function sentMethod(req: IncomingMessage): string {
  return listRequests.has(req) ? 'LIST' : (req.method ?? '');
}

/** True when no message is in progress in the socket's parser (false when that cannot be told). */
function betweenMessages(socket: Socket): boolean {
  const parser = (socket as Socket & { parser?: ParserState | null }).parser;
  return typeof parser?.duration === 'function' && parser.duration() === 0;
}

/**
 * Puts the look in front of Node's parser on every connection. Call once, before listening;
 * it must run after Node's own connection listener, which it is when added last.
 */
export function acceptListMethod(server: Server): void {
  server.on('connection', (socket: Socket) => {
    // Node's connection listener has just registered its reader; take its place in front of it.
    const readers = socket.listeners('data') as ((chunk: Buffer) => void)[];
    const nodeReader = readers.length === 1 ? readers[0] : undefined;
    if (!nodeReader) return;
    socket.removeListener('data', nodeReader);
    let atStart = true;
    let held: Buffer | null = null;
    // Adding a data listener also makes Node read through it instead of straight from the handle.
    socket.on('data', (chunk: Buffer) => {
      // After an upgrade or close Node has let go of the socket; so do we.
      if (!(socket as Socket & { parser?: unknown }).parser) return;
      let bytes = held ? Buffer.concat([held, chunk]) : chunk;
      held = null;
      if (atStart || betweenMessages(socket)) {
        const compared = Math.min(bytes.length, LIST.length);
        if (bytes.subarray(0, compared).equals(LIST.subarray(0, compared))) {
          // A method split across packets: wait for the rest (the parser's timeouts still run).
          if (bytes.length < LIST.length) {
            held = bytes;
            return;
          }
          listNext.add(socket);
          bytes = Buffer.concat([GET, bytes.subarray(LIST.length)]);
        }
      }
      atStart = false;
      nodeReader.call(socket, bytes);
    });
  });

  // Before any other listener (fastify's): the request after a rewrite is the LIST.
  server.prependListener('request', (req: IncomingMessage) => {
    if (listNext.has(req.socket)) {
      listNext.delete(req.socket);
      if (req.method === 'GET') listRequests.add(req);
    }
  });
}
