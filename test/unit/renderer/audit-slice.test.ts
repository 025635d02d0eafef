/**
 * The Audit and Done screens read the transcript page by page up to AUDIT_READ_LIMIT entries. A
 * longer transcript must be reported as read only in part (auditComplete false), never shown as
 * if its last entry read were the chain head or its last ceremony read the latest.
 */
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../renderer/store/index.js';
import { AUDIT_READ_LIMIT } from '../../../renderer/store/audit-slice.js';
import type { SymbolonRequest } from '../../../shared/ipc-schema.js';
import { fakeTransport, ok } from './fake-transport.js';

/** A transcript of `total` entries, served in the pages the screen asks for (entries left empty but for their numbers). */
function transcript(total: number) {
  return fakeTransport((req: SymbolonRequest) => {
    const url = new URL(`http://x/${req.path}`);
    const from = Number(url.searchParams.get('from'));
    const limit = Number(url.searchParams.get('limit'));
    const last = Math.min(total, from + limit - 1);
    const entries = last >= from ? [{ seq: last, time: '2026-11-30T00:00:00Z', type: 'request', path: 'sys/health', hash: 'ab'.repeat(32) }] : [];
    return ok({ data: { entries, next_from: last < total ? last + 1 : null } });
  });
}

describe('reading the transcript', () => {
  it('is complete when the log ends within the limit', async () => {
    const transport = transcript(25_000);
    const store = createAppStore(transport);
    await store.getState().loadAudit();
    expect(store.getState().auditComplete).toBe(true);
    expect(transport.requests.map((r) => r.path)).toEqual([
      'sys/audit/log?from=1&limit=10000', 'sys/audit/log?from=10001&limit=10000', 'sys/audit/log?from=20001&limit=10000',
    ]);
  });

  it('says it is not complete when the log is longer than the screens read, and stops there', async () => {
    const transport = transcript(AUDIT_READ_LIMIT + 1);
    const store = createAppStore(transport);
    await store.getState().loadAudit();
    expect(store.getState().auditComplete).toBe(false);
    expect(transport.requests).toHaveLength(AUDIT_READ_LIMIT / 10_000);
  });

  it('is complete again once the log fits (after an archive)', async () => {
    const store = createAppStore(transcript(AUDIT_READ_LIMIT));
    await store.getState().loadAudit();
    expect(store.getState().auditComplete).toBe(true);
  });
});
