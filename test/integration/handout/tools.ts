/**
 * Real tools for the handout and scanning tests: Debian's Chromium through playwright-core,
 * poppler (`pdfinfo`, `pdftoppm`, `pdftotext`, `pdfunite`), `zbarimg`, and a Y4M writer for
 * Chromium's fake camera (YUV4MPEG2, 4:2:0 — the format `--use-file-for-fake-video-capture` reads).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import QRCode from 'qrcode';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import type { InitResponse } from '../../../shared/api/init.js';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...extraArgs] });
}

function run(tool: string, args: string[]): string {
  return execFileSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 16 * 1024 * 1024 });
}

export function pdfPageCount(pdf: string): number {
  const match = /^Pages:\s+(\d+)/m.exec(run('pdfinfo', [pdf]));
  if (!match?.[1]) throw new Error(`pdfinfo printed no page count for ${pdf}`);
  return Number(match[1]);
}

export function pdfPageSize(pdf: string): string {
  return /^Page size:\s+(.+)$/m.exec(run('pdfinfo', [pdf]))?.[1] ?? '';
}

export function pdfText(pdf: string): string {
  return run('pdftotext', ['-layout', pdf, '-']);
}

/** Rasterises every page at `dpi` to PNG; returns the PNG paths in page order. */
export function rasterise(pdf: string, dpi = 150): string[] {
  const prefix = pdf.replace(/\.pdf$/, '');
  run('pdftoppm', ['-r', String(dpi), '-png', pdf, prefix]);
  const stem = basename(prefix);
  return readdirSync(dirname(pdf)).filter((f) => f.startsWith(`${stem}-`) && f.endsWith('.png')).sort().map((f) => join(dirname(pdf), f));
}

/** Every QR code zbarimg finds in the image, as raw text (one entry per symbol). */
export function zbarDecode(png: string): string {
  // --raw prints the data followed by one newline per symbol.
  return run('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', png]).replace(/\n$/, '');
}

/** Grey level (0 black … 255 white) of the top-left pixel of page 1: the paper under the margin. */
export function pageCornerGrey(pdf: string): number {
  const pgm = execFileSync('pdftoppm', ['-r', '20', '-gray', '-f', '1', '-l', '1', pdf], { maxBuffer: 16 * 1024 * 1024 });
  // Binary PGM: "P5\n<w> <h>\n<max>\n" then one byte per pixel.
  const header = /^P5\s+\d+\s+\d+\s+\d+\s/.exec(pgm.subarray(0, 40).toString('latin1'));
  if (!header) throw new Error('pdftoppm -gray did not write a PGM');
  return pgm[header[0].length] ?? -1;
}

export function pdfUnite(parts: string[], out: string): void {
  run('pdfunite', [...parts, out]);
}

/**
 * A Y4M video (one frame, repeated by Chromium) of `text` as a QR code, dark on white, centred
 * in a 640×480 picture — what a laptop camera sees when a handout is held up to it. `text` null
 * gives a blank white picture.
 */
export function writeQrY4m(path: string, text: string | null, level: 'M' | 'Q' | 'H' = 'H'): void {
  const width = 640;
  const height = 480;
  const luma = new Uint8Array(width * height).fill(235);
  if (text !== null) {
    const { modules } = QRCode.create(text, { errorCorrectionLevel: level });
    const scale = Math.floor(Math.min(width, height) / (modules.size + 8));
    const left = Math.floor((width - modules.size * scale) / 2);
    const top = Math.floor((height - modules.size * scale) / 2);
    for (let r = 0; r < modules.size; r += 1) {
      for (let c = 0; c < modules.size; c += 1) {
        if (!modules.get(r, c)) continue;
        for (let y = 0; y < scale; y += 1) luma.fill(16, (top + r * scale + y) * width + left + c * scale, (top + r * scale + y) * width + left + (c + 1) * scale);
      }
    }
  }
  const chroma = new Uint8Array((width / 2) * (height / 2)).fill(128);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(path, Buffer.concat([header, Buffer.from('FRAME\n'), luma, chroma, chroma]));
}

/** Names and threshold through the Initialize screen; returns the `PUT sys/init` answer. */
export async function initThroughUi(page: Page, url: string, names: string[], threshold: number, pgpKeys: string[] = []): Promise<InitAnswer> {
  await page.goto(`${url}/ui/#/init`);
  const add = page.getByRole('button', { name: 'Add custodian' });
  for (let have = await page.getByLabel(/^Name of custodian \d+$/).count(); have < names.length; have += 1) await add.click();
  if (pgpKeys.length > 0) await page.getByLabel(/Encrypt each share to its custodian/).check();
  for (const [i, name] of names.entries()) {
    await page.getByLabel(`Name of custodian ${i + 1}`, { exact: true }).fill(name);
    const key = pgpKeys[i];
    if (key !== undefined) await page.getByLabel(`PGP public key for ${name}`, { exact: true }).fill(key);
  }
  await page.getByRole('button', { name: 'Next: threshold' }).click();
  await page.getByLabel(/^Threshold/).fill(String(threshold));
  await page.getByRole('button', { name: 'Next: review' }).click();
  await page.getByLabel(/I have read this summary aloud/).check();
  const answer = page.waitForResponse((r) => r.url().endsWith('/v1/sys/init') && r.request().method() === 'PUT');
  await page.getByRole('button', { name: 'Generate shares' }).click();
  const res = await answer;
  if (res.status() !== 200) throw new Error(`sys/init answered ${res.status()}: ${await res.text()}`);
  return (await res.json()) as InitAnswer;
}

/** What sys/init answers (shared/api/init.ts). */
export type InitAnswer = InitResponse;

/**
 * Observes the page's print requests instead of letting headless Chromium open a print job.
 * Headless Chromium (156 and later) keeps a `window.print()` job open with no dialog to close, so
 * the test's own `page.pdf()` would be refused ("Page is already being printed"). Each request
 * records the print view's text at that instant (what the dialog would have printed); the test
 * then prints the same view with `page.pdf()`, which lays it out with the same print media rules.
 * Call before the page loads (it is an init script).
 */
export async function recordPrintRequests(page: Page): Promise<void> {
  await page.addInitScript({ content: `(() => {
    const requests = [];
    Object.defineProperty(window, '__printRequests', { value: requests });
    window.print = () => { requests.push(document.querySelector('.handout-print')?.textContent ?? ''); };
  })();` });
}

/** The print view's text at each `window.print()` call so far (see recordPrintRequests). */
export async function printRequests(page: Page): Promise<string[]> {
  return (await page.evaluate('[...(window.__printRequests ?? [])]')) as string[];
}

/**
 * Columns of page 1 (rasterised in grey at `dpi`) holding a vertical dark line of at least
 * `minRun` pixels, and the page width: a box drawn whole shows both its left and right border.
 */
export function verticalLines(pdf: string, minRun: number, dpi = 150): { width: number; columns: number[] } {
  const pgm = execFileSync('pdftoppm', ['-r', String(dpi), '-gray', '-f', '1', '-l', '1', pdf], { maxBuffer: 64 * 1024 * 1024 });
  const header = /^P5\s+(\d+)\s+(\d+)\s+\d+\s/.exec(pgm.subarray(0, 40).toString('latin1'));
  if (!header) throw new Error('pdftoppm -gray did not write a PGM');
  const width = Number(header[1]);
  const height = Number(header[2]);
  const at = header[0].length;
  const columns: number[] = [];
  for (let x = 0; x < width; x += 1) {
    let run = 0;
    let best = 0;
    for (let y = 0; y < height; y += 1) {
      run = (pgm[at + y * width + x] ?? 255) < 128 ? run + 1 : 0;
      if (run > best) best = run;
    }
    if (best >= minRun) columns.push(x);
  }
  return { width, columns };
}
