/**
 * The bridge lookup behind the header's loopback API notice (renderer/lib/api.ts). The notice
 * itself is checked in Chromium: test/e2e/ui-loopback-api.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { selectLoopbackApi } from '../../../renderer/lib/api.js';
import type { LoopbackApiStatus, SetLoopbackApiRequest } from '../../../shared/ipc-schema.js';

describe('selectLoopbackApi', () => {
  it('is null outside Electron and with an older preload', () => {
    expect(selectLoopbackApi({ fetch: () => undefined })).toBeNull();
    expect(selectLoopbackApi({ symbolon: { request: async () => ({ status: 200, body: null }) } })).toBeNull();
  });

  it('calls the bridge with the operator\'s choice', async () => {
    const sent: SetLoopbackApiRequest[] = [];
    const status: LoopbackApiStatus = { state: 'off', port: 8200, enabledAtNextStart: false };
    const control = selectLoopbackApi({ symbolon: {
      request: async () => ({ status: 200, body: null }),
      loopbackApiStatus: async () => status,
      setLoopbackApi: async (req: SetLoopbackApiRequest) => (sent.push(req), { ...status, enabledAtNextStart: req.enabled }),
    } });
    expect(await control?.status()).toEqual(status);
    expect(await control?.setEnabled(true)).toEqual({ ...status, enabledAtNextStart: true });
    expect(sent).toEqual([{ enabled: true }]);
  });
});
