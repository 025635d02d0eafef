/** sys/seal-status, sys/unseal and Symbolon's sys/shares/check (API.md, "sys/seal-status …"). */
import type { ShareFeedback } from './shares.js';

export interface CustodianResponse {
  index: number;
  name: string;
  fingerprint: string | null;
}

/** `GET sys/seal-status`, in Vault's field names, plus Symbolon's keyring, custodian and backup facts. */
export interface SealStatusResponse {
  type: 'shamir';
  initialized: boolean;
  sealed: boolean;
  t: number;
  n: number;
  progress: number;
  nonce: string;
  version: string;
  build_date: string;
  migration: false;
  recovery_seal: false;
  storage_type: 'sqlite';
  keyring_id: string | null;
  /** The keyring's human name from init, or null when it was given none. */
  keyring_name: string | null;
  generation: number | null;
  /** Who holds each share of the current generation (names and fingerprints are not secret). */
  custodians: CustodianResponse[];
  /** Who has entered a share in the current unseal attempt, in order (never the share). */
  progress_custodians: { index: number; name: string }[];
  /** When the last backup was taken (null: never) and which generation's shares open it. */
  last_backup_time: string | null;
  last_backup_generation: number | null;
  /** True when a rekey since the last backup means that backup needs older shares. */
  last_backup_predates_generation: boolean | null;
  /** Vault names its cluster only once unsealed (the cluster record is behind the barrier). */
  cluster_name?: string;
  cluster_id?: string;
}

/** `PUT sys/unseal`: a share, or `reset: true` to forget the shares given so far. */
export type UnsealRequest = { key: string } | { reset: true };

/** `PUT sys/unseal`: the seal status, and whose share was accepted (none after a reset). */
export type UnsealResponse = SealStatusResponse &
  (ShareFeedback | Record<never, never>) & {
    /** The share had already been given in this attempt (ignored, as in Vault). */
    share_duplicate?: true;
  };

/** `PUT sys/shares/check`: the share is one of the current generation's (else a 400 says why). */
export interface ShareCheckResponse extends ShareFeedback {
  valid: true;
  generation: number;
}
