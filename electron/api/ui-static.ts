/**
 * Serves the built renderer at /ui/ for headless mode, with a strict Content-Security-Policy:
 * only our own scripts and styles, no inline code, no framing, no remote anything.
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';

export const UI_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/** Content types of the files a renderer build contains; shared with the Electron protocol handler. */
export const UI_CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export async function registerUi(app: FastifyInstance, root: string): Promise<void> {
  const base = normalize(root + sep);
  app.get('/', async (_req, reply) => reply.redirect('/ui/', 302));
  app.get('/ui', async (_req, reply) => reply.redirect('/ui/', 302));
  app.get('/ui/*', async (req, reply) => {
    const wanted = (req.params as { '*': string })['*'] || 'index.html';
    const file = normalize(join(base, decodeURIComponent(wanted)));
    // Never serve outside the UI folder, whatever the path says.
    if (!file.startsWith(base)) return reply.code(404).send();
    let content: Buffer;
    let type = UI_CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    try {
      content = await readFile(file);
    } catch {
      // Client-side routes fall back to the app shell.
      if (extname(file) !== '') return reply.code(404).type('text/plain').send('not found');
      content = await readFile(join(base, 'index.html'));
      type = UI_CONTENT_TYPES['.html'] ?? 'text/html';
    }
    return reply
      .header('Content-Security-Policy', UI_CSP)
      .header('X-Frame-Options', 'DENY')
      .header('Referrer-Policy', 'no-referrer')
      .header('Cross-Origin-Opener-Policy', 'same-origin')
      .header('Cross-Origin-Resource-Policy', 'same-origin')
      .type(type)
      .send(content);
  });
}
