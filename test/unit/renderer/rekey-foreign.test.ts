/**
 * A rekey attempt met on the server (DESIGN.md, "No plan is authorized unseen"): the slice shows
 * its whole plan first and adopts nothing (no nonce to authorize with) until the operator
 * confirms; cancelling sends the attempt's own nonce; a confirmed attempt without verification
 * is known as such, so no screen promises that nothing changes before verification.
 */
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../renderer/store/index.js';
import { fakeTransport, noContent, ok, vaultError } from './fake-transport.js';

const STRANGER = {
  nonce: 'evil-1', started: true, t: 2, n: 2, progress: 0, required: 2, pgp_fingerprints: ['aaaa1111bbbb2222cccc3333dddd4444eeee5555', 'ffff0000aaaa1111bbbb2222cccc3333dddd4444'],
  backup: true, verification_required: false, verification_nonce: '', verify_all_shares: false, custodians: ['Custodian 1', 'Custodian 2'],
};

function server() {
  let started = true;
  return fakeTransport((req) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (req.path === 'sys/seal-status') return ok({ initialized: true, sealed: false, t: 2, n: 3, custodians: [{ index: 1, name: 'Ann' }, { index: 2, name: 'Ben' }, { index: 3, name: 'Cy' }] });
    if (req.path === 'sys/rekey/init' && req.method === 'GET') return ok(started ? STRANGER : { ...STRANGER, nonce: '', started: false });
    if (req.path === 'sys/rekey/init' && req.method === 'DELETE') {
      if (body['nonce'] !== 'evil-1') return vaultError(400, 'incorrect nonce supplied');
      started = false;
      return noContent;
    }
    return vaultError(404, 'unknown path');
  });
}

describe('a rekey attempt this page did not start', () => {
  it('is shown as a plan to confirm, with nothing adopted', async () => {
    const store = createAppStore(server());
    await store.getState().refreshStatus();
    await store.getState().loadRekey();
    const s = store.getState();
    expect(s.rekeyStep).toBe('confirm-plan');
    expect(s.rekeyNonce).toBe('');
    expect(s.rekeyForeign).toEqual({
      nonce: 'evil-1', n: 2, t: 2, custodians: ['Custodian 1', 'Custodian 2'], fingerprints: STRANGER.pgp_fingerprints, backup: true,
      verificationRequired: false, verifyAll: false, awaitingVerification: false, progress: 0,
    });
    // Going round the plan is not possible: the share steps need the confirmation.
    for (const step of ['authorize', 'handout', 'verify'] as const) {
      store.getState().goRekeyStep(step);
      expect(store.getState().rekeyStep).toBe('confirm-plan');
    }
  });

  it('once confirmed, authorizes under its nonce and knows it has no verification', async () => {
    const store = createAppStore(server());
    await store.getState().refreshStatus();
    await store.getState().loadRekey();
    store.getState().confirmForeignRekey();
    const s = store.getState();
    expect(s).toMatchObject({ rekeyStep: 'authorize', rekeyNonce: 'evil-1', rekeyAdopted: true, rekeyVerificationRequired: false, rekeyBackup: true, rekeyForeign: null });
  });

  it('is cancelled with its own nonce', async () => {
    const transport = server();
    const store = createAppStore(transport);
    await store.getState().loadRekey();
    await store.getState().cancelForeignRekey();
    expect(transport.requests.find((r) => r.method === 'DELETE')).toMatchObject({ path: 'sys/rekey/init', body: { nonce: 'evil-1' } });
    expect(store.getState()).toMatchObject({ rekeyStep: 'configure', rekeyForeign: null, rekeyVerdict: 'The rekey attempt was cancelled. The current shares remain valid.' });
  });
});
