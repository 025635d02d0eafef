/**
 * Rekey slice: always asks for verification (every new share by default), authorizes with the
 * attempt's nonce, hands out the new shares, verifies them under the verification nonce against
 * the count the API's verify status requires, and wipes them at commit; cancelling sends the
 * nonce. The backup is read and deleted with the session token, with clear refusals.
 */
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../renderer/store/index.js';
import { fakeTransport, noContent, ok, vaultError } from './fake-transport.js';
import type { SymbolonRequest } from '../../../shared/ipc-schema.js';

const KEYRING = '3f2a9c1e-7b4d-4e2a-9c1f-0d5e6a7b8c9d';
const BACKUP = { nonce: 'r-1', generation: 2, keys: { AAAA: ['c1c0ff'] }, keys_base64: { AAAA: ['wcD/'] } };

/** A scripted sys/rekey/*; `verifyRequired` is what GET/PUT sys/rekey/verify report as `required`. */
function rekeyServer(verifyRequired = 2) {
  let progress = 0;
  let verify = 0;
  let verifyNonce = 'v-1';
  let backupKept = true;
  return fakeTransport((req: SymbolonRequest) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (req.path === 'sys/seal-status') return ok({ initialized: true, sealed: false, t: 2, n: 3, progress: 0, keyring_id: KEYRING, generation: 1 });
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
      return ok(verify < verifyRequired ? { nonce: verifyNonce, t: 2, n: 2, progress: verify, required: verifyRequired, share_index: verify, custodian: 'Dee' } : { nonce: verifyNonce, complete: true });
    }
    if (req.path === 'sys/rekey/verify' && req.method === 'GET') return ok({ nonce: verifyNonce, started: true, t: 2, n: 2, progress: verify, required: verifyRequired });
    if (req.path === 'sys/rekey/backup') {
      if (req.headers?.['X-Vault-Token'] !== 's.root') return vaultError(403, 'permission denied', 'PERMISSION_DENIED');
      if (req.method === 'DELETE') { backupKept = false; return noContent; }
      return backupKept ? ok({ request_id: 'x', data: BACKUP, ...BACKUP }) : vaultError(400, 'no backed-up keys found', 'NO_BACKUP');
    }
    return vaultError(404, 'unknown path');
  });
}

async function planned(verifyRequired = 2, plan: { custodians?: { name: string; pgpKey: string }[]; verifyAll?: boolean } = {}) {
  const transport = rekeyServer(verifyRequired);
  const store = createAppStore(transport);
  store.getState().setRekeyPlan({ custodians: [{ name: 'Dee', pgpKey: '' }, { name: 'Eve', pgpKey: '' }], threshold: 2, ...plan });
  await store.getState().startRekey();
  return { transport, store };
}

async function enter(store: Awaited<ReturnType<typeof planned>>['store'], key: string, which: 'rekey' | 'verify') {
  store.getState().setShareDraft(key);
  await (which === 'rekey' ? store.getState().submitRekeyShare() : store.getState().submitVerifyShare());
}

describe('rekey slice', () => {
  it('always requests verification, of every new share by default, and moves to authorization', async () => {
    const { transport, store } = await planned();
    expect(transport.requests.find((r) => r.path === 'sys/rekey/init')?.body).toEqual({
      secret_shares: 2, secret_threshold: 2, custodians: ['Dee', 'Eve'], backup: false, require_verification: true, verify_all_shares: true,
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

  it('sends verify_all_shares false when the operator unticks it', async () => {
    const { transport } = await planned(2, { verifyAll: false });
    expect(transport.requests.find((r) => r.path === 'sys/rekey/init')?.body).toMatchObject({ require_verification: true, verify_all_shares: false });
  });

  it('counts verification against the required number from GET sys/rekey/verify, not the new threshold', async () => {
    // 2-of-3 with every share verified: the threshold would say 2, the API says 3.
    const custodians = ['Dee', 'Eve', 'Fay'].map((name) => ({ name, pgpKey: '' }));
    const { transport, store } = await planned(3, { custodians });
    await enter(store, 'old-1', 'rekey');
    await enter(store, 'old-2', 'rekey');
    expect(transport.requests.at(-1)).toMatchObject({ method: 'GET', path: 'sys/rekey/verify' });
    expect(store.getState().verifyRequired).toBe(3);
    store.getState().goRekeyStep('verify');
    await enter(store, 'NEW-DEE', 'verify');
    await enter(store, 'NEW-EVE', 'verify');
    expect(store.getState().rekeyStep).toBe('verify');
    expect(store.getState().rekeyVerdict).toBe('New share verified for Dee (share 2). 2 of 3 verified.');
    await enter(store, 'NEW-FAY', 'verify');
    expect(store.getState().rekeyStep).toBe('done');
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

describe('rekey backup', () => {
  async function committed(token: string | null) {
    const transport = rekeyServer();
    const store = createAppStore(transport);
    await store.getState().refreshStatus();
    store.setState({ token, rekeyStep: 'done', rekeyBackup: true, rekeyGeneration: 2 });
    return { transport, store };
  }

  it('reads the backup with the session token and returns a named JSON file of the PGP messages', async () => {
    const { transport, store } = await committed('s.root');
    const file = await store.getState().fetchRekeyBackup();
    expect(transport.requests.at(-1)).toMatchObject({ method: 'GET', path: 'sys/rekey/backup', headers: { 'X-Vault-Token': 's.root' } });
    expect(file?.name).toBe('symbolon-rekey-backup-3f2a9c1e-gen2.json');
    expect(JSON.parse(file?.text ?? '{}')).toEqual({ nonce: 'r-1', keyring_id: KEYRING, generation: 2, keys: BACKUP.keys, keys_base64: BACKUP.keys_base64 });
    expect(store.getState().backupError).toBeNull();
    expect(store.getState().backupVerdict).toMatch(/^Backup read: 1 encrypted share for generation 2/);
    // The backup is handed over, not kept in the store.
    expect(JSON.stringify(store.getState())).not.toContain('c1c0ff');
  });

  it('says to sign in, without calling the API, when there is no token', async () => {
    const { transport, store } = await committed(null);
    const before = transport.requests.length;
    expect(await store.getState().fetchRekeyBackup()).toBeNull();
    await store.getState().deleteRekeyBackup();
    expect(transport.requests.length).toBe(before);
    expect(store.getState().backupError?.message).toMatch(/Sign in first/);
  });

  it('explains a 403 for a token that may not read the backup', async () => {
    const { store } = await committed('s.weak');
    expect(await store.getState().fetchRekeyBackup()).toBeNull();
    expect(store.getState().backupError).toMatchObject({ status: 403, message: expect.stringMatching(/refused this token .*Sign in with a token/) as unknown });
  });

  it('deletes the backup; reading it afterwards says none is kept', async () => {
    const { transport, store } = await committed('s.root');
    await store.getState().deleteRekeyBackup();
    expect(transport.requests.at(-1)).toMatchObject({ method: 'DELETE', path: 'sys/rekey/backup' });
    expect(store.getState().backupVerdict).toMatch(/^Backup deleted from the keyring/);
    expect(await store.getState().fetchRekeyBackup()).toBeNull();
    expect(store.getState().backupError).toMatchObject({ status: 400, message: expect.stringMatching(/^No backup is kept in the keyring/) as unknown });
  });

  it('clears the backup messages when a new rekey is planned', async () => {
    const { store } = await committed('s.root');
    await store.getState().deleteRekeyBackup();
    store.getState().restartRekey();
    expect(store.getState()).toMatchObject({ backupVerdict: '', backupError: null, rekeyVerifyAll: true });
  });
});
