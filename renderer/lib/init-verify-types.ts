/**
 * Shapes of init with verification (API.md, "Init with verification"): `GET|PUT sys/init/verify`
 * read tolerantly like api-types.ts; the common fields are those of a rekey's verify status.
 * Names and proven flags are not secret.
 */
import { readVerifyStatus } from './ceremony-types.js';
import type { VerifyStatus } from './ceremony-types.js';
import { asObject, bool, num, objects, str } from './read.js';

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
  const o = asObject(body);
  return {
    ...readVerifyStatus(o),
    started: bool(o, 'started') ?? false,
    keyringId: str(o, 'keyring_id') ?? '',
    custodians: objects(o, 'custodians').map((c, i) => ({ index: num(c, 'index') ?? i + 1, name: str(c, 'name') ?? '', proven: bool(c, 'proven') ?? false })),
    shareIndex: num(o, 'share_index') ?? null,
    custodian: str(o, 'custodian') ?? '',
  };
}
