/**
 * Read-aloud summary before anything irreversible: the operator reads it to the room, ticks the
 * box, and only then may press the action button. The tick is cleared once the action runs, so
 * a repeat (a second rotation) is read aloud again.
 */
import { useId, useState } from 'react';
import type { ReactNode } from 'react';

interface Props {
  children: ReactNode;
  actionLabel: string;
  onAction: () => void;
  busy?: boolean;
  /** Extra reason the action cannot run yet (shown instead of enabling the button). */
  blocker?: string;
}

export function ReadAloud({ children, actionLabel, onAction, busy = false, blocker = '' }: Props) {
  const [confirmed, setConfirmed] = useState(false);
  const headingId = useId();
  return (
    <section className="read-aloud" aria-labelledby={headingId}>
      <h3 id={headingId}>Read aloud before continuing</h3>
      <div className="read-aloud-text">{children}</div>
      <label className="check">
        <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
        I have read this summary aloud and everyone agrees
      </label>
      {blocker !== '' ? <p className="warning">{blocker}</p> : null}
      <button type="button" className="primary" disabled={!confirmed || busy || blocker !== ''}
        onClick={() => { setConfirmed(false); onAction(); }}>
        {busy ? 'Working…' : actionLabel}
      </button>
    </section>
  );
}
