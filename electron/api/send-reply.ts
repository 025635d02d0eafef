/** Writing an ApiReply onto fastify's reply: the one place the API's answers reach the socket. */
import { createReadStream } from 'node:fs';
import type { FastifyReply } from 'fastify';
import type { ApiReply } from './reply.js';
import { JSON_TYPE, jsonBytes } from './reply.js';

/** `onError` hears of a failure in the reply's `onSent` callback (there is no one left to answer). */
export function sendReply(reply: FastifyReply, answer: ApiReply, onError?: (error: unknown) => void): FastifyReply {
  reply.code(answer.status);
  if (answer.headers) for (const [name, value] of Object.entries(answer.headers)) reply.header(name, value);
  // The unread rest of a refused body (body-limit.ts) is not worth reading: close, do not drain.
  // Here rather than in an onSend hook, which every answer would pay for.
  if (answer.status === 413) reply.header('Connection', 'close');
  if (answer.onSent) whenSent(reply, answer.onSent, onError);
  if (answer.file) return sendFile(reply, answer.file);
  if (answer.status === 204 || answer.body === undefined) return reply.send();
  // A Buffer, so fastify does not append `; charset=utf-8`: hvac reads errors only from exactly
  // `application/json`, as Vault sends it.
  return reply.header('Content-Type', JSON_TYPE).send(jsonBytes(answer.body));
}

/** Tells the reply's owner once whether the answer left whole ('finish') or not ('close' first). */
function whenSent(reply: FastifyReply, onSent: (sent: boolean) => void, onError?: (error: unknown) => void): void {
  let told = false;
  const tell = (sent: boolean) => {
    if (told) return;
    told = true;
    try {
      onSent(sent);
    } catch (error) {
      // After the answer there is no one to answer to: report it, never crash the server.
      onError?.(error);
    }
  };
  reply.raw.once('finish', () => tell(true));
  reply.raw.once('close', () => tell(false));
}

/** Streams a file as the body (snapshots can be large). */
function sendFile(reply: FastifyReply, file: NonNullable<ApiReply['file']>): FastifyReply {
  const stream = createReadStream(file.path);
  reply.raw.once('close', () => stream.destroy());
  return reply.type('application/octet-stream').header('Content-Length', String(file.size)).send(stream);
}
