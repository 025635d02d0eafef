/**
 * A rekey as the room plans and ends it: the plan starts from the custodians seal-status lists
 * (never over what the operator typed), who stays, joins and leaves is worked out by name, the
 * leavers are kept for the completion screen, and the hand-out record counts a new share as read
 * back only when sys/rekey/verify accepted it — and forgets those proofs when the server starts
 * verification over. No share text ever reaches the hand-out record.
 */
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../renderer/store/index.js';
import { rosterChanges } from '../../../renderer/store/roster-changes.js';
import type { SymbolonRequest } from '../../../shared/ipc-schema.js';
import { fakeTransport, ok, vaultError } from './fake-transport.js';

const CURRENT = [
  { index: 1, name: 'Ann', fingerprint: 'aa11' },
  { index: 2, name: 'Bob', fingerprint: null },
  { index: 3, name: 'Cy', fingerprint: null },
];

/** seal-status naming Ann, Bob and Cy (2 of 3), and a rekey to three new shares. */
function server() {
  let verifyNonce = 'v-1';
  let authorized = 0;
  return fakeTransport((req: SymbolonRequest) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (req.path === 'sys/seal-status') return ok({ initialized: true, sealed: false, t: 2, n: 3, progress: 0, keyring_id: 'k-1', generation: 1, custodians: CURRENT });
    if (req.path === 'sys/key-status' || req.path === 'sys/rotate/config') return vaultError(403, 'permission denied');
    if (req.path === 'sys/rekey/init' && req.method === 'PUT') return ok({ nonce: 'r-1', started: true, t: 2, n: 3, progress: 0, required: 2, verification_required: true });
    if (req.path === 'sys/rekey/update') {
      authorized += 1;
      if (authorized < 2) return ok({ nonce: 'r-1', started: true, progress: authorized, required: 2 });
      return ok({
        nonce: 'r-1', complete: true, keys: ['11', '22', '33'], verification_required: true, verification_nonce: verifyNonce, generation: 2,
        shares: [{ index: 1, custodian: 'Ann', text: 'NEW-ANN' }, { index: 2, custodian: 'Bob', text: 'NEW-BOB' }, { index: 3, custodian: 'Dee', text: 'NEW-DEE' }],
      });
    }
    if (req.path === 'sys/rekey/verify' && req.method === 'PUT') {
      if (body.key === 'WRONG') { verifyNonce = 'v-2'; return vaultError(400, 'rekey verification failed; incorrect key shares supplied'); }
      const index = body.key === 'NEW-ANN' ? 1 : body.key === 'NEW-BOB' ? 2 : 3;
      return ok({ nonce: verifyNonce, t: 2, n: 3, progress: 1, required: 3, share_index: index, custodian: ['Ann', 'Bob', 'Dee'][index - 1] });
    }
    if (req.path === 'sys/rekey/verify' && req.method === 'GET') return ok({ nonce: verifyNonce, started: true, t: 2, n: 3, progress: 0, required: 3 });
    return vaultError(404, 'unknown path');
  });
}

async function store() {
  const s = createAppStore(server());
  await s.getState().refreshStatus();
  return s;
}

describe('who joins, stays and leaves', () => {
  it('matches custodians by name, ignoring case and spaces, and keeps the plan’s order for joiners', () => {
    const current = [{ index: 1, name: 'Ann', fingerprint: '' }, { index: 2, name: 'Bob', fingerprint: '' }, { index: 3, name: 'Cy', fingerprint: '' }];
    const changes = rosterChanges(current, [' ann ', 'Fay', 'BOB', 'Dee']);
    expect(changes.staying.map((c) => c.index)).toEqual([1, 2]);
    expect(changes.leaving.map((c) => c.name)).toEqual(['Cy']);
    expect(changes.joining).toEqual(['Fay', 'Dee']);
  });

  it('counts everyone as joining when the keyring names nobody yet', () => {
    expect(rosterChanges([], ['Ann'])).toEqual({ staying: [], leaving: [], joining: ['Ann'], newKeys: [] });
  });
});

describe('rekey plan from the current custodians', () => {
  it('starts the plan from seal-status’s custodians and threshold', async () => {
    const s = await store();
    s.getState().prefillRekeyPlan();
    expect(s.getState().rekeyCustodians).toEqual([{ name: 'Ann', pgpKey: '' }, { name: 'Bob', pgpKey: '' }, { name: 'Cy', pgpKey: '' }]);
    expect(s.getState().rekeyThreshold).toBe(2);
    expect(s.getState().seal?.currentCustodians).toEqual([
      { index: 1, name: 'Ann', fingerprint: 'aa11' }, { index: 2, name: 'Bob', fingerprint: '' }, { index: 3, name: 'Cy', fingerprint: '' },
    ]);
  });

  it('never replaces a plan the operator has started editing, even one with no name typed yet', async () => {
    const s = await store();
    s.getState().setRekeyPlan({ custodians: [{ name: 'Fay', pgpKey: '' }, { name: '', pgpKey: '' }], threshold: 2 });
    s.getState().prefillRekeyPlan();
    expect(s.getState().rekeyCustodians.map((c) => c.name)).toEqual(['Fay', '']);
    // A row removed before seal-status answered is an edit too.
    const other = await store();
    other.getState().setRekeyPlan({ custodians: [{ name: '', pgpKey: '' }] });
    other.getState().prefillRekeyPlan();
    expect(other.getState().rekeyCustodians).toEqual([{ name: '', pgpKey: '' }]);
  });

  it('keeps the leavers for the completion screen when the rekey starts', async () => {
    const s = await store();
    s.getState().setRekeyPlan({ custodians: ['Ann', 'Bob', 'Dee'].map((name) => ({ name, pgpKey: '' })), threshold: 2, verifyAll: false });
    await s.getState().startRekey();
    expect(s.getState().rekeyLeaving).toEqual([{ index: 3, name: 'Cy', fingerprint: '' }]);
  });
});

describe('the rekey hand-out record', () => {
  async function handedOut() {
    const s = await store();
    s.getState().setRekeyPlan({ custodians: ['Ann', 'Bob', 'Dee'].map((name) => ({ name, pgpKey: '' })), threshold: 2 });
    await s.getState().startRekey();
    for (const key of ['old-1', 'old-2']) {
      s.getState().setShareDraft(key);
      await s.getState().submitRekeyShare();
    }
    s.getState().goRekeyStep('verify');
    return s;
  }
  const proven = (s: Awaited<ReturnType<typeof store>>) => s.getState().handoutRecord.rekey.filter((r) => r.proven).map((r) => r.custodian);

  it('lists the new share set when it is issued, with nothing done yet and no share text', async () => {
    const s = await handedOut();
    expect(s.getState().handoutRecord.rekey).toEqual(['Ann', 'Bob', 'Dee'].map((custodian, i) => ({ index: i + 1, custodian, fingerprint: '', printed: false, saved: false, proven: false })));
    expect(JSON.stringify(s.getState().handoutRecord)).not.toContain('NEW-');
  });

  it('marks a share read back only when the server accepted it at verification', async () => {
    const s = await handedOut();
    s.getState().setShareDraft('NEW-DEE');
    await s.getState().submitVerifyShare();
    expect(proven(s)).toEqual(['Dee']);
    // The UI's own facts are kept apart from the server's.
    s.getState().noteHandout('rekey', 1, 'printed');
    expect(s.getState().handoutRecord.rekey[0]).toMatchObject({ printed: true, proven: false });
  });

  it('starts empty for the next rekey, so an earlier one’s facts never show at its end', async () => {
    const s = await handedOut();
    s.getState().noteHandout('rekey', 2, 'saved');
    s.getState().restartRekey();
    s.getState().setRekeyPlan({ custodians: ['Ann', 'Bob'].map((name) => ({ name, pgpKey: '' })), threshold: 2 });
    await s.getState().startRekey();
    expect(s.getState().handoutRecord.rekey).toEqual([]);
  });

  it('forgets the proofs when a failed verification makes the server start over', async () => {
    const s = await handedOut();
    s.getState().setShareDraft('NEW-ANN');
    await s.getState().submitVerifyShare();
    expect(proven(s)).toEqual(['Ann']);
    s.getState().setShareDraft('WRONG');
    await s.getState().submitVerifyShare();
    expect(s.getState().verifyNonce).toBe('v-2');
    expect(proven(s)).toEqual([]);
  });
});

describe('a staying name with another PGP key', () => {
  const current = [
    { index: 1, name: 'Ann', fingerprint: 'AAAA 1111 2222' },
    { index: 2, name: 'Bob', fingerprint: '' },
    { index: 3, name: 'Cy', fingerprint: 'CCCC3333' },
  ];

  it('is named when the plan sends that share to another key, to none, or to one where there was none', () => {
    const changes = rosterChanges(current, ['ann', 'Bob', 'Cy'], ['BBBB99990000', 'dddd4444', null]);
    expect(changes.newKeys).toEqual([
      { custodian: current[0], fingerprint: 'BBBB99990000' },
      { custodian: current[1], fingerprint: 'dddd4444' },
      { custodian: current[2], fingerprint: null },
    ]);
  });

  it('is not named when the fingerprint is the one on record, whatever its case and spacing', () => {
    expect(rosterChanges(current, ['Ann', 'Bob', 'Cy'], ['aaaa11112222', '', 'CCCC 3333']).newKeys).toEqual([]);
  });

  it('is not judged when the plan gives no fingerprints, nor for joiners and leavers', () => {
    expect(rosterChanges(current, ['Ann', 'Dee'], undefined).newKeys).toEqual([]);
    expect(rosterChanges(current, ['Dee', 'Bob'], ['EEEE', '']).newKeys).toEqual([]);
  });
});
