/**
 * Generate root after an interruption (issue 11): an attempt whose one-time pad is not on this
 * page (started elsewhere, or here before a reload or an idle wipe) is said to have lost its pad,
 * gets no share field, and is cancelled and started again with a new pad on this page.
 */
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../../renderer/store/index.js';
import { fakeTransport, noContent, ok, vaultError } from './fake-transport.js';

const OTP = 'Z9y8X7w6V5u4T3s2R1q0P9o8N7m6';

function server(running: { nonce: string; progress: number } | null) {
  let attempt = running;
  let count = 1;
  return fakeTransport((req) => {
    if (req.path === 'sys/generate-root/attempt' && req.method === 'GET') {
      return ok(attempt ? { nonce: attempt.nonce, started: true, progress: attempt.progress, required: 2, complete: false, otp: '', otp_length: 28, pgp_fingerprint: '' } : { nonce: '', started: false, progress: 0, required: 2 });
    }
    if (req.path === 'sys/generate-root/attempt' && req.method === 'DELETE') { attempt = null; return noContent; }
    if (req.path === 'sys/generate-root/attempt' && req.method === 'PUT') {
      if (attempt) return vaultError(400, 'root generation already in progress');
      count += 1;
      attempt = { nonce: `g-${count}`, progress: 0 };
      return ok({ nonce: attempt.nonce, started: true, progress: 0, required: 2, complete: false, otp: OTP, otp_length: 28 });
    }
    return vaultError(404, 'unknown path');
  });
}

describe('generate root after an interruption', () => {
  it('a page without the pad says it was lost and offers no share entry', async () => {
    const store = createAppStore(server({ nonce: 'g-1', progress: 1 }));
    await store.getState().loadGenerateRoot();
    const s = store.getState();
    expect(s.grStep).toBe('interrupted');
    expect(s.grInterruption).toEqual({ nonce: 'g-1', progress: 1, required: 2, pgpFingerprint: '', cause: 'page' });
    expect(s.grNonce).toBe('');
  });

  it('cancels the attempt and starts a new one whose pad is on this page', async () => {
    const transport = server({ nonce: 'g-1', progress: 1 });
    const store = createAppStore(transport);
    await store.getState().loadGenerateRoot();
    await store.getState().restartInterruptedGenerateRoot();
    expect(transport.requests.filter((r) => r.path === 'sys/generate-root/attempt').map((r) => r.method)).toEqual(['GET', 'DELETE', 'PUT']);
    expect(store.getState()).toMatchObject({ grStep: 'shares', grNonce: 'g-2', grOtp: OTP, grInterruption: null });
  });

  it('an idle wipe mid-attempt tells the truth: the pad is gone, not that the attempt goes on', async () => {
    const store = createAppStore(server(null));
    await store.getState().startGenerateRoot();
    expect(store.getState().grStep).toBe('shares');
    store.getState().wipeGenerateRoot();
    expect(store.getState()).toMatchObject({ grStep: 'interrupted', grOtp: '', grInterruption: { nonce: 'g-2', cause: 'idle' } });
  });
});

describe('an interrupted attempt that ended meanwhile', () => {
  it('is forgotten: the screen starts over instead of offering to cancel nothing', async () => {
    const store = createAppStore(server(null));
    await store.getState().startGenerateRoot();
    store.getState().wipeGenerateRoot();
    await store.getState().cancelGenerateRoot();
    store.setState({ grStep: 'interrupted', grInterruption: { nonce: 'g-2', progress: 0, required: 2, pgpFingerprint: '', cause: 'idle' } });
    await store.getState().loadGenerateRoot();
    expect(store.getState()).toMatchObject({ grStep: 'start', grInterruption: null });
  });
});
