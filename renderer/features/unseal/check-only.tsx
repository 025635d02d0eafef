/**
 * "Check without unsealing": a custodian confirms their share is a current, valid member of the
 * share set (sys/shares/check) without adding to the unseal progress or changing any state.
 * The verdict is shown by the share field itself (ShareEntry), next to what was checked.
 */
import { useEffect, useState } from 'react';
import { submitBlocker } from '../../lib/share-check.js';
import { toUiError } from '../../store/types.js';
import type { UiError } from '../../store/types.js';
import { useApp } from '../../store/use-app.js';
import { checkShareOnServer } from '../handout/share-check-api.js';

export interface ShareCheck {
  verdict: string;
  error: UiError | null;
  busy: boolean;
  check(): Promise<void>;
  /** Forgets the verdict (the share is being submitted: the submission's verdict replaces it). */
  clear(): void;
}

export function useShareCheck(): ShareCheck {
  const draft = useApp((s) => s.shareDraft);
  const [verdict, setVerdict] = useState('');
  const [error, setError] = useState<UiError | null>(null);
  const [busy, setBusy] = useState(false);
  // A verdict belongs to the text it checked: any edit (or the next custodian) clears it.
  useEffect(() => { setVerdict(''); setError(null); }, [draft]);

  const check = async () => {
    setVerdict('');
    setError(null);
    const why = submitBlocker(draft);
    if (why !== '') {
      setError({ message: why, status: 0, code: '', context: {} });
      return;
    }
    setBusy(true);
    try {
      const r = await checkShareOnServer(draft.trim());
      setVerdict(`Valid: share ${r.shareIndex ?? '?'}${r.custodian ? ` of ${r.custodian}` : ''}${r.generation !== null ? `, generation ${r.generation}` : ''}. Nothing was submitted.`);
    } catch (err) {
      setError(toUiError(err));
    } finally {
      setBusy(false);
    }
  };
  const clear = () => { setVerdict(''); setError(null); };
  return { verdict, error, busy, check, clear };
}

export function CheckOnlyButton({ check }: { check: ShareCheck }) {
  const draft = useApp((s) => s.shareDraft);
  return <button type="button" onClick={() => void check.check()} disabled={check.busy || draft.trim() === ''}>Check without unsealing</button>;
}
