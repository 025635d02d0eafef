/**
 * A button for a disruptive action (reset, cancel, seal) that asks once more in words before
 * acting. Inline rather than a modal so it stays keyboard- and projector-friendly.
 */
import { useEffect, useRef, useState } from 'react';

interface Props {
  label: string;
  question: string;
  confirmLabel: string;
  /** What the other button does, in words ("Don't seal: keep working"); never a vague "Keep going". */
  cancelLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
  danger?: boolean;
}

export function ConfirmButton({ label, question, confirmLabel, cancelLabel, onConfirm, disabled = false, danger = true }: Props) {
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);
  if (!asking) {
    return <button type="button" className={danger ? 'danger' : ''} onClick={() => setAsking(true)} disabled={disabled}>{label}</button>;
  }
  return (
    <div className="confirm" role="group" aria-label={label}>
      <p>{question}</p>
      <button type="button" ref={confirmRef} className={danger ? 'danger' : 'primary'} onClick={() => { setAsking(false); onConfirm(); }}>{confirmLabel}</button>
      <button type="button" onClick={() => setAsking(false)}>{cancelLabel}</button>
    </div>
  );
}
