/**
 * One printed handout page (A4 or Letter): everything a custodian needs years later to bring the
 * share back, and nothing of anyone else's. Styled only through classes in handout.css (strict
 * CSP: no inline styles); the QR is an SVG data: URL.
 */
import { formatShareTextLines } from '../../../shared/share-text.js';
import { groupFingerprint } from '../../lib/pgp-key-info.js';
import type { HandoutContext } from './handout-actions.js';
import { shareFileName } from './handout-filename.js';
import { ARMORED_QR_LEVEL, SHARE_QR_LEVEL } from './share-qr.js';
import { CHECK_NOTE } from './share-text-display.js';
import type { QrImage } from './share-qr.js';

const GROUPS_PER_LINE = 4;

interface Props extends HandoutContext {
  qr: QrImage | null;
  /** Date of the ceremony, YYYY-MM-DD. */
  createdOn: string;
}

export function HandoutSheet(p: Props) {
  const { share } = p;
  const pgp = share.pgpEncrypted || (share.text === '' && share.armored !== '');
  const ascName = shareFileName(share.custodian, p.keyringId, p.generation, 'asc', p.keyringName);
  return (
    <article className="handout-page" aria-label={`Printed handout for ${share.custodian}`}>
      <header className="handout-head">
        <p className="handout-product">Symbolon · key share handout{p.keyringName !== '' ? <> · <strong>{p.keyringName}</strong></> : null}</p>
        <h1 className="handout-title">Share {share.index} for {share.custodian}</h1>
        <p>One of {p.total} pieces of the key protecting this keyring; any {p.threshold} of them unseal it. Keep this page private, folded, in a sealed envelope.</p>
        {/* Printed before the commit: until the rekey completes, the old shares are the valid ones. */}
        {p.ceremony === 'rekey' ? <p className="handout-pending"><strong>Valid only once this rekey completes{p.generation !== null ? ` (generation ${p.generation})` : ''}.</strong> Until then the current shares stay the valid ones; if the rekey is cancelled, destroy this page.</p> : null}
      </header>
      <div className="handout-top">
        <dl className="handout-facts">
          {p.keyringName !== '' ? <div><dt>Keyring</dt><dd>{p.keyringName}</dd></div> : null}
          <div><dt>Custodian</dt><dd>{share.custodian}</dd></div>
          <div><dt>Share index</dt><dd>{share.index}</dd></div>
          <div><dt>Threshold</dt><dd>{p.threshold} of {p.total}</dd></div>
          <div><dt>Keyring id</dt><dd className="handout-mono">{p.keyringId || 'unknown'}</dd></div>
          <div><dt>Generation</dt><dd>{p.generation ?? 'new'}</dd></div>
          <div><dt>Created</dt><dd>{p.createdOn}</dd></div>
          {share.fingerprint !== '' ? <div><dt>PGP key</dt><dd className="handout-mono handout-fingerprint">{groupFingerprint(share.fingerprint)}</dd></div> : null}
        </dl>
        {p.qr ? (
          <figure className={pgp ? 'handout-qr handout-qr-pgp' : 'handout-qr'}>
            <img src={p.qr.dataUrl} alt={pgp ? 'QR code of the encrypted share' : 'QR code of the share text'} />
            <figcaption>QR version {p.qr.version}, error correction {pgp ? ARMORED_QR_LEVEL : SHARE_QR_LEVEL}</figcaption>
          </figure>
        ) : null}
      </div>
      {pgp ? <PgpBody ascName={ascName} qrPrinted={p.qr !== null} /> : <ShareBody text={share.text || share.hex} human={share.text !== ''} />}
      <section className="handout-instructions">
        <h2>Bringing it back</h2>
        <ol>
          <li>Come in person to the ceremony with this page (and the .asc file, if you have one).</li>
          <li>{pgp ? `Decrypt with “gpg --decrypt ${ascName}” on your own computer and enter the line it prints,` : 'Scan the QR code with Symbolon’s “Scan QR”, or type the groups above,'} when the operator asks for your share.</li>
          <li>{pgp ? 'Symbolon checks the share as soon as it is entered' : 'Symbolon checks every group as you type and names the group of any typo'}; it tells you if the share belongs to an older generation.</li>
          <li>If this page is lost or seen by someone else, tell the keyring operator: a rekey replaces every share.</li>
        </ol>
      </section>
      <section className="handout-signatures" aria-label="Signatures">
        <div><span className="handout-sign-line" /><span>Custodian ({share.custodian}): signature and date</span></div>
        <div><span className="handout-sign-line" /><span>Witness: name, signature and date</span></div>
      </section>
    </article>
  );
}

function ShareBody({ text, human }: { text: string; human: boolean }) {
  if (!human) {
    return <section className="handout-share"><h2>Share (hex)</h2><p className="handout-hex">{text}</p></section>;
  }
  const lines = formatShareTextLines(text, GROUPS_PER_LINE);
  return (
    <section className="handout-share">
      <h2>Share text</h2>
      <ol className="handout-lines">
        {lines.map((line, i) => (
          <li key={i}>
            <span className="handout-line-number">{i * GROUPS_PER_LINE + 1}–{i * GROUPS_PER_LINE + line.split('-').length}</span>
            <span className="handout-line-text">{line}</span>
          </li>
        ))}
      </ol>
      <p className="handout-note">Sixteen groups of five. {CHECK_NOTE} Dashes are optional when typing.</p>
    </section>
  );
}

function PgpBody({ ascName, qrPrinted }: { ascName: string; qrPrinted: boolean }) {
  return (
    <section className="handout-share">
      <h2>Encrypted share</h2>
      <p>This share is encrypted to your PGP key and is not printed in the clear. Your copy is the file <strong className="handout-mono">{ascName}</strong>.</p>
      <p>{qrPrinted ? 'The QR code holds the same encrypted message as the .asc file.' : 'The encrypted message is too large for a QR code: use the .asc file.'}</p>
    </section>
  );
}
