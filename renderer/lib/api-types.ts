/**
 * The shapes the screens use, read from the API's answers (shared/api: Vault field names plus
 * Symbolon's additions), each field by the name the server sends. Every `read*` function accepts
 * `unknown` and never throws: missing fields become defaults, so a screen shows "unknown" instead
 * of crashing mid-ceremony.
 */
import type { InitResponse } from '../../shared/api/init.js';
import type { CustodianResponse, SealStatusResponse, UnsealResponse } from '../../shared/api/seal.js';
import type { IssuedShareResponse, IssuedSharesResponse, ShareFeedback } from '../../shared/api/shares.js';
import type { KeyStatusData, RotateConfigData } from '../../shared/api/rotation.js';
import { dataOf, wire } from './read.js';

/** The seal status as screens use it: Vault's fields as the server names them, Symbolon's with defaults. */
export interface SealStatus extends Pick<SealStatusResponse, 'initialized' | 'sealed' | 't' | 'n' | 'progress' | 'nonce' | 'version'> {
  keyringId: string;
  /** The human name chosen at init ('' when none). */
  keyringName: string;
  generation: number | null;
  custodians: string[];
  /** The current share set as seal-status lists it: index, custodian name, PGP fingerprint ('' without). */
  currentCustodians: { index: number; name: string; fingerprint: string }[];
  /** Who has entered a share in the current unseal attempt (names survive a reload). */
  progressCustodians: { shareIndex: number | null; custodian: string }[];
  /** When the last backup was taken (ISO time, '' for never), which generation opens it, and whether a rekey outdated it. */
  lastBackupTime: string;
  lastBackupGeneration: number | null;
  lastBackupOutdated: boolean;
}

export function readSealStatus(body: unknown): SealStatus {
  const o = wire<SealStatusResponse>(body);
  return {
    initialized: o.bool('initialized') ?? false,
    sealed: o.bool('sealed') ?? true,
    t: o.num('t') ?? 0,
    n: o.num('n') ?? 0,
    progress: o.num('progress') ?? 0,
    nonce: o.str('nonce') ?? '',
    version: o.str('version') ?? '',
    keyringId: o.str('keyring_id') ?? '',
    keyringName: o.str('keyring_name') ?? '',
    generation: o.num('generation') ?? null,
    custodians: o.objects('custodians').map((c) => wire<CustodianResponse>(c).str('name') ?? '').filter((n) => n !== ''),
    currentCustodians: o.objects('custodians').map((c, i) => {
      const entry = wire<CustodianResponse>(c);
      return { index: entry.num('index') ?? i + 1, name: entry.str('name') ?? '', fingerprint: entry.str('fingerprint') ?? '' };
    }),
    progressCustodians: o.objects('progress_custodians').map((c) => {
      const entry = wire<SealStatusResponse['progress_custodians'][number]>(c);
      return { shareIndex: entry.num('index') ?? null, custodian: entry.str('name') ?? '' };
    }),
    lastBackupTime: o.str('last_backup_time') ?? '',
    lastBackupGeneration: o.num('last_backup_generation') ?? null,
    lastBackupOutdated: o.bool('last_backup_predates_generation') ?? false,
  };
}

/** Which share the server just accepted (Symbolon's per-share verdict). */
export interface ShareVerdict {
  shareIndex: number | null;
  custodian: string;
  /** The server saw this share already in the current attempt (progress unchanged). */
  duplicate: boolean;
}

export function readVerdict(body: unknown): ShareVerdict {
  const o = wire<ShareFeedback & Pick<UnsealResponse, 'share_duplicate'>>(body);
  return {
    shareIndex: o.num('share_index') ?? null,
    custodian: o.str('custodian') ?? '',
    duplicate: o.bool('share_duplicate') ?? false,
  };
}

/** One share to hand out, at init or at rekey. Secret: lives only in the ceremony slice. */
export interface HandoutShare {
  /** 1-based position in the hand-out order. */
  position: number;
  index: number;
  custodian: string;
  fingerprint: string;
  /** Symbolon's human share text (check-character groups); empty when PGP-encrypted. */
  text: string;
  hex: string;
  base64: string;
  /** ASCII-armored PGP message of the share, for PGP custodians. */
  armored: string;
  pgpEncrypted: boolean;
}

/** Reads `keys`, `keys_base64` and Symbolon's `shares` (init and rekey completion). */
export function readHandoutShares(body: unknown): HandoutShare[] {
  const o = wire<IssuedSharesResponse>(body);
  const hex = o.strings('keys');
  const b64 = o.strings('keys_base64');
  const extra = o.objects('shares');
  const count = Math.max(hex.length, b64.length, extra.length);
  return Array.from({ length: count }, (_, i) => {
    const s = wire<IssuedShareResponse>(extra[i]);
    const fingerprint = s.str('fingerprint') ?? '';
    const text = s.str('text') ?? '';
    const armored = s.str('pgp_armored') ?? '';
    return {
      position: i + 1,
      index: s.num('index') ?? i + 1,
      custodian: s.str('custodian') ?? `Custodian ${i + 1}`,
      fingerprint,
      text,
      hex: hex[i] ?? '',
      base64: b64[i] ?? '',
      armored,
      // The server sends the text only when the share is not encrypted to the custodian's key.
      pgpEncrypted: armored !== '' || (fingerprint !== '' && text === ''),
    };
  });
}

export interface InitResult {
  rootToken: string;
  keyringId: string;
  keyringName: string;
  generation: number | null;
  shares: HandoutShare[];
  /** Set when the keyring is pending until every share is proven at sys/init/verify. */
  verificationNonce: string;
}

export function readInitResult(body: unknown): InitResult {
  const o = wire<InitResponse>(body);
  return {
    rootToken: o.str('root_token') ?? '',
    keyringId: o.str('keyring_id') ?? '',
    keyringName: o.str('keyring_name') ?? '',
    generation: o.num('generation') ?? null,
    shares: readHandoutShares(body),
    verificationNonce: o.str('verification_nonce') ?? '',
  };
}

export interface KeyStatus {
  term: number;
  installTime: string;
  encryptions: number | null;
}

export function readKeyStatus(body: unknown): KeyStatus {
  const o = wire<KeyStatusData>(dataOf(body));
  return { term: o.num('term') ?? 0, installTime: o.str('install_time') ?? '', encryptions: o.num('encryptions') ?? null };
}

export interface RotateConfig {
  maxOperations: number;
  enabled: boolean;
  interval: string;
}

export function readRotateConfig(body: unknown): RotateConfig {
  const o = wire<RotateConfigData>(dataOf(body));
  const interval = o.value('interval');
  return {
    maxOperations: o.num('max_operations') ?? 0,
    enabled: o.bool('enabled') ?? true,
    // 0 when off, else Go's duration text.
    interval: typeof interval === 'number' ? String(interval) : typeof interval === 'string' ? interval : '0',
  };
}
