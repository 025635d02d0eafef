/**
 * Shared steps of the rekey and generate-root integration tests: a keyring served by the real
 * CLI (`startServe`), initialized and unsealed, and the ceremony calls as a client makes them.
 */
import { join } from 'node:path';
import { expect } from 'vitest';
import { api, initAndUnseal, startServe } from '../../helpers/serve.js';
import type { ApiResult, InitResponse, ServeProcess } from '../../helpers/serve.js';

export interface ErrorBody {
  errors: string[];
  error_code: string;
  message: string;
  context: Record<string, unknown>;
}

export interface RekeyStatus {
  nonce: string;
  started: boolean;
  t: number;
  n: number;
  progress: number;
  required: number;
  pgp_fingerprints: string[] | null;
  backup: boolean;
  verification_required: boolean;
  verification_nonce: string;
  verify_all_shares: boolean;
  custodians: string[];
  share_index?: number;
  custodian?: string;
}

export interface RekeyDone {
  nonce: string;
  complete: true;
  keys: string[];
  keys_base64: string[];
  pgp_fingerprints: string[] | null;
  backup: boolean;
  verification_required: boolean;
  verification_nonce?: string;
  keyring_id: string;
  generation: number;
  committed: boolean;
  shares: { index: number; custodian: string; fingerprint: string | null; text: string | null; pgp_armored: string | null }[];
  share_index: number;
  custodian: string;
}

export interface VerifyStatus {
  nonce: string;
  started: boolean;
  t: number;
  n: number;
  progress: number;
  required: number;
  complete?: boolean;
  generation?: number;
  share_index?: number;
  custodian?: string;
}

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
export const sealStatus = async (s: ServeProcess) => (await api<{ sealed: boolean; generation: number; t: number; n: number }>(s, 'GET', 'sys/seal-status')).body;

export async function sealWith(s: ServeProcess, token: string): Promise<void> {
  const r = await api(s, 'PUT', 'sys/seal', { token });
  expect(r.status).toBe(204);
}

/** Enters shares at sys/unseal until unsealed; fails on the first refusal. */
export async function unsealWith(s: ServeProcess, keys: readonly string[]): Promise<void> {
  for (const key of keys) {
    const r = await api<{ sealed: boolean } & ErrorBody>(s, 'PUT', 'sys/unseal', { body: { key } });
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
