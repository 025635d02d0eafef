/**
 * A token shown once, to be copied by hand: monospace (0/O and 1/l/I drawn apart) and split into
 * groups of four so the eye keeps its place. The groups are spacing only, not characters, so a
 * copy or a screen reader gets the token exactly as the API wants it.
 */
export function TokenDisplay({ token, label }: { token: string; label: string }) {
  const dot = token.indexOf('.');
  const prefix = dot > 0 ? token.slice(0, dot + 1) : '';
  const groups = token.slice(prefix.length).match(/.{1,4}/g) ?? [];
  return (
    <p className="token mono" aria-label={label}>
      {prefix !== '' ? <span className="token-group">{prefix}</span> : null}
      {groups.map((g, i) => <span key={i} className="token-group">{g}</span>)}
    </p>
  );
}
