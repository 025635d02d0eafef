/**
 * The shapes the screens use, read from API.md responses (Vault field names plus Symbolon's
 * additions). Every `read*` function accepts `unknown` and never throws: missing fields become
 * defaults, so a screen shows "unknown" instead of crashing mid-ceremony.
 */
import { asObject, bool, dataOf, num, objects, str, strings } from './read.js';
import type { Json } from './read.js';

export interface SealStatus {
  initialized: boolean;
  sealed: boolean;
  t: number;
  n: number;
  progress: number;
  nonce: string;
  version: string;
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
  const o = asObject(body);
  return {
    initialized: bool(o, 'initialized') ?? false,
    sealed: bool(o, 'sealed') ?? true,
    t: num(o, 't') ?? 0,
    n: num(o, 'n') ?? 0,
    progress: num(o, 'progress') ?? 0,
    nonce: str(o, 'nonce') ?? '',
    version: str(o, 'version') ?? '',
    keyringId: str(o, 'keyring_id') ?? '',
    keyringName: str(o, 'keyring_name') ?? '',
    generation: num(o, 'generation') ?? null,
    custodians: custodianNames(o),
    currentCustodians: objects(o, 'custodians').map((c, i) => ({ index: num(c, 'index') ?? i + 1, name: str(c, 'name', 'custodian') ?? '', fingerprint: str(c, 'fingerprint') ?? '' })),
    progressCustodians: objects(o, 'progress_custodians').map((c) => ({ shareIndex: num(c, 'index') ?? null, custodian: str(c, 'name') ?? '' })),
    lastBackupTime: str(o, 'last_backup_time') ?? '',
    lastBackupGeneration: num(o, 'last_backup_generation') ?? null,
    lastBackupOutdated: bool(o, 'last_backup_predates_generation') ?? false,
  };
}

function custodianNames(o: Json): string[] {
  const names = strings(o, 'custodians');
  if (names.length > 0) return names;
  return objects(o, 'custodians').map((c) => str(c, 'name', 'custodian') ?? '').filter((n) => n !== '');
}

/** Which share the server just accepted (Symbolon's per-share verdict). */
export interface ShareVerdict {
  shareIndex: number | null;
  custodian: string;
  /** The server saw this share already in the current attempt (progress unchanged). */
  duplicate: boolean;
}

export function readVerdict(body: unknown): ShareVerdict {
  const o = asObject(body);
  const share = asObject(o.share);
  return {
    shareIndex: num(o, 'share_index', 'index') ?? num(share, 'index', 'share_index') ?? null,
    custodian: str(o, 'custodian', 'custodian_name') ?? str(share, 'custodian', 'name') ?? '',
    duplicate: bool(o, 'share_duplicate', 'duplicate') ?? false,
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
  const o = asObject(body);
  const hex = strings(o, 'keys');
  const b64 = strings(o, 'keys_base64');
  const extra = objects(o, 'shares');
  const fingerprints = strings(o, 'pgp_fingerprints');
  const count = Math.max(hex.length, b64.length, extra.length);
  return Array.from({ length: count }, (_, i) => {
    const s = extra[i] ?? {};
    const fingerprint = str(s, 'fingerprint', 'pgp_fingerprint') ?? fingerprints[i] ?? '';
    const text = str(s, 'text', 'share_text', 'human', 'share') ?? '';
    const armored = str(s, 'pgp_armored', 'armored') ?? '';
    return {
      position: i + 1,
      index: num(s, 'index', 'share_index') ?? i + 1,
      custodian: str(s, 'custodian', 'name') ?? `Custodian ${i + 1}`,
      fingerprint,
      text,
      hex: hex[i] ?? '',
      base64: b64[i] ?? '',
      armored,
      pgpEncrypted: bool(s, 'pgp_encrypted', 'encrypted') ?? (armored !== '' || (fingerprint !== '' && text === '')),
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
  const o = asObject(body);
  return {
    rootToken: str(o, 'root_token') ?? '',
    keyringId: str(o, 'keyring_id') ?? '',
    keyringName: str(o, 'keyring_name') ?? '',
    generation: num(o, 'generation') ?? null,
    shares: readHandoutShares(o),
    verificationNonce: str(o, 'verification_nonce') ?? '',
  };
}

export interface KeyStatus {
  term: number;
  installTime: string;
  encryptions: number | null;
}

export function readKeyStatus(body: unknown): KeyStatus {
  const o = dataOf(body);
  return { term: num(o, 'term') ?? 0, installTime: str(o, 'install_time') ?? '', encryptions: num(o, 'encryptions') ?? null };
}

export interface RotateConfig {
  maxOperations: number;
  enabled: boolean;
  interval: string;
}

export function readRotateConfig(body: unknown): RotateConfig {
  const o = dataOf(body);
  const interval = o.interval;
  return {
    maxOperations: num(o, 'max_operations') ?? 0,
    enabled: bool(o, 'enabled') ?? true,
    interval: typeof interval === 'number' ? String(interval) : (str(o, 'interval') ?? '0'),
  };
}
