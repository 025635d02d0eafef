/** sys/init and Symbolon's sys/init/verify (API.md, "sys/init", "Init with verification"). */
import type { IssuedSharesResponse, ShareFeedback, VerificationComplete, VerifyStatusResponse } from './shares.js';

/** `PUT sys/init`: Vault's fields plus Symbolon's custodian names, keyring name and verification. */
export interface InitRequest {
  secret_shares: number;
  secret_threshold: number;
  custodians?: string[];
  pgp_keys?: string[];
  root_token_pgp_key?: string;
  keyring_name?: string;
  require_verification?: boolean;
}

export interface InitResponse extends IssuedSharesResponse {
  root_token: string;
  keyring_id: string;
  /** Only when a name was given. */
  keyring_name?: string;
  generation: number;
  /** Only when verification was asked for: the keyring is pending until every share is proven. */
  verification_required?: true;
  verification_nonce?: string;
}

export interface InitVerifyCustodian {
  index: number;
  name: string;
  fingerprint: string | null;
  proven: boolean;
}

/** `GET sys/init/verify` (`required` is n: every share must be proven). */
export interface InitVerifyStatusResponse extends VerifyStatusResponse {
  keyring_id: string | null;
  started_at: string | null;
  custodians: InitVerifyCustodian[];
}

/** `PUT sys/init/verify`, while shares are still to be proven. */
export type InitVerifyProgressResponse = InitVerifyStatusResponse & ShareFeedback;

/** `PUT sys/init/verify`, when the last share was proven: the keyring is initialized (sealed). */
export interface InitVerifyCompleteResponse extends VerificationComplete {
  keyring_id: string;
}

export type InitVerifyUpdateResponse = InitVerifyProgressResponse | InitVerifyCompleteResponse;
