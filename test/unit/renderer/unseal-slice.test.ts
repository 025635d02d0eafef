/**
 * Unseal slice: per-share verdicts naming the custodian, T-of-N progress, the draft kept for
 * correction after a refusal (with the server's context), and reset.
 */
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../renderer/store/index.js';
import { fakeTransport, ok, vaultError } from './fake-transport.js';
import type { SymbolonRequest } from '../../../shared/ipc-schema.js';

/** A 2-of-3 keyring that names custodians, refuses "BAD", and unseals at the second share. */
function fakeUnsealServer() {
  let progress = 0;
  let sealed = true;
  const names: Record<string, [number, string]> = { 'share-ann': [1, 'Ann'], 'share-bob': [2, 'Bob'], 'share-cy': [3, 'Cy'] };
  const seen = new Set<string>();
  const status = () => ({ type: 'shamir', initialized: true, sealed, t: 2, n: 3, progress, nonce: progress > 0 ? 'n1' : '', version: '0.1.0', keyring_id: 'kr-1', generation: 1 });
  return fakeTransport((req: SymbolonRequest) => {
    if (req.path === 'sys/seal-status') return ok(status());
    if (req.path === 'sys/unseal') {
      const body = req.body as { key?: string; reset?: boolean };
      if (body.reset) { progress = 0; seen.clear(); return ok(status()); }
      const hit = names[body.key ?? ''];
      if (!hit) return vaultError(400, 'this text has a typo in group 7', 'SHARE_TYPO', { group: 7 });
      if (!seen.has(body.key ?? '')) { seen.add(body.key ?? ''); progress += 1; }
      if (progress >= 2) { sealed = false; progress = 0; }
      return ok({ ...status(), share_index: hit[0], custodian: hit[1] });
    }
    return vaultError(404, 'unknown path');
  });
}

describe('unseal slice', () => {
  it('names each accepted custodian and reaches unsealed at the threshold', async () => {
    const store = createAppStore(fakeUnsealServer());
    await store.getState().refreshStatus();
    store.getState().setShareDraft('share-ann');
    await store.getState().submitUnsealShare();
    let s = store.getState();
    expect(s.unsealVerdict).toBe('Share accepted (share 1) from Ann. 1 of 2 entered.');
    expect(s.unsealAccepted).toEqual([{ shareIndex: 1, custodian: 'Ann' }]);
    expect(s.shareDraft).toBe('');
    expect(s.seal?.progress).toBe(1);

    store.getState().setShareDraft('share-cy');
    await store.getState().submitUnsealShare();
    s = store.getState();
    expect(s.unsealDone).toBe(true);
    expect(s.seal?.sealed).toBe(false);
    expect(s.unsealVerdict).toContain('from Cy. The keyring is unsealed.');
    expect(s.unsealAccepted.map((a) => a.custodian)).toEqual(['Ann', 'Cy']);
  });

  it('keeps the draft and the server context when a share is refused, without advancing', async () => {
    const store = createAppStore(fakeUnsealServer());
    store.getState().setShareDraft('BAD');
    await store.getState().submitUnsealShare();
    const s = store.getState();
    expect(s.unsealError).toMatchObject({ status: 400, message: 'this text has a typo in group 7', code: 'SHARE_TYPO', context: { group: 7 } });
    expect(s.shareDraft).toBe('BAD');
    expect(s.seal?.progress).toBe(0);
    expect(s.unsealAccepted).toEqual([]);
  });

  it('says a repeated share changed nothing', async () => {
    const store = createAppStore(fakeUnsealServer());
    for (let i = 0; i < 2; i += 1) {
      store.getState().setShareDraft('share-bob');
      await store.getState().submitUnsealShare();
    }
    expect(store.getState().unsealVerdict).toMatch(/already entered/);
    expect(store.getState().unsealAccepted).toHaveLength(1);
  });

  it('refuses an empty draft locally without calling the API', async () => {
    const transport = fakeUnsealServer();
    const store = createAppStore(transport);
    store.getState().setShareDraft('   ');
    await store.getState().submitUnsealShare();
    expect(store.getState().unsealError?.message).toBe('Enter a share first.');
    expect(transport.requests.filter((r) => r.path === 'sys/unseal')).toHaveLength(0);
  });

  it('reset clears server progress, accepted names and the draft', async () => {
    const transport = fakeUnsealServer();
    const store = createAppStore(transport);
    store.getState().setShareDraft('share-ann');
    await store.getState().submitUnsealShare();
    store.getState().setShareDraft('half-typed');
    await store.getState().resetUnsealAttempt();
    const s = store.getState();
    expect(transport.requests.at(-1)).toMatchObject({ method: 'PUT', path: 'sys/unseal', body: { reset: true } });
    expect(s.seal?.progress).toBe(0);
    expect(s.unsealAccepted).toEqual([]);
    expect(s.shareDraft).toBe('');
  });
});
