/**
 * QR codes for share handouts (ISO/IEC 18004), built with the `qrcode` package and drawn as an
 * SVG data: URL (allowed by the UI's CSP `img-src data:`; vector, so it prints sharp at any DPI).
 *
 * Encoding, chosen deliberately:
 * - The human share text (95 characters: Crockford symbols, check symbols `*~$=U`, dashes) is
 *   encoded exactly as issued, so a phone or `zbarimg` reads back the very text the unseal screen
 *   takes. QR's alphanumeric mode covers 0-9 A-Z space $ % * + - . / : — everything except the
 *   check symbols `~` and `=`. Passing the string to `QRCode.create` makes the library pick the
 *   cheapest mix of segments (numeric/alphanumeric runs, byte mode only around `~`/`=`), which
 *   ISO 18004 allows within one symbol. Result at level H: version 8 (49×49 modules) for an
 *   all-alphanumeric text and for the usual one or two `~`/`=`; never above version 9 (53×53),
 *   which holds the whole text even in byte mode.
 * - Error correction H (≈30 % of codewords recoverable) rather than Q (≈25 %): a handout is kept
 *   folded in an envelope for years, so creases, stains and fading are expected; H costs only
 *   version 8 instead of 6, and at ~1 mm per module the code stays easy to scan.
 * - A PGP custodian's armored message (mixed case, so byte mode) is printed only when it fits a
 *   QR a laptop camera still reads from paper: at most version 25 (117×117) at level Q. A
 *   Curve25519 message (~350 characters) takes version 17, an RSA-2048 one (~600) about 23; an
 *   RSA-4096 message (~950) does not fit, and its handout says "use the .asc file".
 */
import QRCode from 'qrcode';
import type { QRCodeErrorCorrectionLevel } from 'qrcode';

export const SHARE_QR_LEVEL: QRCodeErrorCorrectionLevel = 'H';
export const ARMORED_QR_LEVEL: QRCodeErrorCorrectionLevel = 'Q';
export const ARMORED_QR_MAX_VERSION = 25;
/** ISO 18004 asks for a light margin of 4 modules around the symbol. */
const QUIET_ZONE = 4;

export interface QrImage {
  /** QR version 1..40 (size = 17 + 4·version modules). */
  version: number;
  /** Modules per side, without the quiet zone. */
  size: number;
  /** `data:image/svg+xml,…` for an <img>. */
  dataUrl: string;
}

/** The QR of a human share text, exactly as given (pass the issued text). */
export function shareQr(text: string): QrImage {
  if (typeof text !== 'string') throw new TypeError('share text must be a string');
  if (text.trim() === '') throw new RangeError('share text must not be empty');
  return qrImage(text, SHARE_QR_LEVEL);
}

/** The QR of an armored PGP message, or null when it is too large for a printed page. */
export function armoredQr(armored: string): QrImage | null {
  if (typeof armored !== 'string') throw new TypeError('armored message must be a string');
  if (armored.trim() === '') throw new RangeError('armored message must not be empty');
  try {
    return qrImage(armored, ARMORED_QR_LEVEL, ARMORED_QR_MAX_VERSION);
  } catch (err) {
    if (err instanceof Error && /version|amount of data|too big/i.test(err.message)) return null;
    throw err;
  }
}

export function qrImage(data: string, level: QRCodeErrorCorrectionLevel, maxVersion = 40): QrImage {
  const auto = QRCode.create(data, { errorCorrectionLevel: level });
  if (auto.version > maxVersion) throw new RangeError(`QR version ${auto.version} is too big for a printed page`);
  const { size } = auto.modules;
  return { version: auto.version, size, dataUrl: svgDataUrl(auto.modules) };
}

/** One SVG path of 1×1 squares, one per dark module, on a white square with the quiet zone. */
function svgDataUrl(modules: { size: number; get(row: number, col: number): number }): string {
  const full = modules.size + 2 * QUIET_ZONE;
  let path = '';
  for (let row = 0; row < modules.size; row += 1) {
    let col = 0;
    while (col < modules.size) {
      if (!modules.get(row, col)) { col += 1; continue; }
      // Horizontal runs keep the path short (a 49×49 code is ~1 kB instead of ~10 kB).
      const start = col;
      while (col < modules.size && modules.get(row, col)) col += 1;
      path += `M${start + QUIET_ZONE} ${row + QUIET_ZONE}h${col - start}v1h${start - col}z`;
    }
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${full} ${full}" shape-rendering="crispEdges">`
    + `<rect width="${full}" height="${full}" fill="#fff"/><path fill="#000" d="${path}"/></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}
