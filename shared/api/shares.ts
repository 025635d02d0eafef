/** Wire pieces every share-taking ceremony endpoint has in common (API.md, "Shares"). */

/** The body of a share-taking PUT: the share (hex, base64 or share text) and the attempt's nonce. */
export interface ShareRequest {
  key: string;
  nonce: string;
}

/** Symbolon's per-share verdict, in the answer to every accepted share: whose share it was. */
export interface ShareFeedback {
  share_index: number;
  custodian: string;
}

/**
 * One issued share in Symbolon's `shares` (sys/init and a completed rekey): `text` only when it is
 * not PGP-encrypted, `pgp_armored` only when it is.
 */
export interface IssuedShareResponse {
  index: number;
  custodian: string;
  fingerprint: string | null;
  text: string | null;
  pgp_armored: string | null;
}

/**
 * The shares as Vault gives them (`keys`, `keys_base64`: hex and base64 of each share or of its
 * PGP message), plus Symbolon's `shares`, in the same order.
 */
export interface IssuedSharesResponse {
  keys: string[];
  keys_base64: string[];
  shares: IssuedShareResponse[];
}

/**
 * Where a share-collecting attempt stands, in Vault's names: its nonce, whether it runs, the
 * threshold and share count of the set it makes or proves, and the shares given so far.
 */
export interface CeremonyProgress {
  nonce: string;
  started: boolean;
  t: number;
  n: number;
  progress: number;
  /** Symbolon: how many shares this attempt needs (what that counts is said by each endpoint). */
  required: number;
}

/**
 * `GET sys/rekey/verify`, and the progress part of `GET sys/init/verify`: `required` is how many
 * new shares must be proven (t, or n where every share must be).
 */
export type VerifyStatusResponse = CeremonyProgress;

/** The answer to the share that completed a verification: its attempt's nonce, and whose share it was. */
export interface VerificationComplete extends ShareFeedback {
  nonce: string;
  complete: true;
}
