/**
 * Generate root (OTP mode): the pad from the start answer decodes the encoded token locally
 * (Vault's base64-unpadded(token XOR otp)), the token is revealed once, and finishing wipes it.
 */
import { describe, expect, it } from 'vitest';
import { decodeBase64, decodeOtpToken } from '../../../renderer/lib/otp.js';
import { createAppStore } from '../../../renderer/store/index.js';
import { fakeTransport, noContent, ok, vaultError } from './fake-transport.js';

const TOKEN = 'hvs.Abcdefghijklmnopqrstuvwx';
const OTP = 'Z9y8X7w6V5u4T3s2R1q0P9o8N7m6';

/** Independent encoder, with Node's Buffer, the way Vault's Go code does it. */
function vaultEncode(token: string, otp: string): string {
  const t = Buffer.from(token, 'utf8');
  const o = Buffer.from(otp, 'utf8');
  return Buffer.from(t.map((b, i) => b ^ (o[i] ?? 0))).toString('base64').replace(/=+$/, '');
}

describe('OTP decoding', () => {
  it('recovers the token encoded as Vault encodes it', () => {
    expect(TOKEN).toHaveLength(28);
    expect(OTP).toHaveLength(28);
    expect(decodeOtpToken(vaultEncode(TOKEN, OTP), OTP)).toBe(TOKEN);
  });

  it('rejects a pad of the wrong length with a clear message', () => {
    expect(() => decodeOtpToken(vaultEncode(TOKEN, OTP), OTP.slice(0, 20))).toThrow(RangeError);
    expect(() => decodeOtpToken('', OTP)).toThrow(TypeError);
  });

  it('decodes padded, unpadded and URL-safe base64 alike', () => {
    const bytes = Uint8Array.from([0xfb, 0xff, 0x00, 0x10]);
    const std = Buffer.from(bytes).toString('base64');
    expect(Array.from(decodeBase64(std))).toEqual(Array.from(bytes));
    expect(Array.from(decodeBase64(std.replace(/=+$/, '')))).toEqual(Array.from(bytes));
    expect(Array.from(decodeBase64(Buffer.from(bytes).toString('base64url')))).toEqual(Array.from(bytes));
    expect(() => decodeBase64('ab!c')).toThrow(RangeError);
  });
});

function server() {
  let progress = 0;
  return fakeTransport((req) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (req.path === 'sys/generate-root/attempt' && req.method === 'PUT') return ok({ nonce: 'g-1', started: true, progress: 0, required: 2, complete: false, otp: OTP, otp_length: 28 });
    if (req.path === 'sys/generate-root/attempt' && req.method === 'DELETE') return noContent;
    if (req.path === 'sys/generate-root/update') {
      if (body.nonce !== 'g-1') return vaultError(400, 'incorrect nonce supplied');
      progress += 1;
      if (progress < 2) return ok({ nonce: 'g-1', started: true, progress, required: 2, complete: false, custodian: 'Ann', share_index: 1 });
      return ok({ nonce: 'g-1', started: true, progress: 2, required: 2, complete: true, encoded_token: vaultEncode(TOKEN, OTP), encoded_root_token: vaultEncode(TOKEN, OTP) });
    }
    return vaultError(404, 'unknown path');
  });
}

describe('generate-root slice', () => {
  it('keeps the pad from the start answer, decodes the token once, and wipes it at the end', async () => {
    const store = createAppStore(server());
    await store.getState().startGenerateRoot();
    expect(store.getState().grOtp).toBe(OTP);
    expect(store.getState().grStep).toBe('shares');
    for (const key of ['s1', 's2']) {
      store.getState().setShareDraft(key);
      await store.getState().submitGenerateRootShare();
    }
    expect(store.getState().grStep).toBe('token');
    expect(store.getState().grToken).toBe('');
    store.getState().revealRootToken();
    let s = store.getState();
    expect(s.grToken).toBe(TOKEN);
    expect(s.grOtp).toBe('');
    expect(s.grEncoded).toBe('');
    s.revealRootToken();
    expect(store.getState().grToken).toBe(TOKEN);
    store.getState().finishGenerateRoot();
    s = store.getState();
    expect(s.grStep).toBe('done');
    expect(JSON.stringify(s)).not.toContain(TOKEN);
  });

  it('cancelling deletes the attempt and forgets the pad', async () => {
    const transport = server();
    const store = createAppStore(transport);
    await store.getState().startGenerateRoot();
    await store.getState().cancelGenerateRoot();
    expect(transport.requests.at(-1)).toMatchObject({ method: 'DELETE', path: 'sys/generate-root/attempt' });
    expect(store.getState().grOtp).toBe('');
    expect(store.getState().grStep).toBe('start');
  });
});
