/**
 * A share's text in its check-character groups, large and monospace, numbered so that "typo in
 * group 7" at entry points at the same place on the custodian's copy.
 */
import { formatShareTextLines } from '../../../shared/share-text.js';

export function ShareTextDisplay({ text, label }: { text: string; label: string }) {
  const groups = formatShareTextLines(text, 4).flatMap((line) => line.split('-'));
  return (
    <figure className="share-text">
      <figcaption>{label}</figcaption>
      <ol className="share-groups" aria-label={label}>
        {groups.map((g, i) => (
          <li key={i}>
            <span className="share-group-number" aria-hidden="true">{i + 1}</span>
            <span className="share-group-text">{g}</span>
          </li>
        ))}
      </ol>
    </figure>
  );
}
