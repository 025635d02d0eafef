/**
 * What the share-authorized ceremonies (rekey, generate-root) have in common: they run only on an
 * initialized, unsealed keyring, and a quorum of current shares is proven by reconstructing the
 * unseal key and opening the stored root key with it — the same proof unseal uses, so a ceremony
 * can never be authorized by shares that would not also unseal (API.md, "sys/rekey",
 * "sys/generate-root").
 */
import { invalid, sealedError } from '../errors.js';
import type { CoreParts } from '../core-parts.js';
import { testRootKey } from './root-key.js';
import type { SealConfig } from './seal-config.js';
import type { Seal } from './seal.js';
import type { ShareCollection } from './share-collection.js';

/** Vault's words for a ceremony endpoint called before init. */
export const NOT_INITIALIZED_MESSAGE = 'server is not yet initialized';

/** The current seal record of an open keyring; refused before init, and while sealed. */
export function requireOpenKeyring(seal: Seal): SealConfig {
  const config = seal.config();
  if (!config) throw invalid('NOT_INITIALIZED', NOT_INITIALIZED_MESSAGE);
  if (seal.sealed) throw sealedError();
  return config;
}

/**
 * Ends the share-collecting step of a ceremony at threshold: the collected current shares are
 * spent (progress cleared whatever the outcome, as Vault does) and proven when they reconstruct
 * the unseal key that opens the root key in use.
 */
export async function spendQuorum(
  parts: CoreParts,
  config: SealConfig,
  progress: ShareCollection,
): Promise<{ proven: boolean; indexes: number[] }> {
  const { outcome, indexes } = await progress.spend((unsealKey) =>
    testRootKey(parts.db, unsealKey, config, (rootKey) => parts.barrier.holdsRootKey(rootKey)),
  );
  return { proven: outcome === true, indexes };
}
