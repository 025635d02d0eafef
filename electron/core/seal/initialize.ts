/**
 * Init: make the keyring (root key, first term), split a fresh unseal key among the custodians,
 * and issue a root token. Everything is written in one transaction, so after a crash the file is
 * either uninitialized or complete. The keyring stays sealed afterwards, as in Vault.
 *
 * With `require_verification` (API.md, "Init with verification") the same transaction writes the
 * seal record as a *pending init* instead (pending-init.ts): the keyring is not initialized until
 * every custodian has proven their share (init-verify.ts), so a hand-out that is interrupted
 * can be abandoned and started again instead of leaving a keyring nobody can open.
 */
import { randomUUID } from 'node:crypto';
import { Keyring } from '../barrier/keyring.js';
import { randomKey } from '../crypto/aes-gcm.js';
import { invalid } from '../errors.js';
import { encryptForCustodian, readCustodianKey, readCustodianKeys, withPgpErrors } from '../pgp/index.js';
import type { CustodianKey } from '../pgp/index.js';
import { inTransaction } from '../storage/database.js';
import { newTokenString } from '../tokens/token-store.js';
import { toBase64 } from '../../../shared/share-forms.js';
import type { CoreParts } from '../core-parts.js';
import { pendingInitMessage, readPendingInit, writePendingInit } from './pending-init.js';
import { readSealConfig, writeSealConfig } from './seal-config.js';
import { INIT_CONFIG_PREFIX } from './share-config.js';
import type { ShareConfig } from './share-config.js';
import { writeRootKey } from './root-key.js';
import { makeShareSet } from './share-set.js';
import type { IssuedShare } from './share-set.js';

/** An init as asked for (read by the api from `PUT sys/init`); the PGP keys are parsed here. */
export interface InitPlan {
  readonly config: ShareConfig;
  readonly keyringName: string | null;
  /** True: the keyring stays pending until every share is proven (init-verify.ts). */
  readonly verification: boolean;
  /** One PGP public key per share, as given, or nothing: parsed and checked here. */
  readonly pgpKeys: unknown;
  /** A PGP public key to encrypt the root token to, as given, or nothing. */
  readonly rootTokenPgpKey: unknown;
}

export interface InitResult {
  readonly keyringId: string;
  readonly keyringName: string | null;
  readonly generation: number;
  readonly rootToken: string;
  /** True when rootToken is a base64 PGP message rather than the token itself. */
  readonly rootTokenEncrypted: boolean;
  readonly shares: readonly IssuedShare[];
  /** Set when the init is pending until every share is proven at sys/init/verify. */
  readonly verificationNonce: string | null;
}

async function custodianKeys(pgpKeys: unknown, shares: number): Promise<CustodianKey[] | null> {
  if (pgpKeys === undefined || pgpKeys === null) return null;
  if (Array.isArray(pgpKeys) && pgpKeys.length === 0) return null;
  if (Array.isArray(pgpKeys) && pgpKeys.length !== shares) {
    throw invalid('INVALID_CONFIG', `${INIT_CONFIG_PREFIX}count mismatch between number of provided PGP keys and number of shares`);
  }
  return withPgpErrors(() => readCustodianKeys(pgpKeys, shares), INIT_CONFIG_PREFIX);
}

/** Already initialized, or an init pending verification: either way no new init may start. */
function refuseIfInitialized(parts: CoreParts): void {
  if (readSealConfig(parts.db)) throw invalid('ALREADY_INITIALIZED', 'Vault is already initialized');
  const pending = readPendingInit(parts.db);
  if (pending) throw invalid('INIT_PENDING', pendingInitMessage(pending), { keyring_id: pending.keyringId });
}

export async function initialize(parts: CoreParts, plan: InitPlan): Promise<InitResult> {
  const { config, keyringName, verification } = plan;
  const keys = await custodianKeys(plan.pgpKeys, config.shares);
  const rootTokenKey =
    plan.rootTokenPgpKey === undefined || plan.rootTokenPgpKey === null || plan.rootTokenPgpKey === ''
      ? null
      : await withPgpErrors(() => readCustodianKey(plan.rootTokenPgpKey as string, 1), INIT_CONFIG_PREFIX);
  refuseIfInitialized(parts);

  const now = parts.clock();
  const keyringId = randomUUID();
  const generation = 1;
  const set = await makeShareSet(keyringId, generation, config, keys, now);
  const rootToken = newTokenString();
  const deliveredToken = rootTokenKey ? toBase64((await encryptForCustodian(rootTokenKey, rootToken)).binary) : rootToken;
  const rootKey = randomKey();
  const keyring = Keyring.create(now);
  const verificationNonce = verification ? randomUUID() : null;

  try {
    inTransaction(parts.db, () => {
      // Checked again inside the transaction: a second init may have raced past the first check.
      refuseIfInitialized(parts);
      const named = keyringName !== null ? { keyringName } : {};
      if (verificationNonce) {
        writePendingInit(parts.db, { version: 1, keyringId, ...named, record: set.record, nonce: verificationNonce, startedAt: now.toISOString(), proven: [] });
      } else {
        writeSealConfig(parts.db, { version: 1, type: 'shamir', keyringId, ...named, current: set.record, previous: [] });
      }
      writeRootKey(parts.db, set.unsealKey, rootKey, keyringId, generation);
      parts.barrier.install(rootKey, keyring);
      parts.barrier.replaceKeyring(keyring);
      parts.tokens.createRoot(rootToken);
      parts.audit.append({
        type: 'ceremony',
        ceremony: 'init',
        step: verificationNonce ? 'pending-verification' : 'initialized',
        ...(verificationNonce ? { nonce: verificationNonce } : {}),
        keyring_id: keyringId,
        keyring_name: keyringName,
        generation,
        threshold: config.threshold,
        shares: config.shares,
        custodians: set.issued.map((s) => ({ index: s.index, custodian: s.custodian, fingerprint: s.fingerprint })),
        pgp: keys !== null,
      });
      parts.barrier.seal();
    });
  } finally {
    parts.barrier.forget();
    set.unsealKey.fill(0);
    // A 1-of-1 "share" is the unseal key itself; no plain share outlives init.
    for (const share of set.plain.values()) share.fill(0);
    rootKey.fill(0);
  }
  return { keyringId, keyringName, generation, rootToken: deliveredToken, rootTokenEncrypted: rootTokenKey !== null, shares: set.issued, verificationNonce };
}
