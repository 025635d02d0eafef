/**
 * What the share-authorized ceremonies (rekey, generate-root) have in common: they run only on an
 * initialized, unsealed keyring, and a quorum of current shares is proven by reconstructing the
 * unseal key and opening the stored root key with it — the same proof unseal uses, so a ceremony
 * can never be authorized by shares that would not also unseal (API.md, "sys/rekey",
 * "sys/generate-root").
 */
import { invalid, sealedError } from '../errors.js';
import type { CoreParts } from './parts.js';
import { readRootKey } from './root-key.js';
import type { SealConfig } from './seal-config.js';
import type { Seal } from './seal.js';
import { combineShares } from './shamir.js';
import type { JudgedShare } from './share-judge.js';

/** Vault's words for a ceremony endpoint called before init. */
export const NOT_INITIALIZED_MESSAGE = 'server is not yet initialized';

/** The current seal record of an open keyring; 400 before init, 503 while sealed. */
export function requireOpenKeyring(seal: Seal): SealConfig {
  const config = seal.config();
  if (!config) throw invalid('NOT_INITIALIZED', NOT_INITIALIZED_MESSAGE);
  if (seal.sealed) throw sealedError();
  return config;
}

/**
 * True when the shares reconstruct the current unseal key: it decrypts the stored root key (whose
 * additional data names this keyring and generation) and that root key is the one in use.
 * Every intermediate secret is wiped before returning.
 */
export async function proveQuorum(parts: CoreParts, config: SealConfig, shares: readonly JudgedShare[]): Promise<boolean> {
  const current = config.current;
  let unsealKey: Uint8Array;
  try {
    unsealKey = await combineShares(shares.map((s) => s.bytes), current.threshold, current.shares.length);
  } catch {
    // The Shamir library refuses malformed point sets (e.g. repeated x-coordinates); for the
    // caller that is simply "these shares do not reconstruct the key".
    return false;
  }
  let rootKey: Buffer | null = null;
  try {
    rootKey = readRootKey(parts.db, unsealKey, config.keyringId, current.generation);
    if (!rootKey) return false;
    return parts.barrier.holdsRootKey(rootKey);
  } finally {
    unsealKey.fill(0);
    rootKey?.fill(0);
  }
}

/** Wipes the share bytes a ceremony collected, when it ends either way. */
export function wipeShares(shares: Iterable<JudgedShare>): void {
  for (const share of shares) share.bytes.fill(0);
}

/**
 * Ends the share-collecting step of a ceremony at threshold: the collected shares are taken out of
 * its progress (cleared whatever the outcome, as Vault does), proven, and wiped.
 */
export async function spendQuorum(
  parts: CoreParts,
  config: SealConfig,
  progress: Map<number, JudgedShare>,
): Promise<{ proven: boolean; indexes: number[] }> {
  const shares = [...progress.values()];
  progress.clear();
  try {
    return { proven: await proveQuorum(parts, config, shares), indexes: shares.map((s) => s.index) };
  } finally {
    wipeShares(shares);
  }
}
