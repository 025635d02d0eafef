/**
 * The ceiling of an audited API on this machine (issue 17, diagnostic): fastify, the framework
 * Symbolon's listener uses, with none of its hooks, answering fixed JSON bodies (Symbolon's own
 * answers, as bare-server.ts does) — but each only after its audit entry is committed by
 * Symbolon's own AuditLog group commit on a keyring file, with the WAL checkpointed from a worker
 * as `serve` does. The entry is the smallest an API request could have (method, path, status).
 * No routing, Host check, LIST support, token, handler or HMAC: whatever else Symbolon does, it
 * cannot answer faster than this while it keeps "answered only after its entry is committed".
 * WORK_US, when given, adds that many microseconds of busy work to every request before its entry
 * is queued: how the ceiling falls with each microsecond of real work (token check, handler, HMACs).
 *   node out/test/bench/ceiling-server.js BODIES.json KEYRING_FILE [WORK_US]
 */
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import { AuditLog } from '../../electron/core/audit/audit-log.js';
import { startBackgroundCheckpoints } from '../../electron/core/storage/background-checkpoints.js';
import { openDatabase } from '../../electron/core/storage/database.js';

const [file, keyring, work = '0'] = process.argv.slice(2);
if (!file || !keyring) throw new TypeError('usage: ceiling-server.js BODIES.json KEYRING_FILE [WORK_US]');
const workNs = BigInt(Math.round(Number(work) * 1000));

/** Spins for the given time: stands for the work a real request does on the event loop. */
function busy(ns: bigint): void {
  if (ns <= 0n) return;
  const until = process.hrtime.bigint() + ns;
  while (process.hrtime.bigint() < until);
}
const bodies = new Map(Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>).map(([path, text]) => [path, Buffer.from(text)]));
const db = openDatabase(keyring);
const checkpoints = startBackgroundCheckpoints(db, keyring);
const audit = new AuditLog(db);

const app = Fastify({ logger: false });
app.route({
  method: 'GET',
  url: '/v1/*',
  handler: async (req, reply) => {
    const body = bodies.get(req.url);
    const status = body ? 200 : 404;
    busy(workNs);
    await audit.appendRequest({ type: 'request', method: req.method, path: req.url, status });
    if (!body) return reply.code(404).send();
    return reply.code(200).header('Cache-Control', 'no-store').header('X-Content-Type-Options', 'nosniff').header('Content-Type', 'application/json').send(body);
  },
});
const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`ceiling server listening on ${address}\n`);
process.on('SIGTERM', () => {
  void app.close().then(() => {
    audit.flush();
    checkpoints.stop();
    db.close();
    process.exit(0);
  });
});
