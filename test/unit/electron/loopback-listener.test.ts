/** The listener's states and what the operator is told about each. */
import { describe, expect, it } from 'vitest';
import { createLoopbackListener, listenerWarning } from '../../../electron/main/loopback-listener.js';
import { LOOPBACK_API_STATUS_CHANNEL, SET_LOOPBACK_API_CHANNEL, parseSetLoopbackApiRequest } from '../../../shared/ipc-schema.js';

const failing = (error: Error) => async () => { throw error; };

describe('loopback listener', () => {
  it('answers status only once start has run, and listens once', async () => {
    let listens = 0;
    const listener = createLoopbackListener({ port: 8200, enabled: true, saveEnabled: () => undefined,
      listen: async () => {
        listens += 1;
        return { port: 8200, url: 'http://127.0.0.1:8200' };
      } });
    let answered = false;
    const early = listener.status().then((status) => { answered = true; return status; });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(answered).toBe(false);
    await listener.start();
    await listener.start();
    expect(await early).toEqual({ state: 'listening', port: 8200, url: 'http://127.0.0.1:8200', enabledAtNextStart: true });
    expect(listens).toBe(1);
  });

  it('tells a taken port from other failures', async () => {
    const taken = createLoopbackListener({ port: 8200, enabled: true, saveEnabled: () => undefined,
      listen: failing(Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:8200'), { code: 'EADDRINUSE' })) });
    expect(await taken.start()).toEqual({ state: 'port-taken', port: 8200, enabledAtNextStart: true });
    const denied = createLoopbackListener({ port: 80, enabled: true, saveEnabled: () => undefined,
      listen: failing(Object.assign(new Error('listen EACCES: permission denied 127.0.0.1:80'), { code: 'EACCES' })) });
    expect(await denied.start()).toEqual({ state: 'failed', port: 80, message: 'listen EACCES: permission denied 127.0.0.1:80', enabledAtNextStart: true });
  });

  it('does not listen when turned off, and saves a change for the next start', async () => {
    const saved: boolean[] = [];
    const listener = createLoopbackListener({ port: 8200, enabled: false, saveEnabled: (enabled) => void saved.push(enabled),
      listen: failing(new Error('must not listen')) });
    expect(await listener.start()).toEqual({ state: 'off', port: 8200, enabledAtNextStart: false });
    expect(await listener.setEnabled(true)).toEqual({ state: 'off', port: 8200, enabledAtNextStart: true });
    expect(saved).toEqual([true]);
  });

  it('warns that scripts would reach another program when the port is taken, and not when listening or off', () => {
    const warning = listenerWarning({ state: 'port-taken', port: 8200, enabledAtNextStart: true });
    expect(warning?.message).toBe('Port 8200 is taken by another program');
    expect(warning?.detail).toMatch(/VAULT_ADDR=http:\/\/127\.0\.0\.1:8200 would reach that other program/);
    expect(warning?.detail).toMatch(/shares and tokens/);
    expect(listenerWarning({ state: 'failed', port: 8200, message: 'EACCES', enabledAtNextStart: true })?.detail).toMatch(/^EACCES/);
    expect(listenerWarning({ state: 'listening', port: 8200, url: 'http://127.0.0.1:8200', enabledAtNextStart: true })).toBeNull();
    expect(listenerWarning({ state: 'off', port: 8200, enabledAtNextStart: false })).toBeNull();
  });

  it('has schema-derived channels and accepts only a boolean setting', () => {
    expect([LOOPBACK_API_STATUS_CHANNEL, SET_LOOPBACK_API_CHANNEL]).toEqual(['symbolon:loopback-api-status', 'symbolon:set-loopback-api']);
    expect(parseSetLoopbackApiRequest({ enabled: false, extra: 1 })).toEqual({ enabled: false });
    for (const bad of [null, [], {}, { enabled: 'false' }, { enabled: 0 }]) expect(() => parseSetLoopbackApiRequest(bad)).toThrow(TypeError);
  });
});
