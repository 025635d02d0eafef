/**
 * sys/rewrap (Symbolon extension, beyond Vault): `GET` reports the rewrap job's progress, `POST`
 * starts it (or, when one is running, reports that one). Rewrapping re-encrypts every record
 * still under an older term with the active term, so that an old key can be retired.
 * GET needs read; POST needs update+sudo, like sys/rotate.
 */
import type { RewrapData } from '../../../shared/api/rewrap.js';
import type { RewrapProgress } from '../../core/core.js';
import { logical } from '../reply.js';
import type { Route } from '../route.js';

/** The one place where the core's progress becomes the answer's field names. */
function rewrapData(progress: RewrapProgress) {
  return {
    running: progress.running,
    total: progress.total,
    done: progress.done,
    remaining: progress.remaining,
    started_at: progress.startedAt,
    finished_at: progress.finishedAt,
    target_term: progress.targetTerm,
    terms: { ...progress.terms },
    error: progress.error,
  } satisfies RewrapData;
}

export const sysRewrapRoutes: Route[] = [
  {
    path: 'sys/rewrap',
    auth: 'token',
    sudo: ['update'],
    handlers: {
      read: ({ core, requestId }) => logical(rewrapData(core.rewrap.progress()), { requestId }),
      update: ({ core, requestId }) => {
        const { progress, alreadyRunning } = core.rewrap.start();
        return logical(rewrapData(progress), { requestId, warnings: alreadyRunning ? ['a rewrap job is already running; this is its progress'] : null });
      },
    },
  },
];
