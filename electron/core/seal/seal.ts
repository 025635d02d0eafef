/**
 * The seal lifecycle: status, unseal one share at a time (each judged at entry), and seal.
 * Unseal progress lives in memory only: a restart or a seal starts the attempt over, and no share
 * ever touches the disk. Follows Vault's order of checks (API.md, "sys/unseal").
 */
import { randomUUID } from 'node:crypto';
import { invalid } from '../errors.js';
import { inTransaction } from '../storage/database.js';
import { readLastBackup } from '../storage/backup-record.js';
import type { CoreParts } from '../core-parts.js';
import { requireOpenKeyring } from './quorum.js';
import { testRootKey } from './root-key.js';
import { readSealConfig } from './seal-config.js';
import type { SealConfig } from './seal-config.js';
import { againstCurrent, discardShare, offerShare, ShareCollection } from './share-collection.js';
import { judgeShare } from './share-judge.js';
import type { DecodedShare, JudgedShare } from './share-judge.js';

/** Where the keyring stands: initialized or not, sealed or not, and the unseal attempt. */
export interface SealState {
  readonly initialized: boolean;
  readonly sealed: boolean;
  /** Shares of the current generation needed to unseal, and issued (0 before init). */
  readonly threshold: number;
  readonly shares: number;
  /** Shares accepted in the current unseal attempt, and its nonce ('' when none is running). */
  readonly progress: number;
  readonly nonce: string;
  readonly keyringId: string | null;
  /** The keyring's human name from init, or null when it was given none. */
  readonly keyringName: string | null;
  readonly generation: number | null;
  /** Who holds each share of the current generation (names and fingerprints are not secret). */
  readonly custodians: readonly { readonly index: number; readonly name: string; readonly fingerprint: string | null }[];
  /**
   * Who has entered a share in the current unseal attempt, in order (index and name, never the
   * share), so a screen reloaded mid-ceremony still names them.
   */
  readonly progressCustodians: readonly { readonly index: number; readonly name: string }[];
  /** The last backup: when, which generation's shares open it, and whether a rekey since outdated it. */
  readonly lastBackup: { readonly time: string; readonly generation: number; readonly predatesGeneration: boolean } | null;
}

export interface UnsealOutcome {
  readonly status: SealState;
  /** The share this request accepted (Symbolon's per-share feedback), if any. */
  readonly accepted: { readonly index: number; readonly custodian: string } | null;
  /** True when the share had already been given in this attempt (ignored, as in Vault). */
  readonly duplicate: boolean;
}

interface UnsealAttempt {
  readonly nonce: string;
  readonly shares: ShareCollection;
}

export class Seal {
  private attempt: UnsealAttempt | null = null;
  private cachedConfig: SealConfig | null | undefined;
  private readonly sealListeners: (() => void)[] = [];

  constructor(private readonly parts: CoreParts) {}

  /** The seal record; cached because it changes only by init and rekey commit (which call reload). */
  config(): SealConfig | null {
    if (this.cachedConfig === undefined) this.cachedConfig = readSealConfig(this.parts.db);
    return this.cachedConfig;
  }

  reloadConfig(): void {
    this.cachedConfig = undefined;
  }

  get sealed(): boolean {
    return this.parts.barrier.sealed;
  }

  /** Ceremonies that must end when the keyring seals (rekey, generate-root) register here. */
  onSeal(listener: () => void): void {
    this.sealListeners.push(listener);
  }

  status(): SealState {
    const config = this.config();
    const current = config?.current;
    const backup = config ? readLastBackup(this.parts.db) : null;
    return {
      initialized: config !== null,
      sealed: this.parts.barrier.sealed,
      threshold: current?.threshold ?? 0,
      shares: current?.shares.length ?? 0,
      progress: this.attempt?.shares.size ?? 0,
      nonce: this.attempt?.nonce ?? '',
      keyringId: config?.keyringId ?? null,
      keyringName: config?.keyringName ?? null,
      generation: current?.generation ?? null,
      custodians: current?.shares.map((s) => ({ index: s.index, name: s.custodian, fingerprint: s.fingerprint })) ?? [],
      progressCustodians: (this.attempt?.shares.accepted() ?? []).map((s) => ({ index: s.index, name: s.custodian })),
      lastBackup: backup && current ? { time: backup.time, generation: backup.generation, predatesGeneration: backup.generation < current.generation } : null,
    };
  }

  /** Judges a share against the current generation without changing any state. */
  checkShare(decoded: DecodedShare): JudgedShare {
    try {
      const config = this.requireConfig();
      const judged = judgeShare(decoded, againstCurrent(config));
      return { ...judged, bytes: new Uint8Array(0) };
    } finally {
      // Only the verdict leaves this function: the share's bytes are wiped after judging.
      discardShare(decoded);
    }
  }

  /** Forgets the shares given so far (Vault's `reset`); only while sealed. */
  async resetUnseal(): Promise<UnsealOutcome> {
    return this.parts.lock.run(() => {
      if (!this.parts.barrier.sealed) throw invalid('UNSEALED', 'vault is unsealed');
      this.endAttempt('reset');
      return { status: this.status(), accepted: null, duplicate: false };
    });
  }

  /** One share toward unsealing; at the threshold the keyring opens, or the attempt ends. */
  async unseal(decoded: DecodedShare): Promise<UnsealOutcome> {
    return this.parts.lock.run(async () => {
      return offerShare(decoded, async () => {
        const config = this.config();
        if (!config) throw invalid('NOT_INITIALIZED', 'Vault is not initialized');
        if (!this.parts.barrier.sealed) return { status: this.status(), accepted: null, duplicate: false };

        // The attempt (and its nonce) begins with the first share that is accepted, not a refused one.
        const attempt = this.attempt ?? { nonce: randomUUID(), shares: new ShareCollection({ against: againstCurrent(config), needed: config.current.threshold }) };
        const { accepted, duplicate } = attempt.shares.accept(decoded);
        this.attempt = attempt;
        if (duplicate) return { status: this.status(), accepted, duplicate: true };
        this.parts.audit.append({ type: 'ceremony', ceremony: 'unseal', step: 'share-accepted', nonce: attempt.nonce, share_index: accepted.index, custodian: accepted.custodian, progress: attempt.shares.size, threshold: config.current.threshold });
        if (attempt.shares.complete) await this.openBarrier(config, attempt);
        return { status: this.status(), accepted, duplicate: false };
      });
    });
  }

  /** At threshold the attempt ends either way: unsealed, or refused and progress cleared. */
  private async openBarrier(config: SealConfig, attempt: UnsealAttempt): Promise<void> {
    const { outcome, indexes } = await attempt.shares.spend((unsealKey) =>
      testRootKey(this.parts.db, unsealKey, config, (rootKey) => this.parts.barrier.unseal(rootKey)),
    );
    this.endAttempt(outcome === true ? 'unsealed' : 'failed', indexes);
    if (outcome !== true) throw invalid('UNSEAL_FAILED', 'invalid key: the shares did not reconstruct this keyring\'s unseal key');
  }

  /** `spent`: the indexes of shares already taken out of the attempt at threshold. */
  private endAttempt(outcome: 'reset' | 'failed' | 'unsealed', spent?: number[]): void {
    const attempt = this.attempt;
    this.attempt = null;
    if (!attempt) return;
    const given = spent ?? attempt.shares.indexes();
    attempt.shares.clear();
    this.parts.audit.append({ type: 'ceremony', ceremony: 'unseal', step: outcome, nonce: attempt.nonce, shares_given: given });
  }

  /** Seals: persists counts, forgets keys, ends every running ceremony. Sealing twice is fine. */
  seal(reason: 'request' | 'shutdown' = 'request'): void {
    const wasSealed = this.parts.barrier.sealed;
    this.endAttempt('reset');
    for (const listener of this.sealListeners) listener();
    if (wasSealed) return;
    inTransaction(this.parts.db, () => {
      this.parts.barrier.seal();
      this.parts.audit.append({ type: 'ceremony', ceremony: 'seal', step: 'sealed', reason });
    });
  }

  /**
   * The seal record of an initialized, unsealed keyring, as every share-authorized ceremony needs;
   * refused otherwise. The api asks first, so a request is not read for a keyring that cannot run it.
   */
  requireOpen(): SealConfig {
    return requireOpenKeyring(this);
  }

  requireConfig(): SealConfig {
    const config = this.config();
    if (!config) throw invalid('NOT_INITIALIZED', 'Vault is not initialized');
    return config;
  }
}
