/**
 * "Check without unsealing": a custodian confirms their share is a current, valid member of the
 * share set (sys/shares/check) without adding to the unseal progress or changing any state.
 */
import { useEffect, useState } from 'react';
import { ErrorBox, Verdict } from '../../components/error-box.js';
import { submitBlocker } from '../../lib/share-check.js';
import { toUiError } from '../../store/types.js';
import type { UiError } from '../../store/types.js';
import { useApp } from '../../store/use-app.js';
import { checkShareOnServer } from '../handout/share-check-api.js';

export function CheckOnly() {
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

  return (
    <div className="check-only">
      <button type="button" onClick={() => void check()} disabled={busy || draft.trim() === ''}>Check without unsealing</button>
      <Verdict text={verdict} />
      <ErrorBox error={error} title="Share check" />
    </div>
  );
}
