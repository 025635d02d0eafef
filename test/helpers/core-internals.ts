/**
 * Tests and benchmarks look at the raw SQLite file on purpose (rows written, a record damaged, a
 * transaction around several writes). The product cannot: `Core.parts` is private, and the api
 * goes through the core's services only. This is the one deliberate way around that.
 */
import type { Core } from '../../electron/core/core.js';
import type { Db } from '../../electron/core/storage/database.js';

/** The keyring's database (element access is TypeScript's explicit escape from `private`). */
export function dbOf(core: Core): Db {
  return core['parts'].db;
}
