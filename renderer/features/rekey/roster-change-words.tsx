/** The read-aloud lines of a rekey plan saying who stays, who joins and who leaves. */
import { namesWithShares } from '../../store/roster-changes.js';
import type { RosterChanges } from '../../store/roster-changes.js';

export function RosterChangeWords({ changes }: { changes: RosterChanges }) {
  const { staying, joining, leaving } = changes;
  return (
    <ul className="roster-changes" aria-label="Who joins and who leaves">
      <li>Staying (a new share each): <strong>{namesWithShares(staying)}</strong>.</li>
      <li>Joining: <strong>{joining.length > 0 ? joining.join(', ') : 'nobody'}</strong>.</li>
      <li>Leaving: <strong>{namesWithShares(leaving)}</strong>{leaving.length > 0 ? ': their shares stop working when the rekey completes, and they should then destroy their handouts and share files.' : '.'}</li>
    </ul>
  );
}
