/**
 * Symbolon's `PUT sys/shares/check` (checks a share against its commitment without unsealing or
 * changing any state; no token needed), through the renderer's one door, lib/api.ts. The store's
 * Api is not exposed to features, so this tokenless endpoint gets its own tokenless Api.
 */
import { createApi, selectTransport } from '../../lib/api.js';
import type { Api } from '../../lib/api.js';
import type { ShareCheckResponse } from '../../../shared/api/seal.js';
import { wire } from '../../lib/read.js';

export interface CheckedShare {
  shareIndex: number | null;
  custodian: string;
  generation: number | null;
}

let api: Api | null = null;

export async function checkShareOnServer(key: string): Promise<CheckedShare> {
  if (typeof key !== 'string' || key.trim() === '') throw new TypeError('key must be a non-empty string');
  api ??= createApi(selectTransport(), () => null);
  const o = wire<ShareCheckResponse>(await api.request('PUT', 'sys/shares/check', { key }));
  return { shareIndex: o.num('share_index') ?? null, custodian: o.str('custodian') ?? '', generation: o.num('generation') ?? null };
}
