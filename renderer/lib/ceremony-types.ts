/**
 * What the screens use of the share-authorized ceremony endpoints (API.md: sys/rekey/*,
 * sys/generate-root/*), read from the shapes in shared/api like api-types.ts.
 */
import type { GenerateRootStatusResponse } from '../../shared/api/generate-root.js';
import type {
  RekeyBackupData, RekeyStatusResponse, RekeyUpdateCompleteResponse, RekeyUpdateProgressResponse, RekeyVerifyCompleteResponse, RekeyVerifyProgressResponse,
  RekeyVerifyStatusResponse,
} from '../../shared/api/rekey.js';
import { readHandoutShares } from './api-types.js';
import type { HandoutShare } from './api-types.js';
import { asObject, dataOf, wire } from './read.js';

/** `required` is the current threshold: how many current shares must authorize. */
export interface RekeyStatus extends Pick<RekeyStatusResponse, 'nonce' | 'started' | 't' | 'n' | 'progress' | 'required' | 'backup'> {
  verificationRequired: boolean;
  verificationNonce: string;
  /** Symbolon: every new share, not just the new threshold, must be verified before commit. */
  verifyAll: boolean;
  /** The plan, for reading it aloud: who the new shares go to, and their PGP keys. */
  custodians: string[];
  pgpFingerprints: string[];
}

export function readRekeyStatus(body: unknown): RekeyStatus {
  const o = wire<RekeyStatusResponse>(body);
  return {
    nonce: o.str('nonce') ?? '',
    started: o.bool('started') ?? false,
    t: o.num('t') ?? 0,
    n: o.num('n') ?? 0,
    progress: o.num('progress') ?? 0,
    required: o.num('required') ?? 0,
    backup: o.bool('backup') ?? false,
    verificationRequired: o.bool('verification_required') ?? false,
    verificationNonce: o.str('verification_nonce') ?? '',
    verifyAll: o.bool('verify_all_shares') ?? false,
    custodians: o.strings('custodians'),
    pgpFingerprints: o.strings('pgp_fingerprints'),
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
  // Either shape: progress toward the quorum, or completion with the new shares.
  const o = wire<Partial<RekeyUpdateProgressResponse & RekeyUpdateCompleteResponse>>(body);
  return {
    complete: o.bool('complete') ?? false,
    progress: o.num('progress') ?? 0,
    required: o.num('required') ?? 0,
    verificationNonce: o.str('verification_nonce') ?? '',
    generation: o.num('generation') ?? null,
    shares: readHandoutShares(body),
  };
}

/** `required`: how many new shares must be verified (t, or n with verify_all_shares); 0 if absent. */
export interface VerifyStatus extends Pick<RekeyVerifyStatusResponse, 'nonce' | 't' | 'n' | 'progress' | 'required'> {
  complete: boolean;
}

export function readVerifyStatus(body: unknown): VerifyStatus {
  // Either shape: progress of the verification, or completion (the new set committed).
  const o = wire<Partial<RekeyVerifyProgressResponse & RekeyVerifyCompleteResponse>>(body);
  return {
    nonce: o.str('nonce') ?? '',
    t: o.num('t') ?? 0,
    n: o.num('n') ?? 0,
    progress: o.num('progress') ?? 0,
    required: o.num('required') ?? 0,
    complete: o.bool('complete') ?? false,
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
  const o = wire<RekeyBackupData>(dataOf(body));
  return {
    nonce: o.str('nonce') ?? '',
    generation: o.num('generation') ?? null,
    keys: messagesByKey(o.value('keys')),
    keysBase64: messagesByKey(o.value('keys_base64')),
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
  const o = wire<GenerateRootStatusResponse>(body);
  return {
    nonce: o.str('nonce') ?? '',
    started: o.bool('started') ?? false,
    progress: o.num('progress') ?? 0,
    required: o.num('required') ?? 0,
    complete: o.bool('complete') ?? false,
    encodedToken: o.str('encoded_token') ?? '',
    otp: o.str('otp') ?? '',
    otpLength: o.num('otp_length') ?? 0,
    pgpFingerprint: o.str('pgp_fingerprint') ?? '',
  };
}
