/**
 * The baseline for the API benchmark: a bare node:http server that answers fixed JSON bodies
 * (copied from Symbolon's own answers) with the same headers Symbolon sends, and does nothing
 * else — no routing framework, no token check, no audit. Run as a child process, like `serve`:
 *   node out/test/bench/bare-server.js BODIES.json
 * where BODIES.json maps a request path (`/v1/sys/key-status`) to the answer's text.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const file = process.argv[2];
if (!file) throw new TypeError('usage: bare-server.js BODIES.json');
const bodies = new Map(Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>).map(([path, text]) => [path, Buffer.from(text)]));

const server = createServer((req, res) => {
  const body = bodies.get(req.url ?? '');
  if (!body) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'content-length': body.length });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`bare server listening on http://127.0.0.1:${port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
