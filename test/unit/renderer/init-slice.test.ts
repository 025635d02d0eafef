/**
 * Init slice: the plan is validated before anything is sent, the request carries custodians and
 * threshold, shares are handed out one custodian at a time, and finishing wipes every secret.
 */
import { describe, expect, it, vi } from 'vitest';
import { createAppStore } from '../../../renderer/store/index.js';
import { validateInitPlan } from '../../../renderer/store/init-slice.js';
import { fakeTransport, ok, vaultError } from './fake-transport.js';

const INIT_ANSWER = {
  keys: ['aa01', 'bb02', 'cc03'],
  keys_base64: ['qgE=', 'uwI=', 'zAM='],
  root_token: 'hvs.ROOTTOKENROOTTOKENROOT1',
  keyring_id: 'kr-42',
  generation: 1,
  shares: [
    { index: 1, custodian: 'Ann', text: 'AAAA0-BBBB1' },
    { index: 2, custodian: 'Bob', text: 'CCCC2-DDDD3' },
    { index: 3, custodian: 'Cy', text: 'EEEE4-FFFF5' },
  ],
  verification_required: true,
  verification_nonce: 'nonce-1',
};

/** A server that keeps the keyring pending until every share is proven (API.md, "Init with verification"). */
function server(start: { pending?: boolean; proven?: number[] } = {}) {
  let pending = start.pending ?? false;
  const proven = new Set<number>(start.proven ?? []);
  let initialized = false;
  const names = ['Ann', 'Bob', 'Cy'];
  const status = () => ({
    nonce: pending ? 'nonce-1' : '', started: pending, t: 2, n: 3, progress: proven.size, required: 3, keyring_id: pending ? 'kr-42' : null,
    custodians: names.map((name, i) => ({ index: i + 1, name, proven: proven.has(i + 1) })),
  });
  return fakeTransport((req) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (req.path === 'sys/init' && req.method === 'PUT') {
      if (pending) return vaultError(400, 'an initialization with verification is pending');
      pending = true;
      return ok(INIT_ANSWER);
    }
    if (req.path === 'sys/init/verify' && req.method === 'GET') return ok(status());
    if (req.path === 'sys/init/verify' && req.method === 'PUT') {
      if (body['nonce'] !== 'nonce-1' || !pending) return vaultError(400, 'incorrect nonce supplied');
      const index = INIT_ANSWER.shares.findIndex((x) => x.text === body['key']) + 1;
      if (index === 0) return vaultError(400, 'this share is not a member of generation 1');
      proven.add(index);
      if (proven.size < 3) return ok({ ...status(), share_index: index, custodian: names[index - 1] });
      pending = false;
      initialized = true;
      return ok({ nonce: 'nonce-1', complete: true, keyring_id: 'kr-42', share_index: index, custodian: names[index - 1] });
    }
    if (req.path === 'sys/init/verify' && req.method === 'DELETE') {
      if (body['nonce'] !== 'nonce-1') return vaultError(400, 'incorrect nonce supplied');
      pending = false;
      proven.clear();
      return { status: 204, body: null };
    }
    if (req.path === 'sys/seal-status') return ok({ initialized, sealed: true, t: 2, n: 3, progress: 0 });
    return vaultError(404, 'unknown path');
  });
}

/** Each custodian in turn: shown, read back (proven on the server), next. */
async function proveAll(store: ReturnType<typeof createAppStore>): Promise<void> {
  for (const share of INIT_ANSWER.shares) {
    store.getState().showInitShare();
    expect((await store.getState().proveInitShare(share.text)).ok).toBe(true);
    store.getState().nextInitCustodian();
  }
}

const plan = (names: string[]) => names.map((name) => ({ name, pgpKey: '' }));

describe('validateInitPlan', () => {
  it.each([
    [[], 1, 'Add at least one custodian.'],
    [['Ann', ''], 2, 'Every custodian needs a name.'],
    [['Ann', 'ann'], 2, 'Custodian names must be different.'],
    [['Ann', 'Bob'], 3, 'The threshold cannot exceed the number of custodians (2).'],
    [['Ann', 'Bob'], 1, 'With more than one custodian the threshold must be at least 2.'],
    [['Ann'], 0, 'The threshold must be a whole number of at least 1.'],
    [['Ann', 'Bob'], Number.NaN, 'The threshold must be a whole number of at least 1.'],
  ])('rejects %j with threshold %d', (names, t, message) => {
    expect(validateInitPlan(plan(names), t)).toBe(message);
  });

  it('accepts 1-of-1 and 2-of-3', () => {
    expect(validateInitPlan(plan(['Ann']), 1)).toBe('');
    expect(validateInitPlan(plan(['Ann', 'Bob', 'Cy']), 2)).toBe('');
  });
});

describe('init slice', () => {
  it('sends N, T, custodian names and require_verification, then hands out shares one at a time, hidden first', async () => {
    const transport = server();
    const store = createAppStore(transport);
    store.getState().setInitCustodians(plan([' Ann ', 'Bob', 'Cy']));
    store.getState().setInitThreshold(2);
    await store.getState().runInit();
    expect(transport.requests.find((r) => r.path === 'sys/init')?.body).toEqual({ secret_shares: 3, secret_threshold: 2, custodians: ['Ann', 'Bob', 'Cy'], require_verification: true });
    const s = store.getState();
    expect(s.initStep).toBe('handout');
    expect(s.initResult?.shares.map((x) => [x.position, x.custodian, x.text, x.hex])).toEqual([[1, 'Ann', 'AAAA0-BBBB1', 'aa01'], [2, 'Bob', 'CCCC2-DDDD3', 'bb02'], [3, 'Cy', 'EEEE4-FFFF5', 'cc03']]);
    expect(s.initHandout).toEqual({ position: 0, visible: false });
    s.showInitShare();
    expect(store.getState().initHandout).toEqual({ position: 0, visible: true });
  });

  it('moves to the next custodian only once the server accepted this one’s read-back', async () => {
    const store = createAppStore(server());
    store.getState().setInitCustodians(plan(['Ann', 'Bob', 'Cy']));
    await store.getState().runInit();
    store.getState().showInitShare();
    store.getState().nextInitCustodian();
    expect(store.getState().initHandout).toEqual({ position: 0, visible: true });
    const wrong = await store.getState().proveInitShare('CCCC2-DDDX3');
    expect(wrong).toEqual({ ok: false, message: 'Not proven: this share is not a member of generation 1' });
    const right = await store.getState().proveInitShare('AAAA0-BBBB1');
    expect(right).toEqual({ ok: true, message: 'The keyring accepted the share of Ann (share 1): 1 of 3 proven.' });
    store.getState().nextInitCustodian();
    expect(store.getState().initHandout).toEqual({ position: 1, visible: false });
  });

  it('never reaches the root token or "done" before the server says the keyring is initialized', async () => {
    const store = createAppStore(server());
    store.getState().setInitCustodians(plan(['Ann', 'Bob', 'Cy']));
    await store.getState().runInit();
    store.getState().goInitStep('root-token');
    store.getState().finishInit();
    expect(store.getState().initStep).toBe('handout');
    await proveAll(store);
    expect(store.getState().initComplete).toBe(true);
    store.getState().goInitStep('root-token');
    expect(store.getState().initStep).toBe('root-token');
    expect(store.getState().initResult?.rootToken).toBe('hvs.ROOTTOKENROOTTOKENROOT1');
  });

  it('does not let the operator go back to planning once shares exist', async () => {
    const store = createAppStore(server());
    store.getState().setInitCustodians(plan(['Ann', 'Bob', 'Cy']));
    await store.getState().runInit();
    store.getState().goInitStep('review');
    expect(store.getState().initStep).toBe('handout');
  });

  it('finishing the ceremony wipes shares and root token', async () => {
    const store = createAppStore(server());
    store.getState().setInitCustodians(plan(['Ann', 'Bob', 'Cy']));
    await store.getState().runInit();
    await proveAll(store);
    store.getState().finishInit();
    const s = store.getState();
    expect(s.initResult).toBeNull();
    expect(s.initStep).toBe('done');
    expect(JSON.stringify(s)).not.toContain('hvs.ROOTTOKEN');
    expect(JSON.stringify(s)).not.toContain('AAAA0');
  });

  it('after a wipe mid-hand-out says the init was interrupted, with what the server counted, never "done"', async () => {
    const store = createAppStore(server());
    store.getState().setInitCustodians(plan(['Ann', 'Bob', 'Cy']));
    await store.getState().runInit();
    store.getState().showInitShare();
    await store.getState().proveInitShare('AAAA0-BBBB1');
    store.getState().wipeInit();
    await vi.waitFor(() => expect(store.getState().initInterruption?.proven).toEqual(['Ann']));
    const s = store.getState();
    expect(s.initStep).toBe('interrupted');
    expect(s.initInterruption).toMatchObject({ nonce: 'nonce-1', n: 3, progress: 1, cause: 'idle' });
    expect(s.initResult).toBeNull();
    expect(JSON.stringify(s)).not.toContain('BBBB1');
  });

  it('a new page finds the pending init, explains it, and abandons it with its nonce to start again', async () => {
    const transport = server({ pending: true, proven: [1, 3] });
    const store = createAppStore(transport);
    await store.getState().loadPendingInit();
    expect(store.getState().initStep).toBe('interrupted');
    expect(store.getState().initInterruption).toMatchObject({ keyringId: 'kr-42', n: 3, progress: 2, proven: ['Ann', 'Cy'], cause: 'page' });
    await store.getState().abandonPendingInit();
    expect(transport.requests.find((r) => r.method === 'DELETE')).toMatchObject({ path: 'sys/init/verify', body: { nonce: 'nonce-1' } });
    expect(store.getState().initStep).toBe('custodians');
    expect(store.getState().initInterruption).toBeNull();
  });

  it('a page that started the pending init does not call it interrupted', async () => {
    const store = createAppStore(server());
    store.getState().setInitCustodians(plan(['Ann', 'Bob', 'Cy']));
    await store.getState().runInit();
    await store.getState().loadPendingInit();
    expect(store.getState().initStep).toBe('handout');
  });

  it('refuses locally, without calling the API, when only some custodians have PGP keys', async () => {
    const transport = server();
    const store = createAppStore(transport);
    store.getState().setInitCustodians([{ name: 'Ann', pgpKey: '-----BEGIN PGP PUBLIC KEY BLOCK-----' }, { name: 'Bob', pgpKey: '' }]);
    await store.getState().runInit();
    expect(store.getState().initError?.message).toMatch(/every custodian a PGP key, or none/);
    expect(transport.requests.some((r) => r.path === 'sys/init')).toBe(false);
  });

  it('shows the API refusal and stays on review', async () => {
    const transport = fakeTransport(() => vaultError(400, 'Vault is already initialized'));
    const store = createAppStore(transport);
    store.getState().setInitCustodians(plan(['Ann', 'Bob']));
    store.getState().goInitStep('review');
    await store.getState().runInit();
    expect(store.getState().initError?.message).toBe('Vault is already initialized');
    expect(store.getState().initStep).toBe('review');
    expect(store.getState().initResult).toBeNull();
  });
});
