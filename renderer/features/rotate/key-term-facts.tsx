/** The active key term, its age and how much of its encryption budget is used. */
import { useApp } from '../../store/use-app.js';
import { formatInstant, formatShare } from '../../lib/format.js';

export function KeyTermFacts() {
  const ks = useApp((s) => s.keyStatus);
  const max = useApp((s) => s.rotateConfig?.maxOperations ?? 0);
  const error = useApp((s) => s.keyringError);
  if (!ks) return error ? <p className="notice">{error.message}</p> : null;
  return (
    <dl className="facts" aria-label="Active key term">
      <div><dt>Key term</dt><dd>{ks.term}</dd></div>
      <div><dt>Installed</dt><dd>{formatInstant(ks.installTime)}</dd></div>
      <div><dt>Encryptions</dt><dd>{ks.encryptions === null ? 'unknown' : `${ks.encryptions.toLocaleString('en-US')}${max > 0 ? ` of ${max.toLocaleString('en-US')} (${formatShare(ks.encryptions, max)})` : ''}`}</dd></div>
    </dl>
  );
}
