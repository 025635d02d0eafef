/**
 * Session and status slices: a token is kept only when the API accepts it (or cannot check it
 * while sealed); status parts fail independently; rotation shows the API's own messages.
 */
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../renderer/store/index.js';
import { rotateConfigBody } from '../../../renderer/store/rotate-slice.js';
import { fakeTransport, noContent, ok, vaultError } from './fake-transport.js';
import type { SealStatusResponse } from '../../../shared/api/seal.js';

describe('session slice', () => {
  it('keeps a token the API accepts, with its policies', async () => {
    const t = fakeTransport((req) => (req.headers?.['X-Vault-Token'] === 'hvs.good' ? ok({ data: { display_name: 'root', policies: ['root'] } }) : vaultError(403, 'permission denied')));
    const store = createAppStore(t);
    expect(await store.getState().signIn('  hvs.good ')).toBe(true);
    expect(store.getState().token).toBe('hvs.good');
    expect(store.getState().tokenInfo).toEqual({ displayName: 'root', policies: ['root'] });
    store.getState().signOut();
    expect(store.getState().token).toBeNull();
  });

  it('drops a token the API refuses and says why', async () => {
    const store = createAppStore(fakeTransport(() => vaultError(403, 'permission denied')));
    expect(await store.getState().signIn('hvs.bad')).toBe(false);
    expect(store.getState().token).toBeNull();
    expect(store.getState().sessionError?.message).toBe('permission denied');
  });

  it('keeps the token while sealed (503), when it cannot be checked yet', async () => {
    const store = createAppStore(fakeTransport(() => vaultError(503, 'Vault is sealed')));
    expect(await store.getState().signIn('hvs.later')).toBe(true);
    expect(store.getState().token).toBe('hvs.later');
    expect(store.getState().tokenInfo).toBeNull();
  });
});

describe('status slice', () => {
  // The custodians as the server sends them (shared/api/seal.ts): objects, of which the screens show the names.
  const unsealed: Partial<SealStatusResponse> = {
    initialized: true, sealed: false, t: 2, n: 3, progress: 0, keyring_id: 'kr', generation: 3,
    custodians: [{ index: 1, name: 'Ann', fingerprint: null }, { index: 2, name: 'Bob', fingerprint: null }, { index: 3, name: 'Cy', fingerprint: null }],
  };

  it('reads seal-status without a token and explains why key-status is missing', async () => {
    const t = fakeTransport((req) => (req.path === 'sys/seal-status' ? ok(unsealed) : vaultError(403, 'permission denied')));
    const store = createAppStore(t);
    await store.getState().refreshStatus();
    const s = store.getState();
    expect(s.seal).toMatchObject({ initialized: true, sealed: false, t: 2, n: 3, keyringId: 'kr', generation: 3, custodians: ['Ann', 'Bob', 'Cy'] });
    expect(s.keyStatus).toBeNull();
    expect(s.keyringError?.message).toMatch(/Sign in/);
    expect(t.requests.map((r) => r.path)).toEqual(['sys/seal-status']);
  });

  it('reads key-status and rotation config (envelope or top level) when signed in', async () => {
    const t = fakeTransport((req) => {
      if (req.path === 'sys/seal-status') return ok(unsealed);
      if (req.path === 'sys/key-status') return ok({ data: { term: 4, install_time: '2025-01-01T00:00:00Z', encryptions: 12 } });
      if (req.path === 'sys/rotate/config') return ok({ max_operations: 3865470566, enabled: true, interval: '4320h0m0s' });
      return ok({ data: { policies: ['root'] } });
    });
    const store = createAppStore(t);
    await store.getState().signIn('hvs.x');
    await store.getState().refreshStatus();
    expect(store.getState().keyStatus).toEqual({ term: 4, installTime: '2025-01-01T00:00:00Z', encryptions: 12 });
    expect(store.getState().rotateConfig).toEqual({ maxOperations: 3865470566, enabled: true, interval: '4320h0m0s' });
  });

  it('sealing clears ceremony state and re-reads the status', async () => {
    let sealed = false;
    const t = fakeTransport((req) => {
      if (req.path === 'sys/seal') { sealed = true; return noContent; }
      if (req.path === 'sys/seal-status') return ok({ ...unsealed, sealed });
      return vaultError(404, 'x');
    });
    const store = createAppStore(t);
    store.setState({ rekeyNonce: 'r-1', rekeyStep: 'authorize', grOtp: 'pad', grStep: 'shares' });
    expect(await store.getState().sealKeyring()).toBe(true);
    const s = store.getState();
    expect(s.seal?.sealed).toBe(true);
    expect([s.rekeyNonce, s.rekeyStep, s.grOtp, s.grStep]).toEqual(['', 'configure', '', 'start']);
  });
});

describe('rotate slice', () => {
  it('sends only what the form holds, numbers as numbers', () => {
    expect(rotateConfigBody({ maxOperations: '2000000', interval: '720h', enabled: true })).toEqual({ enabled: true, max_operations: 2000000, interval: '720h' });
    expect(rotateConfigBody({ maxOperations: '', interval: '', enabled: false })).toEqual({ enabled: false });
    expect(rotateConfigBody({ maxOperations: ' 5 ', interval: '0', enabled: true })).toEqual({ enabled: true, max_operations: 5, interval: 0 });
  });

  it('shows the API validation message when the config is refused', async () => {
    const store = createAppStore(fakeTransport(() => vaultError(400, 'max_operations must be in the range [1000000,3865470566]')));
    expect(await store.getState().saveRotateConfig({ maxOperations: '5', interval: '', enabled: true })).toBe(false);
    expect(store.getState().rotateConfigError?.message).toBe('max_operations must be in the range [1000000,3865470566]');
  });

  it('reports rewrap as missing on 404 and reads progress otherwise', async () => {
    const missing = createAppStore(fakeTransport(() => vaultError(404, 'unsupported path')));
    await missing.getState().loadRewrap();
    expect(missing.getState().rewrapAvailability).toBe('missing');
    expect(missing.getState().rewrapError).toBeNull();
    const running = createAppStore(fakeTransport(() => ok({ data: { running: true, done: 25, remaining: 75, total: 100, target_term: 2 } })));
    await running.getState().loadRewrap();
    expect(running.getState().rewrap).toMatchObject({ running: true, done: 25, total: 100, fraction: 0.25, complete: false });
  });
});
