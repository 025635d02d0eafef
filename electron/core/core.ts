/**
 * The core: one keyring file, its barrier, seal and stores, wired together. Nothing here knows
 * about HTTP or Electron; electron/api is the only caller.
 */
import { AuditLog } from './audit/audit-log.js';
import { Barrier } from './barrier/barrier.js';
import { Mutex } from './mutex.js';
import { initialize } from './seal/initialize.js';
import type { InitRequest, InitResult } from './seal/initialize.js';
import type { CoreParts } from './seal/parts.js';
import { Seal } from './seal/seal.js';
import { openDatabase } from './storage/database.js';
import { TokenStore } from './tokens/token-store.js';

export interface CoreOptions {
  /** Path of the SQLite keyring file, or ':memory:' for a throwaway keyring (dev mode, tests). */
  readonly path: string;
  readonly clock?: () => Date;
}

export class Core {
  readonly parts: CoreParts;
  readonly seal: Seal;
  private closed = false;

  private constructor(parts: CoreParts) {
    this.parts = parts;
    this.seal = new Seal(parts);
  }

  static open(options: CoreOptions): Core {
    const db = openDatabase(options.path);
    const clock = options.clock ?? (() => new Date());
    const barrier = new Barrier(db);
    return new Core({ db, barrier, tokens: new TokenStore(barrier, clock), audit: new AuditLog(db, clock), lock: new Mutex(), clock });
  }

  get barrier(): Barrier {
    return this.parts.barrier;
  }

  get tokens(): TokenStore {
    return this.parts.tokens;
  }

  get audit(): AuditLog {
    return this.parts.audit;
  }

  async initialize(req: InitRequest): Promise<InitResult> {
    return this.parts.lock.run(async () => {
      try {
        return await initialize(this.parts, req);
      } finally {
        this.seal.reloadConfig();
      }
    });
  }

  /** Seals (persisting encryption counts) and closes the file. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.seal.seal('shutdown');
    this.parts.db.close();
  }
}
