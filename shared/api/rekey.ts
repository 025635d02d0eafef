/** sys/rekey/init, sys/rekey/update, sys/rekey/verify, sys/rekey/backup (API.md, "sys/rekey"). */
import type { CeremonyProgress, IssuedSharesResponse, ShareFeedback, VerificationComplete, VerifyStatusResponse } from './shares.js';

/** `PUT sys/rekey/init`: Vault's fields plus Symbolon's `custodians` and `verify_all_shares`. */
export interface RekeyInitRequest {
  secret_shares: number;
  secret_threshold: number;
  custodians?: string[];
  pgp_keys?: string[];
  backup?: boolean;
  require_verification?: boolean;
  /** Every new share, not just the new threshold, must be proven before the commit. */
  verify_all_shares?: boolean;
}

/**
 * `GET|PUT sys/rekey/init`, in Vault's field names, plus Symbolon's `verify_all_shares` and
 * `custodians`: `t` and `n` are the plan's; `required` is the current threshold, how many current
 * shares must authorize.
 */
export interface RekeyStatusResponse extends CeremonyProgress {
  pgp_fingerprints: string[] | null;
  backup: boolean;
  verification_required: boolean;
  verification_nonce: string;
  verify_all_shares: boolean;
  /** The names the new shares will be issued to, so the whole plan can be read before authorizing it. */
  custodians: string[];
}

/** `PUT sys/rekey/update` while the authorizing quorum is incomplete. */
export type RekeyUpdateProgressResponse = RekeyStatusResponse & ShareFeedback;

/** `PUT sys/rekey/update` with the last authorizing share: the new shares. */
export interface RekeyUpdateCompleteResponse extends IssuedSharesResponse, ShareFeedback {
  nonce: string;
  complete: true;
  pgp_fingerprints: string[] | null;
  backup: boolean;
  verification_required: boolean;
  /** Only when verification is required. */
  verification_nonce?: string;
  keyring_id: string;
  generation: number;
  /** False while the new shares await verification. */
  committed: boolean;
}

export type RekeyUpdateResponse = RekeyUpdateProgressResponse | RekeyUpdateCompleteResponse;

export type RekeyVerifyStatusResponse = VerifyStatusResponse;

/** `PUT sys/rekey/verify` while new shares are still to be proven. */
export type RekeyVerifyProgressResponse = RekeyVerifyStatusResponse & ShareFeedback;

/** `PUT sys/rekey/verify` with the last share: the new set is committed. */
export interface RekeyVerifyCompleteResponse extends VerificationComplete {
  generation: number;
}

export type RekeyVerifyUpdateResponse = RekeyVerifyProgressResponse | RekeyVerifyCompleteResponse;

/**
 * `GET sys/rekey/backup` (logical envelope, with the data also at the top level): the new shares
 * as PGP messages, grouped by custodian key fingerprint, hex and base64 as Vault gives them.
 */
export interface RekeyBackupData {
  nonce: string;
  keys: Record<string, string[]>;
  keys_base64: Record<string, string[]>;
  generation: number;
}
