/**
 * The core: one keyring file, its barrier, seal and stores, wired together. Nothing here knows
 * about transports or Electron; electron/api is the only caller.
 */
import { AuditHmac } from './audit/audit-hmac.js';
import { AuditLog } from './audit/audit-log.js';
import { Barrier } from './barrier/barrier.js';
import { Rewrap } from './barrier/rewrap.js';
import type { RewrapOptions } from './barrier/rewrap.js';
import { Rotation } from './barrier/rotation.js';
import type { RotationOptions } from './barrier/rotation.js';
import { KvStore } from './kv/kv-store.js';
import { Mutex } from './mutex.js';
import { PolicyStore } from './policy/policy-store.js';
import { GenerateRoot } from './seal/generate-root.js';
import { InitVerification } from './seal/init-verify.js';
import { initialize } from './seal/initialize.js';
import type { InitPlan, InitResult } from './seal/initialize.js';
import type { CoreParts } from './core-parts.js';
import { Rekey } from './seal/rekey.js';
import { Seal } from './seal/seal.js';
import { Backups } from './storage/backups.js';
import { openDatabase } from './storage/database.js';
import type { Db } from './storage/database.js';
import { startBackgroundCheckpoints } from './storage/background-checkpoints.js';
import type { BackgroundCheckpoints } from './storage/background-checkpoints.js';
import { lockKeyringFile } from './storage/file-lock.js';
import type { KeyringLock } from './storage/file-lock.js';
import { Tokens } from './tokens/token-lifecycle.js';
import { WrappingStore } from './wrapping/wrapping-store.js';

/*
 * The one door into the core for electron/api (lint enforces it): this class, and the types and
 * domain rules the api needs, gathered in domain.ts.
 */
export * from './domain.js';

export interface CoreOptions {
  /** Path of the SQLite keyring file, or ':memory:' for a throwaway keyring (dev mode, tests). */
  readonly path: string;
  readonly clock?: () => Date;
  /** Tests only: lower the max_operations floor, speed up the rotation timer. */
  readonly rotation?: RotationOptions;
  readonly rewrap?: RewrapOptions;
  /**
   * Default true: hold the keyring file's lock (storage/file-lock.ts) so no second process opens
   * it. Tests that simulate a crash open the file again from the same process while the "dead"
   * instance still holds it; they pass false. Nothing in the product does.
   */
  readonly exclusive?: boolean;
  /**
   * Copy the write-ahead log back into the file from a worker thread instead of inside commits
   * (storage/background-checkpoints.ts): what a process serving the API wants. Files only.
   */
  readonly backgroundCheckpoints?: boolean;
}

export class Core {
  private readonly parts: CoreParts;
  readonly seal: Seal;
  /** Key rotation (manual and automatic), its config, key status. */
  readonly rotation: Rotation;
  /** The rewrap job: re-encrypts old-term records under the active term. */
  readonly rewrap: Rewrap;
  /** KV version 2 secrets at `secret/`. */
  readonly kv: KvStore;
  /** HMAC of secret values for audit entries (`sys/audit-hash`). */
  readonly auditHmac: AuditHmac;
  /** Proving the shares of a pending init (sys/init/verify). */
  readonly initVerify: InitVerification;
  /** The rekey ceremony (sys/rekey/*). */
  readonly rekey: Rekey;
  /** Root token generation by a quorum (sys/generate-root/*). */
  readonly generateRoot: GenerateRoot;
  /** ACL policies (sys/policy, sys/policies/acl) and the ACL of a set of policy names. */
  readonly policies: PolicyStore;
  /** Response wrapping (sys/wrapping/*, X-Vault-Wrap-TTL). */
  readonly wrapping: WrappingStore;
  /** Snapshots, restore drills and audit archives of this keyring file. */
  readonly backups: Backups;
  private closed = false;
  private fileLock: KeyringLock | null = null;
  private checkpoints: BackgroundCheckpoints | null = null;

  private constructor(parts: CoreParts, options: CoreOptions) {
    this.parts = parts;
    this.seal = new Seal(parts);
    this.policies = new PolicyStore(parts.barrier);
    this.seal.onSeal(() => this.policies.clearCache());
    this.wrapping = new WrappingStore(parts.db, parts.barrier, parts.clock);
    this.initVerify = new InitVerification(parts, () => this.seal.reloadConfig());
    this.rekey = new Rekey(parts, this.seal);
    this.generateRoot = new GenerateRoot(parts, this.seal);
    // Shares given toward a root token belong to the generation a rekey commit just ended.
    this.rekey.onCommit(() => this.generateRoot.abandon('rekeyed'));
    this.kv = new KvStore(parts.db, parts.barrier, parts.clock);
    this.auditHmac = new AuditHmac(parts.db, parts.barrier);
    this.seal.onSeal(() => this.auditHmac.forget());
    this.rotation = new Rotation(parts, options.rotation);
    this.rewrap = new Rewrap(parts, this.rotation, options.rewrap);
    this.rotation.start();
    this.rewrap.resumeOnUnseal();
    this.backups = new Backups(parts, options.path);
  }

  static open(options: CoreOptions): Core {
    const fileLock = options.path === ':memory:' || options.exclusive === false ? null : lockKeyringFile(options.path);
    let db: Db;
    try {
      db = openDatabase(options.path);
    } catch (error) {
      fileLock?.release();
      throw error;
    }
    const clock = options.clock ?? (() => new Date());
    const barrier = new Barrier(db);
    const core = new Core({ db, barrier, tokens: new Tokens(db, barrier, clock), audit: new AuditLog(db, clock), lock: new Mutex(), clock }, options);
    core.fileLock = fileLock;
    if (options.backgroundCheckpoints && options.path !== ':memory:') core.checkpoints = startBackgroundCheckpoints(db, options.path);
    // Only the lock holder may clear what a killed snapshot left behind.
    if (fileLock) core.backups.removeLeftovers();
    return core;
  }

  get barrier(): Barrier {
    return this.parts.barrier;
  }

  /** Tokens: storage and the rules of their life (create, use, renew, revoke). */
  get tokens(): Tokens {
    return this.parts.tokens;
  }

  get audit(): AuditLog {
    return this.parts.audit;
  }

  async initialize(plan: InitPlan): Promise<InitResult> {
    return this.parts.lock.run(async () => {
      try {
        return await initialize(this.parts, plan);
      } finally {
        this.seal.reloadConfig();
      }
    });
  }

  /** Seals (persisting encryption counts) and closes the file. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.rotation.stop();
    this.seal.seal('shutdown');
    this.parts.audit.flush();
    // The worker's connection closes first, so this one, the last, leaves no log behind.
    this.checkpoints?.stop();
    this.parts.db.close();
    this.fileLock?.release();
  }
}
