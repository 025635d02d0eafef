/**
 * Shapes of the share-authorized ceremony endpoints (API.md: sys/rekey/*, sys/generate-root/*),
 * read tolerantly like api-types.ts.
 */
import { readHandoutShares } from './api-types.js';
import type { HandoutShare } from './api-types.js';
import { asObject, bool, dataOf, num, str, strings } from './read.js';

export interface RekeyStatus {
  nonce: string;
  started: boolean;
  t: number;
  n: number;
  progress: number;
  /** The current threshold: how many current shares must authorize. */
  required: number;
  backup: boolean;
  verificationRequired: boolean;
  verificationNonce: string;
  /** Symbolon: every new share, not just the new threshold, must be verified before commit. */
  verifyAll: boolean;
  /** The plan, for reading it aloud: who the new shares go to, and their PGP keys. */
  custodians: string[];
  pgpFingerprints: string[];
}

export function readRekeyStatus(body: unknown): RekeyStatus {
  const o = asObject(body);
  return {
    nonce: str(o, 'nonce') ?? '',
    started: bool(o, 'started') ?? false,
    t: num(o, 't') ?? 0,
    n: num(o, 'n') ?? 0,
    progress: num(o, 'progress') ?? 0,
    required: num(o, 'required') ?? 0,
    backup: bool(o, 'backup') ?? false,
    verificationRequired: bool(o, 'verification_required') ?? false,
    verificationNonce: str(o, 'verification_nonce') ?? '',
    verifyAll: bool(o, 'verify_all_shares') ?? false,
    custodians: strings(o, 'custodians'),
    pgpFingerprints: strings(o, 'pgp_fingerprints'),
  };
}

/** Answer of `sys/rekey/update`: progress, or completion with the new shares. */
export interface RekeyUpdate {
  complete: boolean;
  progress: number;
  required: number;
  verificationNonce: string;
  generation: number | null;
  shares: HandoutShare[];
}

export function readRekeyUpdate(body: unknown): RekeyUpdate {
  const o = asObject(body);
  return {
    complete: bool(o, 'complete') ?? false,
    progress: num(o, 'progress') ?? 0,
    required: num(o, 'required') ?? 0,
    verificationNonce: str(o, 'verification_nonce') ?? '',
    generation: num(o, 'generation') ?? null,
    shares: readHandoutShares(o),
  };
}

export interface VerifyStatus {
  nonce: string;
  t: number;
  n: number;
  progress: number;
  /** Symbolon: how many new shares must be verified (t, or n with verify_all_shares); 0 if absent. */
  required: number;
  complete: boolean;
}

export function readVerifyStatus(body: unknown): VerifyStatus {
  const o = asObject(body);
  return {
    nonce: str(o, 'nonce') ?? '',
    t: num(o, 't') ?? 0,
    n: num(o, 'n') ?? 0,
    progress: num(o, 'progress') ?? 0,
    required: num(o, 'required') ?? 0,
    complete: bool(o, 'complete') ?? false,
  };
}

/**
 * `GET sys/rekey/backup`: the new shares as PGP messages, grouped by custodian key fingerprint
 * (hex and base64 of each message, as Vault gives them). Encrypted, so safe to save as a file.
 */
export interface RekeyBackup {
  nonce: string;
  generation: number | null;
  keys: Record<string, string[]>;
  keysBase64: Record<string, string[]>;
}

/** A fingerprint → messages map; anything that is not a list of strings is dropped. */
function messagesByKey(value: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [fingerprint, list] of Object.entries(asObject(value))) {
    if (Array.isArray(list)) out[fingerprint] = list.filter((x): x is string => typeof x === 'string');
  }
  return out;
}

export function readRekeyBackup(body: unknown): RekeyBackup {
  const o = dataOf(body);
  return {
    nonce: str(o, 'nonce') ?? '',
    generation: num(o, 'generation') ?? null,
    keys: messagesByKey(o.keys),
    keysBase64: messagesByKey(o.keys_base64),
  };
}

export interface GenerateRootStatus {
  nonce: string;
  started: boolean;
  progress: number;
  required: number;
  complete: boolean;
  encodedToken: string;
  /** Only in the answer to the PUT that started the attempt; shown once, kept in memory. */
  otp: string;
  otpLength: number;
  pgpFingerprint: string;
}

export function readGenerateRootStatus(body: unknown): GenerateRootStatus {
  const o = asObject(body);
  return {
    nonce: str(o, 'nonce') ?? '',
    started: bool(o, 'started') ?? false,
    progress: num(o, 'progress') ?? 0,
    required: num(o, 'required') ?? 0,
    complete: bool(o, 'complete') ?? false,
    encodedToken: str(o, 'encoded_token', 'encoded_root_token') ?? '',
    otp: str(o, 'otp') ?? '',
    otpLength: num(o, 'otp_length') ?? 0,
    pgpFingerprint: str(o, 'pgp_fingerprint') ?? '',
  };
}
