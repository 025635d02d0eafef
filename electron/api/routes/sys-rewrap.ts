/**
 * sys/rewrap (Symbolon extension, beyond Vault): `GET` reports the rewrap job's progress, `POST`
 * starts it (or, when one is running, reports that one). Rewrapping re-encrypts every record
 * still under an older term with the active term, so that an old key can be retired.
 * GET needs read; POST needs update+sudo, like sys/rotate.
 */
import type { RewrapProgress } from '../../core/core.js';
import { logical } from '../reply.js';
import type { Route } from '../route.js';

const asData = (progress: RewrapProgress): Record<string, unknown> => ({ ...progress, terms: { ...progress.terms } });

export const sysRewrapRoutes: Route[] = [
  {
    path: 'sys/rewrap',
    auth: 'token',
    sudo: ['update'],
    handlers: {
      read: ({ core, requestId }) => logical(asData(core.rewrap.progress()), { requestId }),
      update: ({ core, requestId }) => {
        const { progress, alreadyRunning } = core.rewrap.start();
        return logical(asData(progress), { requestId, warnings: alreadyRunning ? ['a rewrap job is already running; this is its progress'] : null });
      },
    },
  },
];
