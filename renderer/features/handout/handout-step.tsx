/**
 * One-custodian-at-a-time hand-out, used by init and rekey. Each share stays hidden until its
 * custodian is at the screen, and is hidden again before the next one steps up.
 */
import { useEffect, useState } from 'react';
import type { HandoutShare } from '../../lib/api-types.js';
import type { InitProof } from '../../store/init-slice.js';
import type { HandoutCursor } from '../../store/types.js';
import { groupFingerprint } from '../../lib/pgp-key-info.js';
import { HANDOUT_IDLE_MS } from '../../store/activity-slice.js';
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
  /**
   * Init with verification: each custodian's read-back is the server-side proof of their share,
   * and the next custodian (or the finish) waits for it. `complete` is the server's word that the
   * last proof initialized the keyring.
   */
  proof?: { proven: readonly number[]; prove: (key: string) => Promise<InitProof>; complete: boolean };
}

/** "Hidden in 2:41 without activity": the idle rule (activity-slice.ts) as a visible clock. */
function HideCountdown() {
  const last = useApp((s) => s.lastActivityAt);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  const left = Math.max(0, Math.ceil((HANDOUT_IDLE_MS - (now - last)) / 1000));
  const clock = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
  return <p className="muted hide-countdown">Without activity, this share is hidden in <strong>{clock}</strong> (any key or mouse movement restarts the clock); all shares are wiped after five minutes.</p>;
}

export function HandoutStep(p: Props) {
  const sealName = useApp((s) => s.seal?.keyringName ?? '');
  const keyringName = p.keyringName ?? sealName;
  // The position whose share the operator hid with "Hide share" (shown again on request).
  const [hiddenAt, setHiddenAt] = useState<number | null>(null);
  // Positions whose handout was printed but not yet read back: the ceremony waits for them.
  const [awaitingReadBack, setAwaitingReadBack] = useState<ReadonlySet<number>>(new Set());
  const unproven = p.proof !== undefined && !p.proof.proven.includes(p.shares[p.cursor.position]?.index ?? -1);
  // A printed handout awaiting its read-back: the share leaves the screen so the check comes from paper.
  const readingBack = awaitingReadBack.has(p.cursor.position);
  const blocked = readingBack || unproven || (p.proof !== undefined && p.cursor.position >= p.shares.length - 1 && !p.proof.complete);
  const markReadBack = (pending: boolean) => setAwaitingReadBack((now) => {
    const next = new Set(now);
    if (pending) next.add(p.cursor.position); else next.delete(p.cursor.position);
    return next;
  });
  const share = p.shares[p.cursor.position];
  const visible = p.cursor.visible && hiddenAt !== p.cursor.position;
  if (!share) return <p role="alert" className="error-box">The shares are no longer in memory (wiped after inactivity).</p>;
  const total = p.shares.length;
  const last = p.cursor.position >= total - 1;
  return (
    <section className="handout" aria-labelledby="handout-heading">
      <h3 id="handout-heading">Custodian {share.position} of {total}: {share.custodian}</h3>
      {!visible ? (
        <div className="handout-waiting">
          <p className="big">Everyone except <strong>{share.custodian}</strong>, please look away from the screen.</p>
          <button type="button" className="primary" onClick={() => { setHiddenAt(null); p.onShow(); }}>Show {share.custodian}’s share</button>
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
          {/* While a printout is read back, the check must come from the paper, not the screen. */}
          {readingBack && (share.text !== '' || !share.pgpEncrypted)
            ? <p className="notice">The share is hidden while the printed handout is read back: read it from the paper.</p>
            : share.text !== '' ? <ShareTextDisplay text={share.text} label={`Share text for ${share.custodian}`} /> : null}
          {share.pgpEncrypted ? (
            <p className="big">This share is encrypted to {share.custodian}’s PGP key; only that key can read it. Hand over the encrypted file.</p>
          ) : null}
          {share.text === '' && !share.pgpEncrypted && !readingBack ? (
            <p className="mono share-hex" aria-label={`Share (hex) for ${share.custodian}`}>{share.hex}</p>
          ) : null}
          <HandoutActions share={share} keyringId={p.keyringId} keyringName={keyringName} generation={p.generation} threshold={p.threshold} total={total} ceremony={p.ceremony}
            readBackPending={readingBack} onReadBackPending={markReadBack}
            {...(p.proof ? { prove: p.proof.prove, proven: !unproven } : {})} />
          <div className="actions">
            <button type="button" onClick={() => setHiddenAt(p.cursor.position)}>Hide share</button>
          </div>
          <HideCountdown />
        </div>
      )}
      {blocked ? (
        <p className="warning">{p.proof
          ? `${share.custodian} must read the share back from paper, and the keyring must accept it, before the ceremony continues.`
          : 'The printed handout must be read back before the ceremony continues.'}</p>
      ) : null}
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
