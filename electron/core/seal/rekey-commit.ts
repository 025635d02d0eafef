/**
 * The rekey commit: the one moment the new share set replaces the current one (DESIGN.md,
 * "Keys and storage"; API.md, "sys/rekey"). In ONE SQLite transaction:
 *   1. the root key, re-encrypted under the new unseal key with the new generation as AAD;
 *   2. the seal record: new generation current (commitments, custodians, fingerprints), the old
 *      one pushed to history so its shares are refused by name;
 *   3. the encrypted backup, when asked for;
 *   4. the audit entry saying so.
 * Before the commit nothing on disk has changed and the old shares unseal; after it only the new
 * ones do. A crash can land on either side but never between: there is always one valid set.
 */
import { CoreError } from '../errors.js';
import { inTransaction } from '../storage/database.js';
import type { CoreParts } from './parts.js';
import { writeRekeyBackup } from './rekey-backup.js';
import type { RekeyBackup } from './rekey-backup.js';
import type { Verification } from './rekey-request.js';
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
  const rootKey = parts.barrier.currentRootKey;
  inTransaction(parts.db, () => {
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
    });
  });
}
