/**
 * Rewrap progress (Symbolon extension, `GET|POST sys/rewrap`), read by the fields the server sends
 * (shared/api/rewrap.ts): the counts become a fraction for the progress bar.
 */
import type { RewrapData } from '../../shared/api/rewrap.js';
import { dataOf, wire } from './read.js';

export interface RewrapStatus {
  running: boolean;
  complete: boolean;
  done: number | null;
  total: number | null;
  /** 0..1, or null when the server gives nothing to measure. */
  fraction: number | null;
  targetTerm: number | null;
  /** Why the last job stopped, when it failed. */
  error: string;
}

export function readRewrapStatus(body: unknown): RewrapStatus {
  const o = wire<RewrapData>(dataOf(body));
  const total = o.num('total');
  const done = o.num('done');
  const running = o.bool('running') ?? false;
  // Nothing to do (total 0) is all done, not a division by zero.
  const fraction = done !== undefined && total !== undefined ? (total === 0 ? 1 : done / total) : null;
  return {
    running,
    complete: !running && fraction === 1,
    done: done ?? null,
    total: total ?? null,
    fraction: fraction === null ? null : Math.min(1, Math.max(0, fraction)),
    targetTerm: o.num('target_term') ?? null,
    error: o.str('error') ?? '',
  };
}
