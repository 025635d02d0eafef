/**
 * Init with verification (API.md, "Init with verification"; Vault has it only for rekey): every
 * custodian proves their share of a pending init, each judged at entry as at unseal, and only the
 * last proof initializes the keyring, by moving the pending seal record to `config` in one
 * transaction. Every share is required (N of N, not a threshold): a share nobody read back is a
 * share that may not exist on paper, and the point is that the issued set can open the keyring.
 *
 * Progress is persisted (the indexes proven, never a share), so a crash or a restart loses
 * nothing already proven. Abandoning removes everything the pending init wrote (its root key,
 * keyring and root token: nothing else can be stored before init) so the ceremony starts again.
 */
import { CoreError, invalid } from '../errors.js';
import { inTransaction } from '../storage/database.js';
import type { CoreParts } from '../core-parts.js';
import { deletePendingInit, readPendingInit, writePendingInit } from './pending-init.js';
import type { PendingInit } from './pending-init.js';
import type { VerifyState } from './rekey.js';
import { ROOT_KEY_NAME, readSealConfig, writeSealConfig } from './seal-config.js';
import { duplicateShare, offerShare, ShareCollection } from './share-collection.js';
import type { AcceptedShare } from './share-collection.js';
import type { DecodedShare } from './share-judge.js';

/** A pending init's verification, with the names of who has proven and who has not. */
export interface InitVerifyState extends VerifyState {
  /** `required` is N here: every share must be proven. */
  readonly keyringId: string | null;
  readonly startedAt: string | null;
  readonly custodians: readonly { readonly index: number; readonly name: string; readonly fingerprint: string | null; readonly proven: boolean }[];
}

export interface InitVerifyOutcome {
  readonly status: InitVerifyState;
  readonly accepted: AcceptedShare;
  /** Set when this share was the last one: the keyring is now initialized (and sealed). */
  readonly initialized: { readonly nonce: string; readonly keyringId: string } | null;
}

const IDLE: InitVerifyState = { nonce: '', started: false, threshold: 0, shares: 0, progress: 0, required: 0, keyringId: null, startedAt: null, custodians: [] };

export class InitVerification {
  constructor(
    private readonly parts: CoreParts,
    /** Called after the keyring became initialized or the pending init was removed. */
    private readonly changed: () => void,
  ) {}

  status(): InitVerifyState {
    const pending = readPendingInit(this.parts.db);
    return pending ? statusOf(pending) : IDLE;
  }

  /** One issued share, read back by its custodian. */
  async prove(decoded: DecodedShare, nonce: string): Promise<InitVerifyOutcome> {
    return this.parts.lock.run(() => {
      return offerShare(decoded, async () => {
        const pending = this.requirePending();
        if (nonce !== pending.nonce) {
          throw invalid('NONCE_MISMATCH', `incorrect nonce supplied; nonce for this verify operation is "${pending.nonce}"`);
        }
        const total = pending.record.shares.length;
        // The commitment is the whole proof, so no bytes are kept; progress is the indexes persisted.
        const proofs = new ShareCollection({ against: { keyringId: pending.keyringId, expected: pending.record, history: [] }, needed: total, keepBytes: false, given: pending.proven });
        const { accepted, duplicate } = proofs.accept(decoded);
        if (duplicate) throw duplicateShare(accepted, 'verify');
        const next: PendingInit = { ...pending, proven: proofs.indexes() };
        const last = proofs.complete;
        inTransaction(this.parts.db, () => {
          this.requireSame(pending);
          this.record('verify-share-accepted', pending, { share_index: accepted.index, custodian: accepted.custodian, progress: next.proven.length, required: total });
          if (!last) {
            writePendingInit(this.parts.db, next);
            return;
          }
          writeSealConfig(this.parts.db, { version: 1, type: 'shamir', keyringId: pending.keyringId, ...(pending.keyringName !== undefined ? { keyringName: pending.keyringName } : {}), current: pending.record, previous: [] });
          deletePendingInit(this.parts.db);
          this.record('initialized', pending, { keyring_id: pending.keyringId, generation: pending.record.generation, threshold: pending.record.threshold, shares: pending.record.shares.length, verified: [...next.proven].sort((a, b) => a - b) });
        });
        if (last) this.changed();
        return { status: last ? IDLE : statusOf(next), accepted, initialized: last ? { nonce: pending.nonce, keyringId: pending.keyringId } : null };
      });
    });
  }

  /** `DELETE sys/init/verify`: the pending init and all it wrote are removed. The nonce is required. */
  async abandon(nonce: string): Promise<void> {
    return this.parts.lock.run(() => {
      const pending = this.requirePending();
      if (nonce === '') throw invalid('NONCE_REQUIRED', "'nonce' must be given to abandon a pending initialization");
      // The nonce is not repeated here: the message goes to whoever failed to give it.
      if (nonce !== pending.nonce) throw invalid('NONCE_MISMATCH', 'incorrect nonce supplied; the pending initialization was not abandoned');
      inTransaction(this.parts.db, () => {
        this.requireSame(pending);
        // Without a seal record nothing but this pending init can have written records.
        this.parts.db.prepare('DELETE FROM records').run();
        this.parts.db.prepare('DELETE FROM seal WHERE name = ?').run(ROOT_KEY_NAME);
        deletePendingInit(this.parts.db);
        this.record('abandoned', pending, { keyring_id: pending.keyringId, proven: [...pending.proven] });
      });
      this.changed();
    });
  }

  private requirePending(): PendingInit {
    const pending = readPendingInit(this.parts.db);
    if (!pending) {
      if (readSealConfig(this.parts.db)) throw invalid('ALREADY_INITIALIZED', 'Vault is already initialized');
      throw invalid('NO_INIT_PENDING', 'no initialization is pending verification');
    }
    return pending;
  }

  /** Inside the transaction: the record read before is still the stored one (and no keyring exists). */
  private requireSame(pending: PendingInit): void {
    const stored = readPendingInit(this.parts.db);
    if (readSealConfig(this.parts.db) || !stored || stored.nonce !== pending.nonce || stored.proven.length !== pending.proven.length) {
      throw new CoreError('conflict', 'INIT_PENDING_CHANGED', 'the pending initialization changed meanwhile; read sys/init/verify again');
    }
  }

  /** One transcript entry: indexes and custodian names, never a share. */
  private record(step: string, pending: PendingInit, details: Record<string, unknown>): void {
    this.parts.audit.append({ type: 'ceremony', ceremony: 'init', step, nonce: pending.nonce, ...details });
  }
}

function statusOf(pending: PendingInit): InitVerifyState {
  const n = pending.record.shares.length;
  return {
    nonce: pending.nonce,
    started: true,
    threshold: pending.record.threshold,
    shares: n,
    progress: pending.proven.length,
    required: n,
    keyringId: pending.keyringId,
    startedAt: pending.startedAt,
    custodians: pending.record.shares.map((s) => ({ index: s.index, name: s.custodian, fingerprint: s.fingerprint, proven: pending.proven.includes(s.index) })),
  };
}
