/**
 * Key rotation: a new keyring term, manual (sys/rotate) or automatic when the active term reaches
 * the configured `max_operations` encryptions or `interval` age; the rotation config itself, with
 * Vault's validation (vault/logical_system.go, handleKeyRotationConfigUpdate); and the key status.
 * Each rotation and config change is one transaction: the keyring (which holds the config) and
 * its audit entry are committed together or not at all.
 *
 * Automatic rotation never runs inside an encryption: the encryption that reaches the limit is
 * usually part of a caller's transaction, which may still roll back. It marks rotation as due and
 * the rotation runs on the next turn of the event loop, outside any transaction; the overshoot is
 * at most the encryptions of that one transaction, far inside the NIST margin that
 * DEFAULT_MAX_OPERATIONS keeps below 2^32.
 */
import type { AuditLog } from '../audit/audit-log.js';
import { invalid } from '../errors.js';
import type { Db } from '../storage/database.js';
import type { Barrier } from './barrier.js';
import { formatGoDuration } from '../duration.js';
import { DEFAULT_MAX_OPERATIONS, MIN_MAX_OPERATIONS, MIN_ROTATION_INTERVAL_SECONDS } from './keyring.js';
import type { RotationConfig, Term } from './keyring.js';

export type RotationReason = 'manual' | 'max_operations' | 'interval';

/** How often the timer looks at the active term's age (and re-checks counts). */
export const ROTATION_CHECK_INTERVAL_MS = 60_000;

export interface RotationParts {
  readonly db: Db;
  readonly barrier: Barrier;
  readonly audit: AuditLog;
  readonly clock: () => Date;
}

export interface RotationOptions {
  /**
   * Lowest `max_operations` accepted. Vault's 1,000,000 unless a test lowers it to reach automatic
   * rotation in a few hundred writes; never set outside tests.
   */
  readonly minMaxOperations?: number;
  /** Period of the automatic check timer, in ms (default 60 s). */
  readonly checkEveryMs?: number;
}

export interface KeyStatus {
  readonly term: number;
  /** RFC 3339. */
  readonly installTime: string;
  readonly encryptions: number;
}

/** A config update (the api reads it from `sys/rotate/config`); absent fields keep their value. */
export interface RotationConfigChange {
  readonly maxOperations?: number;
  readonly intervalSeconds?: number;
  readonly enabled?: boolean;
}

export class Rotation {
  private readonly minMaxOperations: number;
  private readonly checkEveryMs: number;
  private timer: NodeJS.Timeout | null = null;
  private checkScheduled = false;

  constructor(private readonly parts: RotationParts, options: RotationOptions = {}) {
    const min = options.minMaxOperations ?? MIN_MAX_OPERATIONS;
    if (!Number.isSafeInteger(min) || min < 1 || min > DEFAULT_MAX_OPERATIONS) throw new RangeError(`minMaxOperations must be an integer in [1, ${DEFAULT_MAX_OPERATIONS}]`);
    const every = options.checkEveryMs ?? ROTATION_CHECK_INTERVAL_MS;
    if (!Number.isSafeInteger(every) || every < 1) throw new RangeError('checkEveryMs must be a positive integer');
    this.minMaxOperations = min;
    this.checkEveryMs = every;
  }

  /** Hooks into the barrier (encryptions, unseal) and starts the timer. The timer keeps no process alive. */
  start(): void {
    if (this.timer) return;
    this.parts.barrier.onEncrypt = (term) => this.noteEncryption(term);
    this.parts.barrier.addUnsealListener(() => this.scheduleCheck());
    this.timer = setInterval(() => this.checkQuietly(), this.checkEveryMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.parts.barrier.onEncrypt = null;
  }

  keyStatus(): KeyStatus {
    const active = this.parts.barrier.currentKeyring.active;
    return { term: active.term, installTime: active.installTime, encryptions: active.encryptions };
  }

  config(): RotationConfig {
    return { ...this.parts.barrier.currentKeyring.rotation };
  }

  /** Adds a term, which becomes active; old terms keep decrypting. Audited with its reason. */
  rotate(reason: RotationReason): KeyStatus {
    if (reason !== 'manual' && reason !== 'max_operations' && reason !== 'interval') throw new TypeError(`unknown rotation reason ${String(reason)}`);
    const { barrier, audit, clock } = this.parts;
    const keyring = barrier.currentKeyring;
    const previous = keyring.active;
    const next = keyring.withNewTerm(clock());
    barrier.commitKeyring(next, () => {
      audit.append({
        type: 'rotation',
        reason,
        term: next.activeTerm,
        previous_term: previous.term,
        previous_encryptions: previous.encryptions,
      });
    });
    return this.keyStatus();
  }

  /**
   * Applies a config update: only the fields given change, then the merged config is checked the
   * way Vault checks it (interval first, then max_operations). Nothing is written when it is refused.
   */
  updateConfig(change: RotationConfigChange): RotationConfig {
    const { barrier, audit } = this.parts;
    const keyring = barrier.currentKeyring;
    const next: RotationConfig = { ...keyring.rotation };
    if (change.maxOperations !== undefined) next.maxOperations = change.maxOperations;
    if (change.intervalSeconds !== undefined) next.intervalSeconds = change.intervalSeconds;
    if (change.enabled !== undefined) next.enabled = change.enabled;

    if (next.intervalSeconds !== 0 && next.intervalSeconds < MIN_ROTATION_INTERVAL_SECONDS) {
      throw invalid('INVALID_ROTATION_CONFIG', `interval must be greater or equal to ${formatGoDuration(MIN_ROTATION_INTERVAL_SECONDS)}`);
    }
    if (next.maxOperations < this.minMaxOperations || next.maxOperations > DEFAULT_MAX_OPERATIONS) {
      throw invalid('INVALID_ROTATION_CONFIG', `max_operations must be in the range [${this.minMaxOperations},${DEFAULT_MAX_OPERATIONS}]`);
    }
    barrier.commitKeyring(keyring.withRotation(next), () => {
      audit.append({ type: 'rotation-config', max_operations: next.maxOperations, interval_seconds: next.intervalSeconds, enabled: next.enabled });
    });
    // A lower limit or a shorter interval may already be reached.
    this.scheduleCheck();
    return this.config();
  }

  /** Why the active term must be rotated now, or null. */
  dueReason(): Exclude<RotationReason, 'manual'> | null {
    const { barrier, clock } = this.parts;
    if (barrier.sealed) return null;
    const keyring = barrier.currentKeyring;
    const { enabled, maxOperations, intervalSeconds } = keyring.rotation;
    if (!enabled) return null;
    const active = keyring.active;
    if (active.encryptions >= maxOperations) return 'max_operations';
    if (intervalSeconds > 0 && clock().getTime() - Date.parse(active.installTime) >= intervalSeconds * 1000) return 'interval';
    return null;
  }

  /**
   * Rotates if due; returns the reason, or null. Runs only outside a transaction (see the header);
   * inside one it defers itself to the next turn of the event loop.
   */
  check(): Exclude<RotationReason, 'manual'> | null {
    const { barrier, db } = this.parts;
    if (barrier.sealed) return null;
    if (db.inTransaction) {
      this.scheduleCheck();
      return null;
    }
    barrier.checkpointCounts();
    const reason = this.dueReason();
    if (reason) this.rotate(reason);
    return reason;
  }

  /** Called after every encryption under the active term: cheap unless the limit is reached. */
  private noteEncryption(term: Term): void {
    const rotation = this.parts.barrier.currentKeyring.rotation;
    if (rotation.enabled && term.encryptions >= rotation.maxOperations) this.scheduleCheck();
  }

  private scheduleCheck(): void {
    if (this.checkScheduled) return;
    this.checkScheduled = true;
    setImmediate(() => {
      this.checkScheduled = false;
      this.checkQuietly();
    });
  }

  /**
   * Timer and scheduled checks have no caller to report to. A failure (disk full, file closed
   * under us) leaves the old term active and every record readable; the next tick retries.
   */
  private checkQuietly(): void {
    try {
      this.check();
    } catch {
      // Deliberately ignored: see above.
    }
  }
}
