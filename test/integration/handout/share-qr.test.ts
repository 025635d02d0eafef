/**
 * The handout QR codes (renderer/features/handout/share-qr.ts), decoded back by an independent
 * reader: the SVG the handout prints is rasterised here from its path data and read by jsQR, so
 * both the encoding choice (mixed segments, level H) and the drawing are checked.
 */
import { randomBytes } from 'node:crypto';
import jsQRModule from 'jsqr';
import { describe, expect, it } from 'vitest';
import { encodeShareText } from '../../../shared/share-text.js';
import { ARMORED_QR_MAX_VERSION, armoredQr, shareQr } from '../../../renderer/features/handout/share-qr.js';
import type { QrImage } from '../../../renderer/features/handout/share-qr.js';

const SCALE = 4;
// jsqr is CommonJS: under Node's ESM rules the default import is `module.exports`, whose `default` is jsQR.
const jsQR = jsQRModule.default;

/** Paints the SVG's `M x y h w v1 h -w z` runs into an RGBA bitmap and decodes it. */
function decode(qr: QrImage): string | null {
  const svg = decodeURIComponent(qr.dataUrl.replace(/^data:image\/svg\+xml,/, ''));
  const side = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1]);
  expect(side).toBe(qr.size + 8);
  const px = side * SCALE;
  const rgba = new Uint8ClampedArray(px * px * 4).fill(255);
  for (const [, x, y, w] of svg.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    for (let dy = 0; dy < SCALE; dy += 1) {
      for (let dx = 0; dx < Number(w) * SCALE; dx += 1) {
        const at = ((Number(y) * SCALE + dy) * px + Number(x) * SCALE + dx) * 4;
        rgba[at] = rgba[at + 1] = rgba[at + 2] = 0;
      }
    }
  }
  return jsQR(rgba, px, px)?.data ?? null;
}

function randomShareText(index: number): string {
  return encodeShareText({ keyringTag: new Uint8Array(randomBytes(3)), generation: 1 + (index % 7), index: 1 + (index % 255), share: new Uint8Array(randomBytes(33)), rawKey: false });
}

describe('share QR codes', () => {
  it('encode the issued share text exactly, at level H, in version 8', () => {
    for (let i = 0; i < 40; i += 1) {
      const text = randomShareText(i);
      const qr = shareQr(text);
      expect(decode(qr)).toBe(text);
      // Version 8 unless ≥ 6 check symbols are '~' or '=' (odds ~1e-4); see the next test for the bound.
      expect(qr.version).toBeGreaterThanOrEqual(8);
      expect(qr.version).toBeLessThanOrEqual(9);
      expect(qr.size).toBe(17 + 4 * qr.version);
    }
  });

  it('stays within version 9 when every check symbol is outside the alphanumeric set', () => {
    const worst = Array.from({ length: 16 }, (_, g) => `ABCD${g % 2 === 0 ? '~' : '='}`).join('-');
    const qr = shareQr(worst);
    expect(qr.version).toBe(9);
    expect(decode(qr)).toBe(worst);
    expect(shareQr(Array.from({ length: 16 }, () => 'ABCD$').join('-')).version).toBe(8);
  });

  it('prints a Curve25519-sized PGP message and refuses one too large for paper', () => {
    const armor = (bytes: number) => `-----BEGIN PGP MESSAGE-----\n\n${randomBytes(bytes).toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END PGP MESSAGE-----\n`;
    const small = armor(190);
    const qr = armoredQr(small);
    expect(qr?.version).toBeLessThanOrEqual(ARMORED_QR_MAX_VERSION);
    expect(qr && decode(qr)).toBe(small);
    expect(armoredQr(armor(700))).toBeNull();
  });

  it('rejects empty or non-string input with a clear error', () => {
    expect(() => shareQr('')).toThrow(RangeError);
    expect(() => shareQr(42 as unknown as string)).toThrow(TypeError);
    expect(() => armoredQr(' ')).toThrow(RangeError);
  });
});
