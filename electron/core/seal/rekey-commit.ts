/**
 * The rekey commit: the one moment the new share set replaces the current one (DESIGN.md,
 * "Keys and storage", "Rekey replaces both"; API.md, "A rekey revokes the old shares for real").
 * In ONE SQLite transaction (Barrier.commitRootKey):
 *   1. a NEW root key, encrypted under the new unseal key with the new generation as AAD;
 *   2. the keyring, with a NEW active term, encrypted under that new root key;
 *   3. the seal record: new generation current (commitments, custodians, fingerprints), the old
 *      one pushed to history so its shares are refused by name;
 *   4. the encrypted backup, when asked for (under the new term);
 *   5. the audit entry saying so.
 * Why both keys: the old shares open the old root key, and anyone who kept a copy of the file
 * from before the rekey holds it encrypted under the old unseal key. Re-encrypting the same root
 * key under the new unseal key (as this file once did) let old shares + old copy open the
 * current keyring and everything written after. Now they open only the old root key, which opens
 * only the old copy's keyring: terms up to the rekey, never the term installed here.
 * Before the commit nothing on disk has changed and the old shares unseal; after it only the new
 * ones do. A crash can land on either side but never between: there is always one valid set.
 */
import { randomKey } from '../crypto/aes-gcm.js';
import { CoreError } from '../errors.js';
import type { CoreParts } from '../core-parts.js';
import { writeRekeyBackup } from './rekey-backup.js';
import type { RekeyBackup } from './rekey-backup.js';
import type { Verification } from './rekey-plan.js';
import { writeRootKey } from './root-key.js';
import { nextGeneration, readSealConfig, writeSealConfig } from './seal-config.js';
import type { GenerationRecord } from './seal-config.js';

export interface RekeyCommit {
  readonly nonce: string;
  readonly keyringId: string;
  readonly unsealKey: Uint8Array;
  readonly record: GenerationRecord;
  readonly backup: RekeyBackup | null;
  readonly verification: Verification;
  /** Indexes of the new shares proven before the commit (empty without verification). */
  readonly verified: readonly number[];
}

export function commitRekey(parts: CoreParts, commit: RekeyCommit): void {
  // Throws "sealed" when the keyring sealed meanwhile: then nothing is written.
  const next = parts.barrier.currentKeyring.withNewTerm(parts.clock());
  const rootKey = randomKey();
  try {
    parts.barrier.commitRootKey(rootKey, next, () => {
      // Read again inside the transaction: the record must still be the generation this rekey
      // was authorized against, or two commits could both claim the next generation.
      const stored = readSealConfig(parts.db);
      if (!stored || stored.keyringId !== commit.keyringId || stored.current.generation !== commit.record.generation - 1) {
        throw new CoreError('conflict', 'REKEY_CONFLICT', 'the seal record changed during this rekey; start a new rekey');
      }
      writeRootKey(parts.db, commit.unsealKey, rootKey, commit.keyringId, commit.record.generation);
      writeSealConfig(parts.db, nextGeneration(stored, commit.record));
      if (commit.backup) writeRekeyBackup(parts.barrier, commit.backup);
      parts.audit.append({
        type: 'ceremony',
        ceremony: 'rekey',
        step: 'committed',
        nonce: commit.nonce,
        keyring_id: commit.keyringId,
        from_generation: stored.current.generation,
        generation: commit.record.generation,
        threshold: commit.record.threshold,
        shares: commit.record.shares.length,
        custodians: commit.record.shares.map((s) => ({ index: s.index, custodian: s.custodian, fingerprint: s.fingerprint })),
        backup: commit.backup !== null,
        verification: commit.verification,
        verified: [...commit.verified],
        // Names the new pair without revealing it: records under earlier terms want a rewrap.
        root_key: 'replaced',
        active_term: next.activeTerm,
      });
    });
  } finally {
    rootKey.fill(0);
  }
}
