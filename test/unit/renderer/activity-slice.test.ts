/**
 * Inactivity rules: a half-typed share is cleared after a minute, a share on screen is hidden
 * after three (time to copy it by pen),
 * and every secret (shares, OTP, root tokens, session token) is wiped after five minutes.
 */
import { describe, expect, it } from 'vitest';
import { DRAFT_IDLE_MS, HANDOUT_IDLE_MS, SECRET_IDLE_MS, WIPE_WARNING_MS } from '../../../renderer/store/activity-slice.js';
import { createAppStore } from '../../../renderer/store/index.js';
import { fakeTransport, manualClock, ok, vaultError } from './fake-transport.js';

function server() {
  return fakeTransport((req) => {
    if (req.path === 'sys/init') return ok({ keys: ['aa'], keys_base64: ['qg=='], root_token: 'hvs.ROOT', shares: [{ index: 1, custodian: 'Ann', text: 'SHARE-TEXT' }], verification_required: true, verification_nonce: 'n-1' });
    if (req.path === 'sys/init/verify') return ok({ nonce: 'n-1', started: true, t: 1, n: 1, progress: 0, required: 1, custodians: [{ index: 1, name: 'Ann', proven: false }] });
    if (req.path === 'sys/seal-status') return ok({ initialized: true, sealed: true, t: 1, n: 1 });
    if (req.path === 'auth/token/lookup-self') return ok({ data: { policies: ['root'] } });
    return vaultError(404, 'unknown path');
  });
}

describe('activity slice', () => {
  it('clears a partly typed share after a minute without activity, not before', () => {
    const clock = manualClock();
    const store = createAppStore(server(), clock.now);
    store.getState().setShareDraft('ABCD1-EF');
    clock.advance(DRAFT_IDLE_MS - 1);
    expect(store.getState().expireIdle()).toBe(false);
    expect(store.getState().shareDraft).toBe('ABCD1-EF');
    clock.advance(1);
    expect(store.getState().expireIdle()).toBe(true);
    expect(store.getState().shareDraft).toBe('');
    expect(store.getState().idleNotice).toMatch(/cleared/);
  });

  it('activity postpones the wipe', () => {
    const clock = manualClock();
    const store = createAppStore(server(), clock.now);
    store.getState().setShareDraft('ABCD1');
    clock.advance(DRAFT_IDLE_MS - 1000);
    store.getState().touch();
    clock.advance(DRAFT_IDLE_MS - 1000);
    store.getState().expireIdle();
    expect(store.getState().shareDraft).toBe('ABCD1');
  });

  it('keeps a share on screen past a minute, hides it after three and wipes all secrets after five', async () => {
    const clock = manualClock();
    const store = createAppStore(server(), clock.now);
    await store.getState().signIn('hvs.operator');
    store.getState().setInitCustodians([{ name: 'Ann', pgpKey: '' }]);
    store.getState().setInitThreshold(1);
    await store.getState().runInit();
    store.getState().touch();
    store.getState().showInitShare();
    clock.advance(DRAFT_IDLE_MS + 1000);
    store.getState().expireIdle();
    expect(store.getState().initHandout.visible).toBe(true);
    clock.advance(HANDOUT_IDLE_MS - DRAFT_IDLE_MS - 1001);
    store.getState().expireIdle();
    expect(store.getState().initHandout.visible).toBe(true);
    clock.advance(1);
    store.getState().expireIdle();
    expect(store.getState().initHandout.visible).toBe(false);
    expect(store.getState().idleNotice).toBe('The share on screen was hidden after 3 minutes without activity.');
    expect(store.getState().initResult).not.toBeNull();
    expect(store.getState().token).toBe('hvs.operator');

    clock.advance(SECRET_IDLE_MS - HANDOUT_IDLE_MS);
    expect(store.getState().expireIdle()).toBe(true);
    const s = store.getState();
    expect(s.initResult).toBeNull();
    expect(s.token).toBeNull();
    expect(s.idleNotice).toMatch(/wiped/);
    const dump = JSON.stringify(s);
    expect(dump).not.toContain('SHARE-TEXT');
    expect(dump).not.toContain('hvs.ROOT');
    expect(dump).not.toContain('hvs.operator');
  });

  it('counts down the last minute before a ceremony is wiped; activity cancels the countdown', async () => {
    const clock = manualClock();
    const store = createAppStore(server(), clock.now);
    store.getState().setInitCustodians([{ name: 'Ann', pgpKey: '' }]);
    store.getState().setInitThreshold(1);
    await store.getState().runInit();
    store.getState().touch();
    const started = clock.now();
    clock.advance(SECRET_IDLE_MS - WIPE_WARNING_MS - 1);
    store.getState().expireIdle();
    expect(store.getState().idleWipeAt).toBe(0);
    clock.advance(1);
    expect(store.getState().expireIdle()).toBe(false);
    expect(store.getState().idleWipeAt).toBe(started + SECRET_IDLE_MS);
    expect(store.getState().initResult).not.toBeNull();
    store.getState().touch();
    expect(store.getState().idleWipeAt).toBe(0);
    clock.advance(SECRET_IDLE_MS - WIPE_WARNING_MS);
    store.getState().expireIdle();
    clock.advance(WIPE_WARNING_MS);
    expect(store.getState().expireIdle()).toBe(true);
    expect(store.getState().initResult).toBeNull();
    // The ceremony tells the truth afterwards: interrupted, not complete.
    expect(store.getState().initStep).toBe('interrupted');
  });

  it('wipeAllSecrets empties the generate-root pad and token and the rekey shares', () => {
    const store = createAppStore(server());
    store.setState({ grOtp: 'otp', grEncoded: 'enc', grToken: 'tok', rekeyShares: [{ position: 1, index: 1, custodian: 'A', fingerprint: '', text: 'T', hex: 'h', base64: 'b', armored: '', pgpEncrypted: false }] });
    store.getState().wipeAllSecrets();
    const s = store.getState();
    expect([s.grOtp, s.grEncoded, s.grToken, s.rekeyShares.length]).toEqual(['', '', '', 0]);
  });
});
