/**
 * Share handouts as custodians receive them, checked with real tools only: `symbolon serve`,
 * the built UI in Debian's Chromium (whose print engine is Electron's printToPDF), poppler and
 * zbar for the paper, GnuPG for the `.asc` files. A 3-of-5 keyring is initialized through the UI
 * and then unsealed using ONLY what zbarimg read from the printed PDFs — and, for a second
 * keyring, ONLY what gpg decrypted from the exported files.
 */
import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { formatShareTextLines } from '../../shared/share-text.js';
import { armoredQr, shareQr } from '../../renderer/features/handout/share-qr.js';
import { safeNamePart } from '../../renderer/features/handout/handout-filename.js';
import { api, startServe, tempDir } from '../helpers/serve.js';
import type { ServeProcess } from '../helpers/serve.js';
import { GnuPG } from '../integration/pgp/gnupg.js';
import { proveShare, INIT_FINISH } from './helpers/ceremony.js';
import { initThroughUi, launchChromium, pageCornerGrey, pdfPageCount, pdfPageSize, pdfText, pdfUnite, printRequests, rasterise, recordPrintRequests, verticalLines, zbarDecode } from '../integration/handout/tools.js';
import type { InitAnswer } from '../integration/handout/tools.js';

const NAMES = ['Ana', 'Ben', 'Chloé', 'Dev', 'Eve'];
const RESULTS = join(import.meta.dirname, '..', '..', 'test-results');
const tmp = tempDir('symbolon-handout-');
let browser: Browser;
const servers: ServeProcess[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  for (const s of servers) await s.stop();
  tmp.remove();
});

async function serve(name: string): Promise<ServeProcess> {
  const s = await startServe({ dataPath: join(tmp.dir, `${name}.db`) });
  servers.push(s);
  return s;
}

const nextButton = (page: Page, i: number, finish: string) =>
  page.getByRole('button', { name: i === NAMES.length - 1 ? finish : 'Show next custodian' });

async function unsealWith(server: ServeProcess, keys: string[]): Promise<Record<string, unknown>> {
  let last: Record<string, unknown> = {};
  for (const key of keys) {
    const r = await api(server, 'PUT', 'sys/unseal', { body: { key } });
    expect(r.status, r.text).toBe(200);
    last = r.body;
  }
  return last;
}

/**
 * Console errors and page errors (CSP violations show up here); API 4xx answers are expected.
 * Print requests are recorded, and the test prints the same print view itself (recordPrintRequests).
 */
async function watchedPage(): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  await recordPrintRequests(page);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(m.text()); });
  return { page, problems };
}

function shareText(init: InitAnswer, i: number): string {
  const text = init.shares[i]?.text;
  if (!text) throw new Error(`share ${i + 1} has no text`);
  return text;
}

describe('printed handouts', () => {
  it('prints one page per custodian whose QR code alone unseals the keyring', async () => {
    const server = await serve('printed');
    const { page, problems } = await watchedPage();
    const init = await initThroughUi(page, server.url, NAMES, 3);
    const fromPaper = new Map<number, string>();
    const pdfs: string[] = [];
    for (const [i, name] of NAMES.entries()) {
      const issued = shareText(init, i);
      await page.getByRole('button', { name: `Show ${name}’s share` }).click();
      await page.getByRole('button', { name: `Print handout for ${name}` }).click();
      // One print request per click, made while the print view held this custodian's handout only.
      await page.getByRole('status').filter({ hasText: `The handout of ${name} went to the printer` }).waitFor();
      expect(await nextButton(page, i, INIT_FINISH).isDisabled()).toBe(true);
      const requested = await printRequests(page);
      expect(requested).toHaveLength(i + 1);
      expect(requested[i]).toContain(`Share ${i + 1} for ${name}`);
      // The read-back must come from the paper: the share is off the screen until it matches.
      expect(await page.getByRole('list', { name: `Share text for ${name}` }).count()).toBe(0);

      const pdf = join(tmp.dir, `handout-${i + 1}.pdf`);
      await page.pdf({ path: pdf, format: 'A4' });
      pdfs.push(pdf);
      expect(pdfPageCount(pdf)).toBe(1);
      const [png] = rasterise(pdf);
      if (!png) throw new Error('pdftoppm wrote no page');
      const decoded = zbarDecode(png);
      expect(decoded).toBe(issued);
      fromPaper.set(i + 1, decoded);

      const printed = pdfText(pdf);
      for (const line of formatShareTextLines(issued, 4)) expect(printed).toContain(line);
      for (const fact of [`Share ${i + 1} for ${name}`, init.keyring_id, '3 of 5', 'Generation', 'Custodian', 'Witness']) expect(printed).toContain(fact);
      // Never another custodian's share on this page (line 1 is mostly the shared keyring tag).
      for (const [j] of NAMES.entries()) {
        if (j !== i) expect(printed).not.toContain(formatShareTextLines(shareText(init, j), 4)[2]);
      }

      if (i === 0) {
        const letter = join(tmp.dir, 'handout-letter.pdf');
        // Electron's printToPDF options (backgrounds printed): the paper stays white under the dark UI theme.
        await page.pdf({ path: letter, format: 'Letter', printBackground: true, preferCSSPageSize: true });
        expect(pdfPageCount(letter)).toBe(1);
        expect(pageCornerGrey(letter)).toBe(255);
        expect(pdfPageSize(letter)).toContain('letter');
        const letterPng = rasterise(letter)[0] ?? '';
        expect(zbarDecode(letterPng)).toBe(issued);
        mkdirSync(join(RESULTS, 'screenshots'), { recursive: true });
        copyFileSync(png, join(RESULTS, 'screenshots', 'handout.png'));
        copyFileSync(letterPng, join(RESULTS, 'screenshots', 'handout-letter.png'));
        // The share-text box is drawn whole on Letter: a solid right border as well as a left one.
        const lines = verticalLines(letter, 250);
        expect(lines.columns.some((x) => x < lines.width / 3)).toBe(true);
        expect(lines.columns.some((x) => x > (lines.width * 2) / 3 && x < lines.width - 20)).toBe(true);
        // Read back the wrong custodian's paper: refused, and the ceremony still waits.
        await page.getByLabel('Share as read from the printout').fill(shareText(init, 1));
        await page.getByRole('button', { name: 'Prove this share' }).click();
        await expect.poll(() => page.getByRole('alert').filter({ hasText: 'This is share 2, not share 1' }).count()).toBe(1);
        expect(await nextButton(page, i, INIT_FINISH).isDisabled()).toBe(true);
      }

      // Read back what zbarimg read from the paper: that is the custodian's proof to the keyring.
      await proveShare(page, name, decoded);
      await expect.poll(() => page.getByRole('status').filter({ hasText: `The keyring accepted the share of ${name} (share ${i + 1})` }).count()).toBe(1);
      await nextButton(page, i, INIT_FINISH).click();
    }
    await page.getByRole('button', { name: 'Finish ceremony' }).click();
    await page.getByRole('heading', { name: 'Ceremony complete' }).waitFor();

    const all = join(tmp.dir, 'handouts.pdf');
    pdfUnite(pdfs, all);
    expect(pdfPageCount(all)).toBe(NAMES.length);
    const versions = init.shares.map((s) => shareQr(s.text ?? '').version);
    const measured = { handoutsPdfBytes: statSync(all).size, onePagePdfBytes: statSync(pdfs[0] ?? '').size, shareQrVersions: versions, pageSize: pdfPageSize(all) };
    writeFileSync(join(RESULTS, 'handout-measurements.json'), JSON.stringify(measured, null, 2));
    console.log('handout measurements', measured);

    // Unseal with shares 2, 4 and 5 exactly as zbarimg decoded them from paper, nothing else.
    const status = await unsealWith(server, [2, 4, 5].map((n) => fromPaper.get(n) ?? ''));
    expect(status).toMatchObject({ sealed: false, progress: 0 });
    expect(problems).toEqual([]);
    await page.close();
  });

  it("opens the browser's own print dialog once per click and the ceremony goes on afterwards", async () => {
    // No recorder here: the real window.print(), counted on its way through.
    const server = await serve('browser-print');
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.addInitScript({ content: `(() => {
      const counts = { print: 0, beforeprint: 0 };
      Object.defineProperty(window, '__printCounts', { value: counts });
      const print = window.print.bind(window);
      window.print = () => { counts.print += 1; print(); };
      window.addEventListener('beforeprint', () => { counts.beforeprint += 1; });
    })();` });
    const counts = async () => (await page.evaluate('({ ...window.__printCounts })')) as { print: number; beforeprint: number };
    const names = ['Ana', 'Ben', 'Chloé'];
    const init = await initThroughUi(page, server.url, names, 2);
    // Headless Chromium has no dialog to close: its print job stays open for the page's life (a
    // second print() opens nothing), so one custodian prints here; the others read back by hand.
    for (const [i, name] of names.entries()) {
      await page.getByRole('button', { name: `Show ${name}’s share` }).click();
      if (i === 0) {
        await page.getByRole('button', { name: `Print handout for ${name}` }).click();
        await expect.poll(counts).toEqual({ print: 1, beforeprint: 1 });
      }
      // The page still answers: the read-back (the custodian's proof) and the next custodian work after the print request.
      await proveShare(page, name, shareText(init, i));
      await expect.poll(() => page.getByRole('status').filter({ hasText: `The keyring accepted the share of ${name} (share ${i + 1})` }).count()).toBe(1);
      await page.getByRole('button', { name: i === names.length - 1 ? INIT_FINISH : 'Show next custodian' }).click();
    }
    await expect.poll(() => page.getByRole('button', { name: 'Finish ceremony' }).isVisible()).toBe(true);
    expect(await counts()).toEqual({ print: 1, beforeprint: 1 });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('exports .asc files that gpg decrypts into shares that unseal the keyring', async () => {
    const server = await serve('pgp');
    const gpg = new GnuPG();
    try {
      const keys = NAMES.map((name) => gpg.exportArmored(gpg.generate(`${name} <custodian${name.length}@example.org>`, 'future-default', 'default')));
      const { page, problems } = await watchedPage();
      const init = await initThroughUi(page, server.url, NAMES, 3, keys);
      const fromGpg: string[] = [];
      for (const [i, name] of NAMES.entries()) {
        const issued = init.shares[i]?.pgp_armored ?? '';
        expect(issued).toContain('-----BEGIN PGP MESSAGE-----');
        await page.getByRole('button', { name: `Show ${name}’s share` }).click();
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Save encrypted file/ }).click()]);
        const fileName = download.suggestedFilename();
        expect(fileName).toBe(`${safeNamePart(name)}-${init.keyring_id.slice(0, 8)}-gen1.asc`);
        const file = join(tmp.dir, fileName);
        await download.saveAs(file);
        expect(readFileSync(file, 'utf8')).toBe(issued);
        fromGpg.push(gpg.run(['--batch', '--quiet', '--decrypt', file]).toString('utf8').trim());

        if (i === 0) {
          mkdirSync(join(RESULTS, 'screenshots'), { recursive: true });
          // The PGP handout carries the armored message as a QR when it fits (it does for Curve25519).
          const qr = armoredQr(issued);
          expect(qr).not.toBeNull();
          await page.getByRole('button', { name: `Print handout for ${name}` }).click();
          await expect.poll(async () => (await printRequests(page)).length).toBe(1);
          const pdf = join(tmp.dir, 'pgp-handout.pdf');
          await page.pdf({ path: pdf, format: 'A4' });
          expect(pdfPageCount(pdf)).toBe(1);
          const [png] = rasterise(pdf);
          const decoded = zbarDecode(png ?? '');
          copyFileSync(png ?? '', join(RESULTS, 'screenshots', 'handout-pgp.png'));
          expect(decoded.trim()).toBe(issued.trim());
          expect(pdfText(pdf)).toContain(fileName);
          console.log('PGP handout', { armoredChars: issued.length, qrVersion: qr?.version, pdfBytes: statSync(pdf).size });
        }
        // A PGP custodian proves the share with what their key decrypts, never the message itself.
        await proveShare(page, name, fromGpg[i] ?? '');
        await nextButton(page, i, INIT_FINISH).click();
      }
      await page.getByRole('button', { name: 'Finish ceremony' }).click();
      await page.getByRole('heading', { name: 'Ceremony complete' }).waitFor();
      expect(fromGpg.every((hex) => /^[0-9a-f]{66}$/.test(hex))).toBe(true);
      const status = await unsealWith(server, [fromGpg[0], fromGpg[2], fromGpg[4]].map((k) => k ?? ''));
      expect(status).toMatchObject({ sealed: false, progress: 0 });
      expect(problems).toEqual([]);
      await page.close();
    } finally {
      gpg.dispose();
    }
  });
});
