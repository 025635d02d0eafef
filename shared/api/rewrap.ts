/** sys/rewrap (Symbolon extension beyond Vault; DESIGN.md, "rewrap"). */

/** `GET|POST sys/rewrap` (logical envelope): the job's progress, the last one's when none runs. */
export interface RewrapData {
  running: boolean;
  /** done + remaining. */
  total: number;
  /** Records the last (or running) job rewrapped. */
  done: number;
  /** Records under a term older than target_term: what the running job, or the next one, has to do. */
  remaining: number;
  /** ISO 8601; null before the first job. */
  started_at: string | null;
  finished_at: string | null;
  /** The running job's target; otherwise the active term (a new job's target). */
  target_term: number;
  /** Records per term ("1": 420, …), read from the record headers. */
  terms: Record<string, number>;
  /** Why the last job stopped, when it failed. */
  error: string | null;
}
