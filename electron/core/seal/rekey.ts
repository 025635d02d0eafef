/**
 * The rekey ceremony (API.md, "sys/rekey"; Vault's vault/rekey.go): current custodians authorize
 * with a quorum of current shares, a new share set is made for new custodians, optionally proven
 * by them (verification), and committed in one transaction (rekey-commit.ts).
 *
 * State lives in memory only: a restart, a seal or a cancel ends the attempt, and until the commit
 * nothing on disk has changed, so the current shares stay valid. Every step runs under the core's
 * lock; sealing does not take the lock, so each step checks again after every await that its
 * attempt is still the live one before it changes anything.
 *
 * Better than Vault: each share is judged against its commitment when entered (the answer names
 * the custodian, or says exactly what is wrong, and a bad share does not count); wrong shares at
 * threshold are the caller's error, not an internal one; bad PGP keys are refused at init, not at
 * the end; cancelling needs the nonce; and a rekey may require every new share to be verified
 * (`verify_all_shares`).
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { invalid, sealedError } from '../errors.js';
import { inTransaction } from '../storage/database.js';
import type { CoreParts } from '../core-parts.js';
import { requireOpenKeyring, spendQuorum } from './quorum.js';
import { commitRekey } from './rekey-commit.js';
import { backupOf, deleteRekeyBackup, readRekeyBackup } from './rekey-backup.js';
import type { RekeyBackup } from './rekey-backup.js';
import { readRekeyKeys } from './rekey-plan.js';
import type { RekeyPlan, RekeyStart, Verification } from './rekey-plan.js';
import type { GenerationRecord, SealConfig } from './seal-config.js';
import type { Seal } from './seal.js';
import { againstCurrent, duplicateShare, offerShare, ShareCollection } from './share-collection.js';
import type { AcceptedShare } from './share-collection.js';
import type { DecodedShare } from './share-judge.js';
import { makeShareSet } from './share-set.js';
import type { IssuedShare, ShareSet } from './share-set.js';

/** The rekey attempt as its readers see it: its plan, the authorizing progress, verification. */
export interface RekeyState {
  readonly nonce: string;
  readonly started: boolean;
  /** The plan's new threshold and share count (0 when no attempt runs). */
  readonly newThreshold: number;
  readonly newShares: number;
  readonly progress: number;
  /** Current threshold: how many current shares must authorize. */
  readonly required: number;
  readonly pgpFingerprints: readonly string[] | null;
  readonly backup: boolean;
  readonly verification: Verification;
  /** Set once the new shares are issued and await verification. */
  readonly verificationNonce: string;
  /**
   * The names the new shares will be issued to, so whoever meets an attempt they did not start
   * can read its whole plan before authorizing it (DESIGN.md, "No plan is authorized unseen").
   * Names are not secret; they are printed on every handout.
   */
  readonly custodians: readonly string[];
}

/** Verification of new shares: of a rekey, or (with more facts) of a pending init. */
export interface VerifyState {
  readonly nonce: string;
  readonly started: boolean;
  readonly threshold: number;
  readonly shares: number;
  readonly progress: number;
  /** New shares that must be proven: the threshold, or every share. */
  readonly required: number;
}

export type { AcceptedShare } from './share-collection.js';

/** What the authorizing quorum receives: the new shares (committed, or awaiting verification). */
export interface RekeyIssue {
  readonly nonce: string;
  readonly keyringId: string;
  readonly generation: number;
  readonly shares: readonly IssuedShare[];
  readonly pgpFingerprints: string[] | null;
  readonly backup: boolean;
  readonly verificationRequired: boolean;
  readonly verificationNonce: string;
  readonly committed: boolean;
}

export interface RekeyUpdateOutcome {
  readonly status: RekeyState;
  readonly accepted: AcceptedShare;
  readonly issue: RekeyIssue | null;
}

export interface VerifyOutcome {
  readonly status: VerifyState;
  readonly accepted: AcceptedShare;
  /** Set when this share completed the verification and the new set was committed. */
  readonly committed: { readonly nonce: string; readonly generation: number } | null;
}

/** The new set between authorization and commit: only what verification and the commit need. */
interface PendingSet {
  readonly record: GenerationRecord;
  readonly unsealKey: Uint8Array;
  readonly backup: RekeyBackup | null;
  verificationNonce: string;
  readonly progress: ShareCollection;
}

interface RekeyAttempt {
  readonly nonce: string;
  readonly plan: RekeyPlan;
  readonly progress: ShareCollection;
  pending: PendingSet | null;
}

/** Share text and the commitment header carry the generation as 16 bits. */
const LAST_GENERATION = 0xffff;

export class Rekey {
  private attempt: RekeyAttempt | null = null;
  private readonly commitListeners: (() => void)[] = [];

  constructor(
    private readonly parts: CoreParts,
    private readonly seal: Seal,
  ) {
    seal.onSeal(() => this.abandon('sealed'));
  }

  /** Called after a commit (generate-root drops shares of the generation that just ended). */
  onCommit(listener: () => void): void {
    this.commitListeners.push(listener);
  }

  status(): RekeyState {
    return this.statusOf(requireOpenKeyring(this.seal));
  }

  async start(req: RekeyStart): Promise<RekeyState> {
    return this.parts.lock.run(async () => {
      requireOpenKeyring(this.seal);
      const keys = await readRekeyKeys(req.pgpKeys, req.config.shares, this.parts.clock());
      const config = requireOpenKeyring(this.seal);
      if (this.attempt) throw invalid('REKEY_IN_PROGRESS', 'rekey already in progress');
      if (config.current.generation >= LAST_GENERATION) {
        throw invalid('GENERATIONS_EXHAUSTED', `this keyring has reached the last share generation (${LAST_GENERATION})`);
      }
      const plan: RekeyPlan = { config: req.config, keys, backup: req.backup, verification: req.verification };
      const progress = new ShareCollection({ against: againstCurrent(config), needed: config.current.threshold });
      const attempt: RekeyAttempt = { nonce: randomUUID(), plan, progress, pending: null };
      this.attempt = attempt;
      this.record('started', attempt, {
        shares: plan.config.shares,
        threshold: plan.config.threshold,
        custodians: plan.config.custodians,
        pgp_fingerprints: keys?.map((k) => k.fingerprint) ?? null,
        backup: plan.backup,
        verification: plan.verification,
      });
      return this.statusOf(config);
    });
  }

  /** Ends the attempt. The nonce is required: only those running the ceremony may cancel it. */
  async cancel(nonce: string): Promise<void> {
    return this.parts.lock.run(() => {
      requireOpenKeyring(this.seal);
      const attempt = this.attempt;
      if (!attempt) return;
      if (nonce === '') {
        throw invalid('NONCE_REQUIRED', "'nonce' must be given to cancel a rekey");
      }
      // The nonce is not repeated here: the message goes to whoever failed to give it.
      if (nonce !== attempt.nonce) throw invalid('NONCE_MISMATCH', 'incorrect nonce supplied; the rekey was not cancelled');
      this.end();
      this.record('cancelled', attempt);
    });
  }

  /** One current share toward the authorizing quorum. */
  async update(decoded: DecodedShare, nonce: string): Promise<RekeyUpdateOutcome> {
    return this.parts.lock.run(async () => {
      return offerShare(decoded, async () => {
        const config = requireOpenKeyring(this.seal);
        const attempt = this.attempt;
        if (!attempt) throw invalid('NO_REKEY', 'no barrier rekey in progress');
        if (attempt.pending) {
          throw invalid(
            'VERIFICATION_PENDING',
            `rekey operation already finished; verification must be performed; nonce for the verification operation is "${attempt.pending.verificationNonce}"`,
          );
        }
        if (nonce !== attempt.nonce) {
          throw invalid('NONCE_MISMATCH', `incorrect nonce supplied; nonce for this rekey operation is "${attempt.nonce}"`);
        }
        const { accepted, duplicate } = attempt.progress.accept(decoded);
        if (duplicate) throw duplicateShare(accepted, 'generation');
        this.record('share-accepted', attempt, { share_index: accepted.index, custodian: accepted.custodian, progress: attempt.progress.size, threshold: config.current.threshold });
        if (!attempt.progress.complete) return { status: this.statusOf(config), accepted, issue: null };

        await this.authorize(attempt, config);
        const set = await this.issue(attempt, config);
        try {
          this.requireLive(attempt);
          const verificationRequired = attempt.plan.verification !== 'none';
          const backup = attempt.plan.backup ? backupOf(attempt.nonce, set.record.generation, set.issued) : null;
          const issue: RekeyIssue = {
            nonce: attempt.nonce,
            keyringId: config.keyringId,
            generation: set.record.generation,
            shares: set.issued,
            pgpFingerprints: attempt.plan.keys?.map((k) => k.fingerprint) ?? null,
            backup: attempt.plan.backup,
            verificationRequired,
            verificationNonce: '',
            committed: !verificationRequired,
          };
          if (verificationRequired) {
            const verificationNonce = randomUUID();
            const progress = new ShareCollection({
              against: { keyringId: config.keyringId, expected: set.record, history: [config.current, ...config.previous], noun: 'new share' },
              needed: this.verifyNeeds(attempt),
            });
            attempt.pending = { record: set.record, unsealKey: Uint8Array.from(set.unsealKey), backup, verificationNonce, progress };
            this.record('shares-issued', attempt, { generation: set.record.generation, verification: attempt.plan.verification });
            return { status: this.statusOf(config), accepted, issue: { ...issue, verificationNonce } };
          }
          this.commit(attempt, config, { record: set.record, unsealKey: set.unsealKey, backup, verified: [] });
          return { status: this.statusOf(requireOpenKeyring(this.seal)), accepted, issue };
        } finally {
          set.unsealKey.fill(0);
        }
      });
    });
  }

  verifyStatus(): VerifyState {
    requireOpenKeyring(this.seal);
    return this.verifyStatusOf(this.requireAttempt());
  }

  /** One new share toward verification; completing it commits the new set. */
  async verify(decoded: DecodedShare, nonce: string): Promise<VerifyOutcome> {
    return this.parts.lock.run(async () => {
      return offerShare(decoded, async () => {
        const config = requireOpenKeyring(this.seal);
        const attempt = this.attempt;
        if (!attempt) throw invalid('NO_REKEY', 'no rekey in progress');
        const pending = attempt.pending;
        if (!pending) throw invalid('NO_VERIFICATION', 'no rekey verification in progress');
        if (nonce !== pending.verificationNonce) {
          throw invalid('NONCE_MISMATCH', `incorrect nonce supplied; nonce for this verify operation is "${pending.verificationNonce}"`);
        }
        const { accepted, duplicate } = pending.progress.accept(decoded);
        if (duplicate) throw duplicateShare(accepted, 'verify');
        this.record('verify-share-accepted', attempt, { share_index: accepted.index, custodian: accepted.custodian, progress: pending.progress.size, required: this.verifyNeeds(attempt) });
        if (!pending.progress.complete) return { status: this.verifyStatusOf(attempt), accepted, committed: null };

        // The new shares must reconstruct exactly the unseal key the new set was made from.
        const { outcome, indexes } = await pending.progress.spend((key) => key.length === pending.unsealKey.length && timingSafeEqual(key, pending.unsealKey));
        this.requireLive(attempt);
        if (outcome !== true) {
          // As in Vault: the attempt restarts under a new nonce, so stale clients cannot continue it.
          pending.verificationNonce = randomUUID();
          this.record('verification-failed', attempt);
          throw invalid('REKEY_VERIFICATION_FAILED', 'rekey verification failed; incorrect key shares supplied');
        }
        const verified = indexes.sort((a, b) => a - b);
        const done = pending.verificationNonce;
        this.commit(attempt, config, { record: pending.record, unsealKey: pending.unsealKey, backup: pending.backup, verified });
        return { status: { nonce: done, started: false, threshold: pending.record.threshold, shares: pending.record.shares.length, progress: 0, required: 0 }, accepted, committed: { nonce: done, generation: pending.record.generation } };
      });
    });
  }

  /** `DELETE sys/rekey/verify`: verification starts over under a new nonce. */
  async restartVerification(): Promise<VerifyState> {
    return this.parts.lock.run(() => {
      requireOpenKeyring(this.seal);
      const attempt = this.requireAttempt();
      const pending = attempt.pending;
      if (!pending) throw invalid('NO_VERIFICATION', 'no rekey verification in progress');
      pending.progress.clear();
      pending.verificationNonce = randomUUID();
      this.record('verification-restarted', attempt);
      return this.verifyStatusOf(attempt);
    });
  }

  async readBackup(): Promise<RekeyBackup> {
    return this.parts.lock.run(() => {
      requireOpenKeyring(this.seal);
      const backup = readRekeyBackup(this.parts.barrier);
      if (!backup) throw invalid('NO_BACKUP', 'no backed-up keys found');
      return backup;
    });
  }

  async deleteBackup(): Promise<void> {
    return this.parts.lock.run(() => {
      requireOpenKeyring(this.seal);
      inTransaction(this.parts.db, () => {
        if (deleteRekeyBackup(this.parts.barrier)) this.parts.audit.append({ type: 'ceremony', ceremony: 'rekey', step: 'backup-deleted' });
      });
    });
  }

  /** At threshold the quorum is proven or the attempt's progress is cleared (nonce kept). */
  private async authorize(attempt: RekeyAttempt, config: SealConfig): Promise<void> {
    const { proven, indexes } = await spendQuorum(this.parts, config, attempt.progress);
    this.requireLive(attempt);
    if (!proven) {
      this.record('authorization-failed', attempt);
      throw invalid('REKEY_AUTHORIZATION_FAILED', "invalid key: the shares did not reconstruct this keyring's unseal key; progress was cleared");
    }
    this.record('authorized', attempt, { shares_given: indexes });
  }

  /** Makes the new set. A PGP failure here (a key expired since init) is the caller's to fix. */
  private async issue(attempt: RekeyAttempt, config: SealConfig): Promise<ShareSet> {
    const { plan } = attempt;
    let set: ShareSet;
    try {
      set = await makeShareSet(config.keyringId, config.current.generation + 1, plan.config, plan.keys, this.parts.clock());
    } catch (error) {
      if (plan.keys === null || !(error instanceof Error)) throw error;
      throw invalid('SHARE_ENCRYPTION_FAILED', `failed to encrypt shares: ${error.message.slice(0, 200)}`);
    }
    // Plain shares are not kept: verification judges new shares by their commitments.
    for (const share of set.plain.values()) share.fill(0);
    return set;
  }

  private commit(
    attempt: RekeyAttempt,
    config: SealConfig,
    next: { record: GenerationRecord; unsealKey: Uint8Array; backup: RekeyBackup | null; verified: number[] },
  ): void {
    commitRekey(this.parts, {
      nonce: attempt.nonce,
      keyringId: config.keyringId,
      unsealKey: next.unsealKey,
      record: next.record,
      backup: next.backup,
      verification: attempt.plan.verification,
      verified: next.verified,
    });
    this.end();
    this.seal.reloadConfig();
    for (const listener of this.commitListeners) listener();
  }

  /** After an await: the attempt must still be the live one and the keyring still open. */
  private requireLive(attempt: RekeyAttempt): void {
    if (this.attempt !== attempt || this.seal.sealed) throw sealedError();
  }

  private requireAttempt(): RekeyAttempt {
    if (!this.attempt) throw invalid('NO_REKEY', 'no rekey configuration found');
    return this.attempt;
  }

  private verifyNeeds(attempt: RekeyAttempt): number {
    return attempt.plan.verification === 'all' ? attempt.plan.config.shares : attempt.plan.config.threshold;
  }

  private statusOf(config: SealConfig): RekeyState {
    const attempt = this.attempt;
    return {
      nonce: attempt?.nonce ?? '',
      started: attempt !== null,
      newThreshold: attempt?.plan.config.threshold ?? 0,
      newShares: attempt?.plan.config.shares ?? 0,
      progress: attempt?.progress.size ?? 0,
      required: config.current.threshold,
      pgpFingerprints: attempt?.plan.keys?.map((k) => k.fingerprint) ?? null,
      backup: attempt?.plan.backup ?? false,
      verification: attempt?.plan.verification ?? 'none',
      verificationNonce: attempt?.pending?.verificationNonce ?? '',
      custodians: attempt?.plan.config.custodians ?? [],
    };
  }

  private verifyStatusOf(attempt: RekeyAttempt): VerifyState {
    return {
      nonce: attempt.pending?.verificationNonce ?? '',
      started: attempt.pending !== null,
      threshold: attempt.plan.config.threshold,
      shares: attempt.plan.config.shares,
      progress: attempt.pending?.progress.size ?? 0,
      required: this.verifyNeeds(attempt),
    };
  }

  private abandon(reason: 'sealed'): void {
    const attempt = this.attempt;
    if (!attempt) return;
    this.end();
    this.record('abandoned', attempt, { reason });
  }

  /** Forgets the attempt and wipes every secret it held. */
  private end(): void {
    const attempt = this.attempt;
    this.attempt = null;
    if (!attempt) return;
    attempt.progress.clear();
    if (attempt.pending) {
      attempt.pending.progress.clear();
      attempt.pending.unsealKey.fill(0);
    }
  }

  /** One transcript entry: indexes and custodian names, never a share. */
  private record(step: string, attempt: RekeyAttempt, details: Record<string, unknown> = {}): void {
    this.parts.audit.append({ type: 'ceremony', ceremony: 'rekey', step, nonce: attempt.nonce, ...details });
  }
}
