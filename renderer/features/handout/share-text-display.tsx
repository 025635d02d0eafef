/**
 * A share's text in its check-character groups, large and monospace, numbered so that "typo in
 * group 7" at entry points at the same place on the custodian's copy.
 */
import { formatShareTextLines } from '../../../shared/share-text.js';

/**
 * What a custodian sees in a group's fifth character, said on screen and on paper alike: it is
 * a check character, and besides digits and letters it can be * ~ $ = or U (the mod-37 check
 * alphabet, shared/crockford.ts), characters that never appear elsewhere in a share.
 */
export const CHECK_NOTE = 'Each group is four share characters and a fifth, check character. Copy the check character too: it may be a digit, a letter, or one of * ~ $ = U, and it lets Symbolon name the group of any typo.';

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
      <p className="muted">{CHECK_NOTE}</p>
    </figure>
  );
}
