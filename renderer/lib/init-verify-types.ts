/**
 * What the screens use of init with verification (API.md, "Init with verification"):
 * `GET|PUT sys/init/verify`, read from the shapes in shared/api like api-types.ts; the common
 * fields are those of a rekey's verify status. Names and proven flags are not secret.
 */
import type { InitVerifyCompleteResponse, InitVerifyCustodian, InitVerifyProgressResponse } from '../../shared/api/init.js';
import { readVerifyStatus } from './ceremony-types.js';
import type { VerifyStatus } from './ceremony-types.js';
import { wire } from './read.js';

export interface InitVerifyStatus extends VerifyStatus {
  /** A pending init exists on the server. */
  started: boolean;
  keyringId: string;
  custodians: { index: number; name: string; proven: boolean }[];
  /** The share this answer accepted (Symbolon's per-share feedback). */
  shareIndex: number | null;
  custodian: string;
}

export function readInitVerifyStatus(body: unknown): InitVerifyStatus {
  // Either shape: the pending init's progress, or completion (the keyring initialized).
  const o = wire<Partial<InitVerifyProgressResponse & InitVerifyCompleteResponse>>(body);
  return {
    ...readVerifyStatus(body),
    started: o.bool('started') ?? false,
    keyringId: o.str('keyring_id') ?? '',
    custodians: o.objects('custodians').map((entry, i) => {
      const c = wire<InitVerifyCustodian>(entry);
      return { index: c.num('index') ?? i + 1, name: c.str('name') ?? '', proven: c.bool('proven') ?? false };
    }),
    shareIndex: o.num('share_index') ?? null,
    custodian: o.str('custodian') ?? '',
  };
}
