/**
 * One-custodian-at-a-time hand-out, shared by init and rekey: a share is hidden until its
 * custodian is at the screen, and hidden again before the next custodian steps up.
 */
import type { HandoutCursor } from './types.js';

export function showShare(cursor: HandoutCursor): HandoutCursor {
  return { ...cursor, visible: true };
}

/** Moves to the next custodian with the share hidden; stays on the last one. */
export function nextCustodian(cursor: HandoutCursor, total: number): HandoutCursor {
  if (!Number.isInteger(total) || total < 0) throw new RangeError('total must be a non-negative integer');
  return { position: Math.min(cursor.position + 1, Math.max(total - 1, 0)), visible: false };
}
