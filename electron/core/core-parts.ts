/** The pieces of the core that ceremonies work on, passed explicitly so each is testable alone. */
import type { AuditLog } from './audit/audit-log.js';
import type { Barrier } from './barrier/barrier.js';
import type { Mutex } from './mutex.js';
import type { Db } from './storage/database.js';
import type { Tokens } from './tokens/token-lifecycle.js';

export interface CoreParts {
  readonly db: Db;
  readonly barrier: Barrier;
  readonly tokens: Tokens;
  readonly audit: AuditLog;
  /** Serialises ceremony steps: each read-check-update of ceremony state runs alone. */
  readonly lock: Mutex;
  readonly clock: () => Date;
}
