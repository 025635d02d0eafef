/**
 * Init slice: the plan is validated before anything is sent, the request carries custodians and
 * threshold, shares are handed out one custodian at a time, and finishing wipes every secret.
 */
import { describe, expect, it } from 'vitest';
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
};

function server() {
  return fakeTransport((req) => {
    if (req.path === 'sys/init' && req.method === 'PUT') return ok(INIT_ANSWER);
    if (req.path === 'sys/seal-status') return ok({ initialized: true, sealed: true, t: 2, n: 3, progress: 0 });
    return vaultError(404, 'unknown path');
  });
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
  it('sends N, T and custodian names, then hands out shares one at a time, hidden first', async () => {
    const transport = server();
    const store = createAppStore(transport);
    store.getState().setInitCustodians(plan([' Ann ', 'Bob', 'Cy']));
    store.getState().setInitThreshold(2);
    await store.getState().runInit();
    expect(transport.requests.find((r) => r.path === 'sys/init')?.body).toEqual({ secret_shares: 3, secret_threshold: 2, custodians: ['Ann', 'Bob', 'Cy'] });
    let s = store.getState();
    expect(s.initStep).toBe('handout');
    expect(s.initResult?.shares.map((x) => [x.position, x.custodian, x.text, x.hex])).toEqual([[1, 'Ann', 'AAAA0-BBBB1', 'aa01'], [2, 'Bob', 'CCCC2-DDDD3', 'bb02'], [3, 'Cy', 'EEEE4-FFFF5', 'cc03']]);
    expect(s.initHandout).toEqual({ position: 0, visible: false });
    s.showInitShare();
    expect(store.getState().initHandout).toEqual({ position: 0, visible: true });
    store.getState().nextInitCustodian();
    expect(store.getState().initHandout).toEqual({ position: 1, visible: false });
    store.getState().nextInitCustodian();
    store.getState().nextInitCustodian();
    expect(store.getState().initHandout.position).toBe(2);
    s = store.getState();
    s.goInitStep('root-token');
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
    store.getState().finishInit();
    const s = store.getState();
    expect(s.initResult).toBeNull();
    expect(s.initStep).toBe('done');
    expect(JSON.stringify(s)).not.toContain('hvs.ROOTTOKEN');
    expect(JSON.stringify(s)).not.toContain('AAAA0');
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
