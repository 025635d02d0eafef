/**
 * Rewrap progress (Symbolon extension, `GET|POST sys/rewrap`). The field names are read
 * tolerantly: counts (`done`/`rewrapped`/`processed` of `total`), `remaining`, or a `progress`
 * fraction or percentage; whichever the server gives becomes a fraction for the progress bar.
 */
import { bool, dataOf, num, str } from './read.js';

export interface RewrapStatus {
  running: boolean;
  complete: boolean;
  done: number | null;
  total: number | null;
  /** 0..1, or null when the server gives nothing to measure. */
  fraction: number | null;
  targetTerm: number | null;
  state: string;
  /** Why the last job stopped, when it failed. */
  error: string;
}

export function readRewrapStatus(body: unknown): RewrapStatus {
  const o = dataOf(body);
  const state = str(o, 'state', 'status') ?? '';
  const total = num(o, 'total', 'total_records', 'records');
  const remaining = num(o, 'remaining', 'pending');
  let done = num(o, 'done', 'rewrapped', 'processed', 'completed_records');
  if (done === undefined && remaining !== undefined && total !== undefined) done = total - remaining;
  const running = bool(o, 'running', 'in_progress', 'active') ?? (state === 'running');
  let fraction: number | null = null;
  if (done !== undefined && total !== undefined) fraction = total === 0 ? 1 : done / total;
  else {
    const p = num(o, 'progress', 'percent');
    if (p !== undefined) fraction = p > 1 ? p / 100 : p;
  }
  const complete = bool(o, 'complete', 'done_all', 'finished') ?? (state === 'complete' || state === 'done' || (!running && fraction === 1));
  return {
    running,
    complete,
    done: done ?? null,
    total: total ?? null,
    fraction: fraction === null ? null : Math.min(1, Math.max(0, fraction)),
    targetTerm: num(o, 'term', 'target_term', 'active_term') ?? null,
    state,
    error: str(o, 'error') ?? '',
  };
}
