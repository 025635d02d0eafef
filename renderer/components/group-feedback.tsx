/** Per-group status of a share being typed: numbers and marks only, never the characters. */
import type { GroupCheck } from '../lib/share-check.js';

const MARK: Record<GroupCheck['status'], string> = {
  ok: '✓',
  typo: '✗',
  'invalid-character': '✗',
  incomplete: '…',
  missing: '·',
};

const WORD: Record<GroupCheck['status'], string> = {
  ok: 'checks out',
  typo: 'typo',
  'invalid-character': 'invalid character',
  incomplete: 'being typed',
  missing: 'not typed yet',
};

export function GroupFeedback({ groups }: { groups: readonly GroupCheck[] }) {
  return (
    <ol className="group-feedback" aria-label="Share groups">
      {groups.map((g) => (
        <li key={g.number} className={`group group-${g.status}`} title={`Group ${g.number}: ${WORD[g.status]}`}>
          <span className="group-number" aria-hidden="true">{g.number}</span>
          <span aria-hidden="true" className="group-mark">{MARK[g.status]}</span>
          <span className="visually-hidden">{`Group ${g.number}: ${WORD[g.status]}`}</span>
        </li>
      ))}
    </ol>
  );
}
