/**
 * The seal record: the plaintext facts needed to unseal, and nothing secret. It names the keyring,
 * the current share generation, T-of-N, and for each share index its custodian, PGP fingerprint
 * and salted commitment. Commitments of earlier generations are kept so an old share can be told
 * apart from a foreign one ("this share belongs to generation 2; the current one is 4").
 */
import type { Db } from '../storage/database.js';

export const SEAL_CONFIG_NAME = 'config';
export const ROOT_KEY_NAME = 'root-key';
/** Earlier generations remembered for feedback; older ones are only "not a member". */
export const GENERATION_HISTORY_LIMIT = 64;

export interface ShareRecord {
  /** 1-based position of the share in its set, as custodians are told. */
  readonly index: number;
  readonly custodian: string;
  /** Lowercase hex fingerprint of the custodian's PGP key, when the share was encrypted to one. */
  readonly fingerprint: string | null;
  readonly salt: string;
  readonly commitment: string;
}

export interface GenerationRecord {
  readonly generation: number;
  readonly threshold: number;
  readonly shares: readonly ShareRecord[];
  readonly createdAt: string;
}

export interface SealConfig {
  readonly version: 1;
  readonly type: 'shamir';
  readonly keyringId: string;
  /**
   * The human name chosen at init (keyring-name.ts). Optional in the JSON record, so records
   * written before names existed read as unnamed: no migration.
   */
  readonly keyringName?: string;
  readonly current: GenerationRecord;
  readonly previous: readonly GenerationRecord[];
}

export function readSealConfig(db: Db): SealConfig | null {
  const row = db.prepare('SELECT value FROM seal WHERE name = ?').get(SEAL_CONFIG_NAME) as { value: Buffer } | undefined;
  if (!row) return null;
  const config = JSON.parse(row.value.toString('utf8')) as SealConfig;
  if (config.version !== 1 || config.type !== 'shamir') throw new Error('unknown seal record format');
  return config;
}

export function writeSealConfig(db: Db, config: SealConfig): void {
  putSealValue(db, SEAL_CONFIG_NAME, Buffer.from(JSON.stringify(config), 'utf8'));
}

export function readSealValue(db: Db, name: string): Buffer | null {
  const row = db.prepare('SELECT value FROM seal WHERE name = ?').get(name) as { value: Buffer } | undefined;
  return row?.value ?? null;
}

export function putSealValue(db: Db, name: string, value: Buffer): void {
  db.prepare('INSERT INTO seal (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value').run(name, value);
}

/** The next seal record after a rekey: new generation current, the old one pushed to history. */
export function nextGeneration(config: SealConfig, next: GenerationRecord): SealConfig {
  return {
    ...config,
    current: next,
    previous: [config.current, ...config.previous].slice(0, GENERATION_HISTORY_LIMIT),
  };
}
