/**
 * The printed ceremony record (one or two A4/Letter pages) for the witnesses: each step with its
 * time, the custodians who took part (index, name, fingerprint), what changed, the transcript's
 * chain head at the end of the ceremony as text and QR, and signature lines. Printed through the
 * same print view as handouts (handout.css); the head is checked later, offline, with
 * `symbolon audit verify --data <keyring file> --head <hash>`.
 */
import { useMemo } from 'react';
import { formatSecond } from '../../lib/format.js';
import { groupFingerprint } from '../../lib/pgp-key-info.js';
import { HandoutPrint } from '../handout/handout-print.js';
import { qrImage } from '../handout/share-qr.js';
import '../handout/handout.css';
import type { Ceremony } from './ceremonies.js';
import { printedHash } from './ceremonies.js';

interface Props {
  ceremony: Ceremony;
  keyringName: string;
  keyringId: string;
}

export function CeremonyRecordPrint(p: Props) {
  const { ceremony: c } = p;
  const qr = useMemo(() => (c.head.hash !== '' ? qrImage(c.head.hash, 'M') : null), [c.head.hash]);
  const first = c.steps[0]?.time ?? '';
  return (
    <HandoutPrint>
      <article className="handout-page ceremony-record" aria-label={`Printed record of the ${c.title} ceremony`}>
        <header className="handout-head">
          <p className="handout-product">Symbolon · ceremony record</p>
          <h1 className="handout-title">{c.title} ceremony</h1>
          <p>{p.keyringName !== '' ? <>Keyring <strong>{p.keyringName}</strong> · </> : null}id <span className="handout-mono">{p.keyringId || 'unknown'}</span>{first ? ` · ${formatSecond(first)} UTC` : ''}</p>
        </header>
        <section>
          <h2>Steps</h2>
          <ol className="record-steps">
            {c.steps.map((s, i) => <li key={i}><span className="record-time">{s.time ? formatSecond(s.time) : ''}</span> {s.text}{s.seq !== null ? ` (entry ${s.seq})` : ''}</li>)}
          </ol>
        </section>
        {c.custodians.length > 0 ? (
          <section>
            <h2>Custodians</h2>
            <table className="record-table">
              <thead><tr><th scope="col">Share</th><th scope="col">Name</th><th scope="col">PGP fingerprint</th></tr></thead>
              <tbody>
                {c.custodians.map((x) => <tr key={x.index}><td>{x.index}</td><td>{x.name}</td><td className="handout-mono handout-fingerprint">{x.fingerprint ? groupFingerprint(x.fingerprint) : '—'}</td></tr>)}
              </tbody>
            </table>
          </section>
        ) : null}
        {c.changes.length > 0 ? <section><h2>What changed</h2><ul>{c.changes.map((x, i) => <li key={i}>{x}</li>)}</ul></section> : null}
        <section className="record-head">
          <div>
            <h2>Transcript chain head</h2>
            <p>Entry {c.head.seq ?? '?'}, SHA-256:</p>
            <p className="handout-mono record-hash">{printedHash(c.head.hash)}</p>
            <p className="record-note">Check later, offline: symbolon audit verify --data &lt;keyring file&gt; --head &lt;this hash&gt;</p>
          </div>
          {qr ? <img className="record-qr" src={qr.dataUrl} alt="QR code of the chain head hash" /> : null}
        </section>
        <section className="handout-signatures record-signatures" aria-label="Signatures">
          <div><span className="handout-sign-line" /><span>Operator: name, signature and date</span></div>
          {c.custodians.map((x) => <div key={x.index}><span className="handout-sign-line" /><span>Custodian {x.name || `share ${x.index}`}: signature</span></div>)}
          <div><span className="handout-sign-line" /><span>Witness: name, signature and date</span></div>
          <div><span className="handout-sign-line" /><span>Witness: name, signature and date</span></div>
        </section>
      </article>
    </HandoutPrint>
  );
}
