/** Permissions: everything refused, except the camera for one scan the operator approves. */
import { describe, expect, it } from 'vitest';
import { createPermissionPolicy, SCAN_WINDOW_MS } from '../../../electron/main/permission-policy.js';

const camera = { isMainFrame: true, requestingUrl: 'app://symbolon/index.html', mediaTypes: ['video'] };
const cameraCheck = { isMainFrame: true, mediaType: 'video' };

function setup(answers: boolean[] = [true]) {
  let time = 1_000_000;
  let asked = 0;
  const policy = createPermissionPolicy({
    confirmCamera: async () => {
      asked += 1;
      return answers.shift() ?? false;
    },
    now: () => time,
  });
  return { policy, asked: () => asked, advance: (ms: number) => void (time += ms) };
}

describe('permission policy', () => {
  it.each(['notifications', 'geolocation', 'clipboard-read', 'display-capture', 'hid', 'usb', 'serial', 'fullscreen', 'openExternal', 'unknown'])(
    'refuses %s without asking anyone', async (permission) => {
      const { policy, asked } = setup();
      expect(await policy.request(permission, camera)).toBe(false);
      expect(policy.check(permission, 'app://symbolon', cameraCheck)).toBe(false);
      expect(asked()).toBe(0);
    });

  it('refuses microphone, camera+microphone, subframes and foreign pages without asking', async () => {
    const { policy, asked } = setup();
    expect(await policy.request('media', { ...camera, mediaTypes: ['audio'] })).toBe(false);
    expect(await policy.request('media', { ...camera, mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(await policy.request('media', { ...camera, mediaTypes: [] })).toBe(false);
    expect(await policy.request('media', { ...camera, isMainFrame: false })).toBe(false);
    expect(await policy.request('media', { ...camera, requestingUrl: 'https://evil.example/' })).toBe(false);
    expect(asked()).toBe(0);
  });

  it('allows the camera only after the operator approves, for the scan window', async () => {
    const { policy, asked, advance } = setup([true]);
    expect(policy.check('media', 'app://symbolon', cameraCheck)).toBe(false);
    expect(await policy.request('media', camera)).toBe(true);
    expect(asked()).toBe(1);
    expect(policy.scanActive).toBe(true);
    expect(policy.check('media', 'app://symbolon', cameraCheck)).toBe(true);
    expect(policy.check('media', 'app://symbolon', { isMainFrame: true, mediaType: 'audio' })).toBe(false);
    expect(await policy.request('media', camera)).toBe(true);
    expect(asked()).toBe(1);
    advance(SCAN_WINDOW_MS);
    expect(policy.scanActive).toBe(false);
    expect(policy.check('media', 'app://symbolon', cameraCheck)).toBe(false);
  });

  it('keeps the camera off when the operator declines, and asks again next time', async () => {
    const { policy, asked } = setup([false, true]);
    expect(await policy.request('media', camera)).toBe(false);
    expect(policy.scanActive).toBe(false);
    expect(await policy.request('media', camera)).toBe(true);
    expect(asked()).toBe(2);
  });

  it('ends the scan window on navigation, reload or crash (endScan)', async () => {
    const { policy } = setup([true]);
    await policy.request('media', camera);
    policy.endScan();
    expect(policy.scanActive).toBe(false);
    expect(policy.check('media', 'app://symbolon', cameraCheck)).toBe(false);
  });

  it('shows one dialog for simultaneous requests, and treats a failing dialog as "no"', async () => {
    const { policy, asked } = setup([true]);
    const answers = await Promise.all([policy.request('media', camera), policy.request('media', camera)]);
    expect(answers).toEqual([true, true]);
    expect(asked()).toBe(1);
    const failing = createPermissionPolicy({ confirmCamera: () => Promise.reject(new Error('no display')) });
    expect(await failing.request('media', camera)).toBe(false);
  });
});
