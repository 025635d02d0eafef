/**
 * Rekey slice: always asks for verification, authorizes with the attempt's nonce, hands out the
 * new shares, verifies them under the verification nonce, and wipes them at commit; cancelling
 * sends the nonce.
 */
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../renderer/store/index.js';
import { fakeTransport, noContent, ok, vaultError } from './fake-transport.js';
import type { SymbolonRequest } from '../../../shared/ipc-schema.js';

function rekeyServer() {
  let progress = 0;
  let verify = 0;
  let verifyNonce = 'v-1';
  return fakeTransport((req: SymbolonRequest) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (req.path === 'sys/seal-status') return ok({ initialized: true, sealed: false, t: 2, n: 3, progress: 0, keyring_id: 'kr', generation: 1 });
    if (req.path === 'sys/key-status' || req.path === 'sys/rotate/config') return vaultError(403, 'permission denied');
    if (req.path === 'sys/rekey/init' && req.method === 'PUT') return ok({ nonce: 'r-1', started: true, t: 2, n: 2, progress: 0, required: 2, verification_required: true });
    if (req.path === 'sys/rekey/init' && req.method === 'DELETE') return body.nonce === 'r-1' ? noContent : vaultError(400, 'wrong nonce');
    if (req.path === 'sys/rekey/update') {
      if (body.nonce !== 'r-1') return vaultError(400, 'incorrect nonce supplied; nonce for this rekey operation is "r-1"');
      progress += 1;
      if (progress < 2) return ok({ nonce: 'r-1', started: true, progress, required: 2, share_index: progress, custodian: 'Old' + progress });
      return ok({
        nonce: 'r-1', complete: true, keys: ['11', '22'], keys_base64: ['EQ==', 'Ig=='], verification_required: true, verification_nonce: verifyNonce, generation: 2,
        shares: [{ index: 1, custodian: 'Dee', text: 'NEW-DEE' }, { index: 2, custodian: 'Eve', text: 'NEW-EVE' }],
      });
    }
    if (req.path === 'sys/rekey/verify' && req.method === 'PUT') {
      if (body.nonce !== verifyNonce) return vaultError(400, 'incorrect nonce supplied; nonce for this verify operation is "' + verifyNonce + '"');
      if (body.key === 'WRONG') { verify = 0; verifyNonce = 'v-2'; return vaultError(400, 'rekey verification failed; incorrect key shares supplied'); }
      verify += 1;
      return ok(verify < 2 ? { nonce: verifyNonce, t: 2, n: 2, progress: verify, share_index: verify, custodian: 'Dee' } : { nonce: verifyNonce, complete: true });
    }
    if (req.path === 'sys/rekey/verify' && req.method === 'GET') return ok({ nonce: verifyNonce, started: true, t: 2, n: 2, progress: verify });
    return vaultError(404, 'unknown path');
  });
}

async function planned() {
  const transport = rekeyServer();
  const store = createAppStore(transport);
  store.getState().setRekeyPlan({ custodians: [{ name: 'Dee', pgpKey: '' }, { name: 'Eve', pgpKey: '' }], threshold: 2 });
  await store.getState().startRekey();
  return { transport, store };
}

async function enter(store: Awaited<ReturnType<typeof planned>>['store'], key: string, which: 'rekey' | 'verify') {
  store.getState().setShareDraft(key);
  await (which === 'rekey' ? store.getState().submitRekeyShare() : store.getState().submitVerifyShare());
}

describe('rekey slice', () => {
  it('always requests verification and moves to authorization', async () => {
    const { transport, store } = await planned();
    expect(transport.requests.find((r) => r.path === 'sys/rekey/init')?.body).toEqual({
      secret_shares: 2, secret_threshold: 2, custodians: ['Dee', 'Eve'], backup: false, require_verification: true,
    });
    expect(store.getState().rekeyStep).toBe('authorize');
    expect(store.getState().rekeyNonce).toBe('r-1');
  });

  it('runs authorize → hand-out → verify → commit and wipes the new shares at the end', async () => {
    const { transport, store } = await planned();
    await enter(store, 'old-1', 'rekey');
    expect(store.getState().rekeyVerdict).toBe('Share accepted from Old1 (share 1). 1 of 2 current custodians have authorized.');
    await enter(store, 'old-2', 'rekey');
    let s = store.getState();
    expect(s.rekeyStep).toBe('handout');
    expect(s.rekeyShares.map((x) => x.custodian)).toEqual(['Dee', 'Eve']);
    expect(s.verifyNonce).toBe('v-1');
    expect(s.rekeyGeneration).toBe(2);
    s.goRekeyStep('verify');
    await enter(store, 'NEW-DEE', 'verify');
    expect(store.getState().verifyProgress).toBe(1);
    await enter(store, 'NEW-EVE', 'verify');
    s = store.getState();
    expect(s.rekeyStep).toBe('done');
    expect(s.rekeyShares).toEqual([]);
    expect(JSON.stringify(s)).not.toContain('NEW-DEE');
    const update = transport.requests.filter((r) => r.path === 'sys/rekey/update').map((r) => r.body);
    expect(update).toEqual([{ key: 'old-1', nonce: 'r-1' }, { key: 'old-2', nonce: 'r-1' }]);
  });

  it('picks up the new verification nonce after a failed verification', async () => {
    const { store } = await planned();
    await enter(store, 'old-1', 'rekey');
    await enter(store, 'old-2', 'rekey');
    await enter(store, 'WRONG', 'verify');
    expect(store.getState().rekeyError?.message).toBe('rekey verification failed; incorrect key shares supplied');
    expect(store.getState().verifyNonce).toBe('v-2');
    expect(store.getState().shareDraft).toBe('WRONG');
    await enter(store, 'NEW-DEE', 'verify');
    expect(store.getState().rekeyError).toBeNull();
    expect(store.getState().verifyProgress).toBe(1);
  });

  it('cancels with the attempt nonce and returns to a fresh plan', async () => {
    const { transport, store } = await planned();
    await store.getState().cancelRekey();
    expect(transport.requests.at(-1)).toMatchObject({ method: 'DELETE', path: 'sys/rekey/init', body: { nonce: 'r-1' } });
    expect(store.getState().rekeyStep).toBe('configure');
    expect(store.getState().rekeyNonce).toBe('');
    expect(store.getState().rekeyVerdict).toMatch(/cancelled/);
  });

  it('refuses a backup without PGP keys before calling the API', async () => {
    const transport = rekeyServer();
    const store = createAppStore(transport);
    store.getState().setRekeyPlan({ custodians: [{ name: 'Dee', pgpKey: '' }, { name: 'Eve', pgpKey: '' }], threshold: 2, backup: true });
    await store.getState().startRekey();
    expect(store.getState().rekeyError?.message).toMatch(/backup .* needs PGP keys/);
    expect(transport.requests).toHaveLength(0);
  });
});
