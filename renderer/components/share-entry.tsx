/**
 * Masked share entry used by unseal, rekey authorization, verification and generate-root.
 * The text is hidden (password field) and shown only while "Hold to reveal" is held down by
 * pointer or keyboard. Per-group feedback shows status only, never the characters, so a
 * projector shows where a typo is without showing the share.
 * Verdicts sit right under the field: the server's refusal *replaces* the local "groups check
 * out" line and ticks, because a share whose check characters are fine can still be another
 * keyring's or an older generation's, and green beside a refusal reads as "accepted".
 */
import { useId, useState } from 'react';
import type { FormEvent, KeyboardEvent, ReactNode } from 'react';
import { checkShareInput, submitBlocker } from '../lib/share-check.js';
import { ScanQrButton } from '../features/scan/scan-qr-button.js';
import type { UiError } from '../store/types.js';
import { useApp } from '../store/use-app.js';
import { ErrorBox, Verdict } from './error-box.js';
import { GroupFeedback } from './group-feedback.js';

interface Props {
  label: string;
  submitLabel: string;
  busy: boolean;
  onSubmit: () => void;
  disabled?: boolean;
  /** The server's refusal of the last share (or check); shown in place of the local verdict. */
  refusal?: UiError | null;
  refusalTitle?: string;
  /** The server's last positive verdict ("Share accepted from Ann"). */
  verdict?: string;
  /** Further buttons beside Submit (e.g. "Check without unsealing"). */
  children?: ReactNode;
}

export function ShareEntry({ label, submitLabel, busy, onSubmit, disabled = false, refusal = null, refusalTitle = 'Share not accepted', verdict = '', children }: Props) {
  const draft = useApp((s) => s.shareDraft);
  const setDraft = useApp((s) => s.setShareDraft);
  const [revealed, setRevealed] = useState(false);
  const [blocker, setBlocker] = useState('');
  const inputId = useId();
  const helpId = useId();
  const check = checkShareInput(draft);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const why = submitBlocker(draft);
    setBlocker(why);
    setRevealed(false);
    if (why === '') onSubmit();
  };
  const holdKey = (e: KeyboardEvent) => {
    if ((e.key === ' ' || e.key === 'Enter') && !e.repeat) {
      e.preventDefault();
      setRevealed(true);
    }
  };

  return (
    <form className="share-entry" onSubmit={submit} autoComplete="off">
      <label htmlFor={inputId}>{label}</label>
      <div className="share-input-row">
        <input
          id={inputId}
          className="share-input"
          type={revealed ? 'text' : 'password'}
          value={draft}
          onChange={(e) => { setDraft(e.target.value); setBlocker(''); }}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          aria-describedby={helpId}
          disabled={disabled}
        />
        <button
          type="button"
          className="reveal"
          aria-pressed={revealed}
          onPointerDown={() => setRevealed(true)}
          onPointerUp={() => setRevealed(false)}
          onPointerLeave={() => setRevealed(false)}
          onPointerCancel={() => setRevealed(false)}
          onKeyDown={holdKey}
          onKeyUp={() => setRevealed(false)}
          onBlur={() => setRevealed(false)}
          disabled={disabled}
        >
          Hold to reveal
        </button>
      </div>
      {refusal !== null ? <ErrorBox error={refusal} title={refusalTitle} /> : (
        <>
          <p id={helpId} className="share-help" aria-live="polite">{check.message || 'Type or paste the share: share text, or Vault hex or base64.'}</p>
          {check.form === 'text' ? <GroupFeedback groups={check.groups} /> : null}
        </>
      )}
      {blocker !== '' ? <p role="alert" className="error-box">{blocker}</p> : null}
      {refusal === null ? <Verdict text={verdict} /> : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || disabled}>{busy ? 'Checking…' : submitLabel}</button>
        {children}
        <ScanQrButton disabled={disabled || busy} onRead={(text) => { setDraft(text); setBlocker(''); }} />
      </div>
    </form>
  );
}
