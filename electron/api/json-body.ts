/**
 * Request bodies are parsed as JSON whatever the declared type, as Vault does (`curl -d` sends a
 * form type); browsers are kept out by their Origin and Fetch Metadata headers instead
 * (listener-security.ts). Too deep a body is a 400 before it is parsed (json-depth.ts).
 */
import type { FastifyInstance } from 'fastify';
import { HttpError } from './errors.js';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from './json-depth.js';

export function parseBodiesAsJson(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, text, done) => {
    const source = String(text);
    if (source.trim() === '') return done(null, undefined);
    if (jsonDepthExceeds(source)) return done(new HttpError(400, 'JSON_TOO_DEEP', `failed to parse JSON input: nested deeper than ${MAX_JSON_DEPTH} levels`), undefined);
    try {
      done(null, JSON.parse(source) as unknown);
    } catch {
      done(Object.assign(new Error('invalid JSON'), { statusCode: 400, code: 'FST_ERR_INVALID_JSON' }), undefined);
    }
  });
}
