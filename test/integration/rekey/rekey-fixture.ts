/**
 * Shared steps of the rekey and generate-root integration tests: a keyring served by the real
 * CLI (`startServe`), initialized and unsealed, and the ceremony calls as a client makes them.
 */
import { join } from 'node:path';
import { expect } from 'vitest';
import { api, initAndUnseal, startServe } from '../../helpers/serve.js';
import type { ApiResult, InitResponse, ServeProcess } from '../../helpers/serve.js';
import type { ErrorResponse } from '../../../shared/api/errors.js';
import type { RekeyStatusResponse, RekeyUpdateCompleteResponse, RekeyVerifyCompleteResponse } from '../../../shared/api/rekey.js';
import type { ShareFeedback, VerifyStatusResponse } from '../../../shared/api/shares.js';
import type { SealStatusResponse, UnsealResponse } from '../../../shared/api/seal.js';

/** The wire shapes are the API's own (shared/api); these names are what the tests call them. */
export type ErrorBody = ErrorResponse;
/** `sys/rekey/init`, or `sys/rekey/update` before the quorum is complete (with the verdict). */
export type RekeyStatus = RekeyStatusResponse & Partial<ShareFeedback>;
export type RekeyDone = RekeyUpdateCompleteResponse;
/** `sys/rekey/verify` or `sys/init/verify`: progress, or completion, with the verdict after a share. */
export type VerifyStatus = VerifyStatusResponse & Partial<Pick<RekeyVerifyCompleteResponse, 'complete' | 'generation'> & ShareFeedback>;

export interface Keyring {
  readonly server: ServeProcess;
  readonly init: InitResponse;
  readonly token: string;
}

let counter = 0;

/** A new keyring file served by `symbolon serve`, initialized T-of-N and unsealed. */
export async function servedKeyring(dir: string, shares: number, threshold: number, custodians?: string[]): Promise<Keyring> {
  counter += 1;
  const server = await startServe({ dataPath: join(dir, `keyring-${process.pid}-${counter}.db`) });
  const init = await initAndUnseal(server, shares, threshold, custodians);
  return { server, init, token: init.root_token };
}

export const rekeyStatus = (s: ServeProcess) => api<RekeyStatus & ErrorBody>(s, 'GET', 'sys/rekey/init');
export const startRekey = (s: ServeProcess, body: unknown) => api<RekeyStatus & ErrorBody>(s, 'PUT', 'sys/rekey/init', { body });
export const cancelRekey = (s: ServeProcess, body?: unknown) => api<ErrorBody>(s, 'DELETE', 'sys/rekey/init', body === undefined ? {} : { body });
export const rekeyUpdate = (s: ServeProcess, key: unknown, nonce: unknown) =>
  api<RekeyStatus & RekeyDone & ErrorBody>(s, 'PUT', 'sys/rekey/update', { body: { key, nonce } });
export const verifyStatus = (s: ServeProcess) => api<VerifyStatus & ErrorBody>(s, 'GET', 'sys/rekey/verify');
export const verifyUpdate = (s: ServeProcess, key: unknown, nonce: unknown) =>
  api<VerifyStatus & ErrorBody>(s, 'PUT', 'sys/rekey/verify', { body: { key, nonce } });
export const sealStatus = async (s: ServeProcess) => (await api<SealStatusResponse>(s, 'GET', 'sys/seal-status')).body;

export async function sealWith(s: ServeProcess, token: string): Promise<void> {
  const r = await api(s, 'PUT', 'sys/seal', { token });
  expect(r.status).toBe(204);
}

/** Enters shares at sys/unseal until unsealed; fails on the first refusal. */
export async function unsealWith(s: ServeProcess, keys: readonly string[]): Promise<void> {
  for (const key of keys) {
    const r = await api<UnsealResponse & ErrorBody>(s, 'PUT', 'sys/unseal', { body: { key } });
    expect(r.status, r.text).toBe(200);
    if (!r.body.sealed) return;
  }
  throw new Error('the shares did not unseal the keyring');
}

/** The first refusal at sys/unseal for this key (keyring sealed). */
export async function unsealRefusal(s: ServeProcess, key: string): Promise<ErrorBody> {
  const r = await api<ErrorBody>(s, 'PUT', 'sys/unseal', { body: { key } });
  expect(r.status, r.text).toBe(400);
  return r.body;
}

/** Runs the whole authorization: starts a rekey and enters current shares until it completes. */
export async function rekeyThrough(s: ServeProcess, currentKeys: readonly string[], body: Record<string, unknown>): Promise<RekeyDone> {
  const started = await startRekey(s, body);
  expect(started.status, started.text).toBe(200);
  let last: ApiResult<RekeyStatus & RekeyDone & ErrorBody> | null = null;
  for (const key of currentKeys) {
    last = await rekeyUpdate(s, key, started.body.nonce);
    expect(last.status, last.text).toBe(200);
    if (last.body.complete) return last.body;
  }
  throw new Error(`rekey did not complete: ${last?.text ?? 'no shares'}`);
}

export function expectError(r: ApiResult<unknown>, status: number, message: string | RegExp, code?: string): ErrorBody {
  const body = r.body as ErrorBody;
  expect(r.status, r.text).toBe(status);
  if (typeof message === 'string') expect(body.message).toBe(message);
  else expect(body.message).toMatch(message);
  expect(body.errors).toEqual([body.message]);
  if (code !== undefined) expect(body.error_code).toBe(code);
  return body;
}
