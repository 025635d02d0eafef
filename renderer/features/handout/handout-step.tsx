/**
 * One-custodian-at-a-time hand-out, used by init and rekey. Each share stays hidden until its
 * custodian is at the screen, and is hidden again before the next one steps up.
 */
import { useState } from 'react';
import type { HandoutShare } from '../../lib/api-types.js';
import type { HandoutCursor } from '../../store/types.js';
import { groupFingerprint } from '../../lib/pgp-key-info.js';
import { useApp } from '../../store/use-app.js';
import { HandoutActions } from './handout-actions.js';
import { ShareTextDisplay } from './share-text-display.js';

interface Props {
  shares: readonly HandoutShare[];
  cursor: HandoutCursor;
  keyringId: string;
  /** Defaults to the name seal-status reports (rekey); init passes the name its response gave. */
  keyringName?: string;
  generation: number | null;
  threshold: number;
  ceremony: 'init' | 'rekey';
  onShow: () => void;
  onNext: () => void;
  onFinish: () => void;
  finishLabel: string;
}

export function HandoutStep(p: Props) {
  const sealName = useApp((s) => s.seal?.keyringName ?? '');
  const keyringName = p.keyringName ?? sealName;
  // Positions whose handout was printed but not yet read back: the ceremony waits for them.
  const [awaitingReadBack, setAwaitingReadBack] = useState<ReadonlySet<number>>(new Set());
  const blocked = awaitingReadBack.has(p.cursor.position);
  const markReadBack = (pending: boolean) => setAwaitingReadBack((now) => {
    const next = new Set(now);
    if (pending) next.add(p.cursor.position); else next.delete(p.cursor.position);
    return next;
  });
  const share = p.shares[p.cursor.position];
  if (!share) return <p role="alert" className="error-box">The shares are no longer in memory (wiped after inactivity).</p>;
  const total = p.shares.length;
  const last = p.cursor.position >= total - 1;
  return (
    <section className="handout" aria-labelledby="handout-heading">
      <h3 id="handout-heading">Custodian {share.position} of {total}: {share.custodian}</h3>
      {!p.cursor.visible ? (
        <div className="handout-waiting">
          <p className="big">Everyone except <strong>{share.custodian}</strong>, please look away from the screen.</p>
          <button type="button" className="primary" onClick={p.onShow}>Show {share.custodian}’s share</button>
        </div>
      ) : (
        <div className="handout-share">
          <dl className="facts">
            <div><dt>Share</dt><dd>{share.index} of {total} (any {p.threshold} unseal)</dd></div>
            {p.generation !== null ? <div><dt>Generation</dt><dd>{p.generation}</dd></div> : null}
            {keyringName !== '' ? <div><dt>Keyring</dt><dd>{keyringName}</dd></div> : null}
            {p.keyringId !== '' ? <div><dt>Keyring id</dt><dd className="mono">{p.keyringId}</dd></div> : null}
            {share.fingerprint !== '' ? <div><dt>PGP key</dt><dd className="mono fingerprint">{groupFingerprint(share.fingerprint)}</dd></div> : null}
          </dl>
          {share.text !== '' ? <ShareTextDisplay text={share.text} label={`Share text for ${share.custodian}`} /> : null}
          {share.pgpEncrypted ? (
            <p className="big">This share is encrypted to {share.custodian}’s PGP key; only that key can read it. Hand over the encrypted file.</p>
          ) : null}
          {share.text === '' && !share.pgpEncrypted ? (
            <p className="mono share-hex" aria-label={`Share (hex) for ${share.custodian}`}>{share.hex}</p>
          ) : null}
          <HandoutActions share={share} keyringId={p.keyringId} keyringName={keyringName} generation={p.generation} threshold={p.threshold} total={total} ceremony={p.ceremony}
            readBackPending={blocked} onReadBackPending={markReadBack} />
          <p className="muted">The share is hidden after a minute without activity; all shares are wiped after five.</p>
        </div>
      )}
      {blocked ? <p className="warning">The printed handout must be read back before the ceremony continues.</p> : null}
      <div className="actions">
        {last ? (
          <button type="button" className={p.cursor.visible ? 'primary' : ''} onClick={p.onFinish} disabled={!p.cursor.visible || blocked}>{p.finishLabel}</button>
        ) : (
          <button type="button" onClick={p.onNext} disabled={!p.cursor.visible || blocked}>Show next custodian</button>
        )}
      </div>
    </section>
  );
}
