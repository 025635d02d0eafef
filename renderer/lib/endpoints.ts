/**
 * The API.md calls the screens make, one function each, typed through the tolerant readers.
 * Goes through `Api` (lib/api.ts), never the transport directly.
 */
import type { InitRequest } from '../../shared/api/init.js';
import type { RekeyInitRequest } from '../../shared/api/rekey.js';
import type { RotateConfigRequest } from '../../shared/api/rotation.js';
import type { Api } from './api.js';
import { readInitResult, readKeyStatus, readRotateConfig, readSealStatus, readVerdict } from './api-types.js';
import type { InitResult, KeyStatus, RotateConfig, SealStatus, ShareVerdict } from './api-types.js';
import { readInitVerifyStatus } from './init-verify-types.js';
import type { InitVerifyStatus } from './init-verify-types.js';
import { readGenerateRootStatus, readRekeyBackup, readRekeyStatus, readRekeyUpdate, readVerifyStatus } from './ceremony-types.js';
import type { GenerateRootStatus, RekeyBackup, RekeyStatus, RekeyUpdate, VerifyStatus } from './ceremony-types.js';

/** The desktop UI always names the custodians and initializes with verification (API.md, "Init with verification"). */
export type VerifiedInitRequest = InitRequest & Required<Pick<InitRequest, 'custodians'>> & { require_verification: true };

/** The desktop UI always names the custodians, says whether to back up, and verifies the new shares. */
export type RekeyRequest = RekeyInitRequest & Required<Pick<RekeyInitRequest, 'custodians' | 'backup' | 'verify_all_shares'>> & { require_verification: true };

export const sealStatus = async (api: Api): Promise<SealStatus> => readSealStatus(await api.request('GET', 'sys/seal-status'));
/** Symbolon's init adds the keyring's human name (API.md, "sys/init"); the UI always asks for verification. */
export const initialize = async (api: Api, req: VerifiedInitRequest): Promise<InitResult> => readInitResult(await api.request('PUT', 'sys/init', req));
export const initVerifyStatus = async (api: Api): Promise<InitVerifyStatus> => readInitVerifyStatus(await api.request('GET', 'sys/init/verify'));
export const initVerifyProve = async (api: Api, key: string, nonce: string): Promise<InitVerifyStatus> =>
  readInitVerifyStatus(await api.request('PUT', 'sys/init/verify', { key, nonce }));
export const initAbandon = async (api: Api, nonce: string): Promise<void> => { await api.request('DELETE', 'sys/init/verify', { nonce }); };
export const sealNow = async (api: Api): Promise<void> => { await api.request('PUT', 'sys/seal'); };

export async function unseal(api: Api, key: string): Promise<SealStatus & ShareVerdict> {
  const body = await api.request('PUT', 'sys/unseal', { key });
  return { ...readSealStatus(body), ...readVerdict(body) };
}

export const resetUnseal = async (api: Api): Promise<SealStatus> => readSealStatus(await api.request('PUT', 'sys/unseal', { reset: true }));

export const keyStatus = async (api: Api): Promise<KeyStatus> => readKeyStatus(await api.request('GET', 'sys/key-status'));
export const rotateConfig = async (api: Api): Promise<RotateConfig> => readRotateConfig(await api.request('GET', 'sys/rotate/config'));
export const rotate = async (api: Api): Promise<void> => { await api.request('POST', 'sys/rotate'); };
export const writeRotateConfig = async (api: Api, cfg: RotateConfigRequest): Promise<void> => { await api.request('POST', 'sys/rotate/config', cfg); };

export const rekeyStatus = async (api: Api): Promise<RekeyStatus> => readRekeyStatus(await api.request('GET', 'sys/rekey/init'));
export const rekeyStart = async (api: Api, req: RekeyRequest): Promise<RekeyStatus> => readRekeyStatus(await api.request('PUT', 'sys/rekey/init', req));
export const rekeyCancel = async (api: Api, nonce: string): Promise<void> => { await api.request('DELETE', 'sys/rekey/init', { nonce }); };

export async function rekeyUpdate(api: Api, key: string, nonce: string): Promise<RekeyUpdate & ShareVerdict> {
  const body = await api.request('PUT', 'sys/rekey/update', { key, nonce });
  return { ...readRekeyUpdate(body), ...readVerdict(body) };
}

export const verifyStatus = async (api: Api): Promise<VerifyStatus> => readVerifyStatus(await api.request('GET', 'sys/rekey/verify'));

export async function verifyUpdate(api: Api, key: string, nonce: string): Promise<VerifyStatus & ShareVerdict> {
  const body = await api.request('PUT', 'sys/rekey/verify', { key, nonce });
  return { ...readVerifyStatus(body), ...readVerdict(body) };
}

/** The PGP-encrypted backup of the last rekey's shares (needs a token). */
export const rekeyBackup = async (api: Api): Promise<RekeyBackup> => readRekeyBackup(await api.request('GET', 'sys/rekey/backup'));
export const deleteRekeyBackup = async (api: Api): Promise<void> => { await api.request('DELETE', 'sys/rekey/backup'); };

export const generateRootStatus = async (api: Api): Promise<GenerateRootStatus> => readGenerateRootStatus(await api.request('GET', 'sys/generate-root/attempt'));
export const generateRootStart = async (api: Api): Promise<GenerateRootStatus> => readGenerateRootStatus(await api.request('PUT', 'sys/generate-root/attempt', {}));
export const generateRootCancel = async (api: Api): Promise<void> => { await api.request('DELETE', 'sys/generate-root/attempt'); };

export async function generateRootUpdate(api: Api, key: string, nonce: string): Promise<GenerateRootStatus & ShareVerdict> {
  const body = await api.request('PUT', 'sys/generate-root/update', { key, nonce });
  return { ...readGenerateRootStatus(body), ...readVerdict(body) };
}

export const lookupSelf = (api: Api): Promise<unknown> => api.request('GET', 'auth/token/lookup-self');
export const revokeSelf = async (api: Api): Promise<void> => { await api.request('PUT', 'auth/token/revoke-self'); };
export const listAccessors = (api: Api): Promise<unknown> => api.request('GET', 'auth/token/accessors?list=true');
export const lookupAccessor = (api: Api, accessor: string): Promise<unknown> => api.request('POST', 'auth/token/lookup-accessor', { accessor });
export const revokeAccessor = async (api: Api, accessor: string): Promise<void> => { await api.request('POST', 'auth/token/revoke-accessor', { accessor }); };
