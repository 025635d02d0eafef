/**
 * Benchmark: the cost of the audit log, on a real keyring file (WAL, synchronous=FULL).
 *  - entriesPerSecond: AuditLog.append of a typical request entry (a KV write by a limited
 *    token, values HMAC'd) as the API does it: one committed transaction per entry, so one fsync.
 *  - buildPerSecond: building that entry alone (redaction and HMAC-SHA256, no disk).
 *  - batchedPerSecond: the same appends inside one transaction, for comparison: the difference
 *    to entriesPerSecond is the price of making every entry durable before the reply.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildAuditEntry } from '../../electron/api/audit-entry.js';
import type { ApiRequest } from '../../electron/api/route.js';
import { Core, decodeShare } from '../../electron/core/core.js';
import { inTransaction } from '../../electron/core/storage/database.js';
import { dbOf } from '../helpers/core-internals.js';
import { readInitRequest } from '../../electron/api/init-request.js';

export interface AuditAppendBench {
  entriesPerSecond: number;
  buildPerSecond: number;
  batchedPerSecond: number;
  entryBytes: number;
}

function sampleRecord(i: number) {
  const request = {
    requestId: `bench-${i}`,
    method: 'POST',
    operation: 'update',
    path: `secret/data/app/item-${i}`,
    params: {},
    query: {},
    body: { data: { username: 'svc-app', password: `value-${i}-${'x'.repeat(24)}` }, options: { cas: 0 } },
    headers: {},
    token: 'hvs.' + 'T'.repeat(24),
    tokenEntry: { accessor: 'a'.repeat(24), policies: ['app-writer', 'default'], displayName: 'token' },
  } as unknown as ApiRequest;
  const reply = {
    status: 200,
    body: { request_id: `bench-${i}`, lease_id: '', renewable: false, lease_duration: 0, wrap_info: null, warnings: null, auth: null,
      data: { created_time: new Date().toISOString(), custom_metadata: null, deletion_time: '', destroyed: false, version: 1 } },
  };
  return { method: 'POST', path: request.path, query: {}, request, reply, durationMs: 1 };
}

export async function benchAuditAppend(count = 2000): Promise<AuditAppendBench> {
  const dir = mkdtempSync(join(tmpdir(), 'symbolon-bench-audit-'));
  const core = Core.open({ path: join(dir, 'k.db') });
  try {
    const init = await core.initialize(readInitRequest({ secret_shares: 1, secret_threshold: 1 }));
    await core.seal.unseal(decodeShare(init.shares[0]?.keyBase64));
    const hash = (s: string) => core.auditHmac.hash(s);
    hash('warm-up');

    let start = performance.now();
    const entries = Array.from({ length: count }, (_, i) => buildAuditEntry(sampleRecord(i), hash));
    const buildMs = performance.now() - start;

    start = performance.now();
    for (const entry of entries) core.audit.append(entry);
    const appendMs = performance.now() - start;

    start = performance.now();
    inTransaction(dbOf(core), () => {
      for (const entry of entries) core.audit.append(entry);
    });
    const batchedMs = performance.now() - start;
    if (!core.audit.verify().ok) throw new Error('audit chain broken during the benchmark');
    return {
      entriesPerSecond: Math.round((count / appendMs) * 1000),
      buildPerSecond: Math.round((count / buildMs) * 1000),
      batchedPerSecond: Math.round((count / batchedMs) * 1000),
      entryBytes: JSON.stringify(entries[0]).length,
    };
  } finally {
    core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
