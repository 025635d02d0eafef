/**
 * Shows an API error as the server worded it, plus its non-secret context (share index,
 * custodian, missing capability) so the room knows whose share or which step failed.
 * A verdict that appears scrolls itself into view: a refusal under the fold is a refusal nobody
 * saw, and the room then trusts whatever green is on screen.
 */
import { useEffect, useRef } from 'react';
import type { RefObject } from 'react';
import type { UiError } from '../store/types.js';
import { useApp } from '../store/use-app.js';

const LABELS: Record<string, string> = {
  share_index: 'Share',
  custodian: 'Custodian',
  // With share_generation beside it, `generation` is the keyring's current one (share-judge.ts).
  share_generation: 'Share is from generation',
  share_keyring_id_begins: 'Share’s keyring id begins',
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

/** Brings the element into the viewport whenever `key` changes to something shown. */
export function useScrollIntoView<T extends HTMLElement>(key: unknown): RefObject<T | null> {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (key === null || key === '' || key === undefined) return;
    // Optional call: jsdom-like environments have no layout and no scrollIntoView.
    ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [key]);
  return ref;
}

export function ErrorBox({ error, title = 'Not done' }: { error: UiError | null; title?: string }) {
  const ref = useScrollIntoView<HTMLDivElement>(error);
  const keyringName = useApp((s) => s.seal?.keyringName ?? '');
  if (error === null) return null;
  const entries = Object.entries(error.context).filter(([, v]) => v !== null && v !== undefined && v !== '');
  return (
    <div role="alert" className="error-box" ref={ref}>
      <p className="error-title">{title}: {error.message}</p>
      {error.code === 'SHARE_OTHER_KEYRING' && keyringName !== '' ? <p>This keyring is “{keyringName}”: compare the name and keyring id printed on the handout.</p> : null}
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
  const ref = useScrollIntoView<HTMLParagraphElement>(text);
  return <p role="status" className={text === '' ? 'verdict empty' : 'verdict'} ref={ref}>{text}</p>;
}

/** A local refusal in words ("Every custodian needs a name"), shown where it is read: in view. */
export function Problem({ text }: { text: string }) {
  const ref = useScrollIntoView<HTMLParagraphElement>(text);
  if (text === '') return null;
  return <p role="alert" className="error-box" ref={ref}>{text}</p>;
}
