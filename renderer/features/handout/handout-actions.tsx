/**
 * Plug point for the share hand-out exports of issue 6 (PGP `.asc` file, QR code, printable
 * A4/Letter handout, read-back check). The init and rekey hand-out steps render this for the one
 * custodian on screen; the export feature replaces the body of this component and keeps its
 * props. Until then it only says what is coming, so the ceremony can run with the share text.
 */
import type { HandoutShare } from '../../lib/api-types.js';

export interface HandoutContext {
  /** The one custodian's share on screen (secret: never log it or store it elsewhere). */
  share: HandoutShare;
  keyringId: string;
  generation: number | null;
  threshold: number;
  total: number;
  ceremony: 'init' | 'rekey';
}

export function HandoutActions(props: HandoutContext) {
  return (
    <section className="handout-actions" aria-label={`Hand-out options for ${props.share.custodian}`} data-plug="handout-actions">
      <p className="muted">Printed handout, QR code and PGP file export are not available in this build: copy the share text by hand and read it back.</p>
    </section>
  );
}
