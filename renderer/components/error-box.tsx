/**
 * Shows an API error as the server worded it, plus its non-secret context (share index,
 * custodian, missing capability) so the room knows whose share or which step failed.
 */
import type { UiError } from '../store/types.js';

const LABELS: Record<string, string> = {
  share_index: 'Share',
  custodian: 'Custodian',
  // With share_generation beside it, `generation` is the keyring's current one (share-judge.ts).
  share_generation: 'Share is from generation',
  generation: 'Current generation',
  current_generation: 'Current generation',
  group: 'Group',
  groups: 'Groups',
  capability: 'Missing capability',
  path: 'Path',
};

function show(value: unknown): string {
  if (Array.isArray(value)) return value.map(show).join(', ');
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

export function ErrorBox({ error, title = 'Not done' }: { error: UiError | null; title?: string }) {
  if (error === null) return null;
  const entries = Object.entries(error.context).filter(([, v]) => v !== null && v !== undefined && v !== '');
  return (
    <div role="alert" className="error-box">
      <p className="error-title">{title}: {error.message}</p>
      {entries.length > 0 ? (
        <dl className="error-context">
          {entries.map(([k, v]) => (
            <div key={k}>
              <dt>{LABELS[k] ?? k.replace(/_/g, ' ')}</dt>
              <dd>{show(v)}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </div>
  );
}

/** A success or information line read out by screen readers. */
export function Verdict({ text }: { text: string }) {
  return <p role="status" className={text === '' ? 'verdict empty' : 'verdict'}>{text}</p>;
}
