/**
 * The IPC bridge end to end without Electron: plain-object events and a real API server
 * (in-memory SQLite keyring, the same `inject` pipeline the HTTP listener feeds).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer } from '../../../electron/api/server.js';
import type { SymbolonServer } from '../../../electron/api/server.js';
import { createRequestHandler, registerRequestBridge, UntrustedSenderError } from '../../../electron/main/ipc-bridge.js';
import type { SenderEventLike } from '../../../electron/main/sender-check.js';
import { REQUEST_CHANNEL } from '../../../shared/ipc-schema.js';

const mainFrame = { url: 'app://symbolon/index.html', parent: null };
const webContents = { mainFrame };
const window = { webContents };
const trusted: SenderEventLike = { sender: webContents, senderFrame: mainFrame };

let server: SymbolonServer;
beforeEach(async () => {
  server = await createServer({ dataPath: ':memory:', port: 0, uiRoot: null });
});
afterEach(async () => {
  await server.close();
});

const handler = () => createRequestHandler({ inject: (req) => server.inject(req), trustedWindow: () => window });
const initialized = async () => ((await server.inject({ method: 'GET', path: 'sys/init' })).body.includes('"initialized":true'));

describe('symbolon:request handler', () => {
  it('answers a trusted request through the API pipeline', async () => {
    const answer = await handler()(trusted, { method: 'GET', path: 'sys/seal-status' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ initialized: false, sealed: true });
  });

  it('changes keyring state exactly as the HTTP API would (sys/init)', async () => {
    const answer = await handler()(trusted, { method: 'PUT', path: 'sys/init', body: { secret_shares: 1, secret_threshold: 1, custodians: ['Alice'] } });
    expect(answer.status).toBe(200);
    expect(answer.body).toHaveProperty('root_token');
    expect(await initialized()).toBe(true);
  });

  it('refuses a sender that is not our window and runs nothing', async () => {
    const iframe = { url: 'app://symbolon/index.html', parent: mainFrame };
    const request = { method: 'PUT', path: 'sys/init', body: { secret_shares: 1, secret_threshold: 1, custodians: ['Mallory'] } };
    await expect(handler()({ sender: webContents, senderFrame: iframe }, request)).rejects.toBeInstanceOf(UntrustedSenderError);
    await expect(handler()({ sender: {}, senderFrame: mainFrame }, request)).rejects.toThrow(/not the Symbolon window/);
    expect(await initialized()).toBe(false);
  });

  it('answers an invalid payload with a Vault-shaped 400 and changes nothing', async () => {
    const answer = await handler()(trusted, { method: 'PUT', path: 'sys/../sys/init', body: { secret_shares: 1, secret_threshold: 1 } });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ errors: [expect.stringMatching(/relative API path/)], error_code: 'INVALID_IPC_REQUEST' });
    expect(await initialized()).toBe(false);
  });

  it('carries the token header, and the API still enforces it', async () => {
    const init = await handler()(trusted, { method: 'PUT', path: 'sys/init', body: { secret_shares: 1, secret_threshold: 1, custodians: ['Alice'] } });
    const { keys_base64: keys, root_token: token } = init.body as { keys_base64: string[]; root_token: string };
    await handler()(trusted, { method: 'PUT', path: 'sys/unseal', body: { key: keys[0] } });
    const without = await handler()(trusted, { method: 'GET', path: 'auth/token/lookup-self' });
    const withToken = await handler()(trusted, { method: 'GET', path: 'auth/token/lookup-self', headers: { 'X-Vault-Token': token } });
    expect(without.status).toBe(403);
    expect(withToken.status).toBe(200);
  });

  it('is registered on the schema-derived channel', () => {
    const channels: string[] = [];
    registerRequestBridge({ handle: (channel) => void channels.push(channel) }, { inject: (req) => server.inject(req), trustedWindow: () => window });
    expect(channels).toEqual([REQUEST_CHANNEL]);
    expect(REQUEST_CHANNEL).toBe('symbolon:request');
  });
});
