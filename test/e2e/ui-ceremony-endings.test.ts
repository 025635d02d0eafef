/**
 * How ceremonies end, as the room sees it at 1366×768: the hand-out's completion screen says for
 * every custodian whether their handout was printed, their share read back (the keyring's proof)
 * and saved to a file, and names who did not; a rekey plan starts from the current custodians and
 * reads aloud who stays, joins and leaves; a rekey handout printed before the commit says on paper
 * that it is valid only from the new generation; and every Done screen prints that ceremony's
 * record itself (init, rekey and rotate checked in the PDF with pdftotext and its QR with zbarimg;
 * unseal and generate root in what the print view held when printing was asked).
 * Real `serve`, real SQLite, Debian's Chromium; axe-core on every screen; screenshots under
 * test-results/screenshots/.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, tempDir } from '../helpers/serve.js';
import { pdfText, printRequests, rasterise, recordPrintRequests, zbarDecode } from '../integration/handout/tools.js';
import { LAPTOP } from './helpers/browser.js';
import { confirmReadAloud, enterShare, fillCustodians, INIT_FINISH, proveShare, recordedShare, setThreshold } from './helpers/ceremony.js';
import { servedBrowser } from './helpers/served-browser.js';
import { axeViolations } from './helpers/sight.js';

const NAME = 'Treasury signing keys';
const env = servedBrowser({ viewport: LAPTOP });
const tmp = tempDir('symbolon-endings-');
const shares = new Map<string, string>();
let rootToken = '';

beforeAll(async () => {
  // window.print() is recorded instead of opening Chromium's print job; page.pdf() prints.
  await recordPrintRequests(env.ui.page);
  // Headless Chromium cannot show the operating system's save dialog: this stands in for the
  // dialog only (the chosen file), and keeps the file's name and length, never its text.
  await env.ui.page.addInitScript({ content: `(() => {
    const saved = [];
    Object.defineProperty(window, '__savedFiles', { value: saved });
    window.showSaveFilePicker = async (options) => ({
      createWritable: async () => {
        let length = 0;
        return { write: async (data) => { length += String(data).length; }, close: async () => { saved.push({ name: options.suggestedName, length }); } };
      },
    });
  })();` });
}, 30_000);

afterAll(() => tmp.remove());

const nav = (screen: string) => env.ui.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: screen, exact: true }).click();

/** Screenshot plus axe-core on the screen as it stands. */
async function look(name: string): Promise<void> {
  await env.ui.shot(`endings-${name}`);
  expect(await axeViolations(env.ui.page), name).toEqual([]);
}

/** Shows the custodian's share, keeps its text (as the custodian would copy it), returns it. */
async function showShare(name: string, position: number, total: number): Promise<string> {
  const { page } = env.ui;
  await page.getByRole('heading', { name: `Custodian ${position} of ${total}: ${name}` }).waitFor();
  await page.getByRole('button', { name: `Show ${name}’s share` }).click();
  const groups = await page.getByRole('list', { name: `Share text for ${name}` }).locator('.share-group-text').allTextContents();
  expect(groups).toHaveLength(16);
  const text = groups.join('-');
  shares.set(name, text);
  return text;
}

/** The hand-out record's rows as the cells read: share, custodian, PGP key, printed, read back, saved. */
async function handoutRecord(): Promise<string[][]> {
  const rows = env.ui.page.getByRole('table', { name: 'Hand-out record' }).getByRole('row');
  await rows.first().waitFor();
  const out: string[][] = [];
  for (const row of await rows.all()) {
    const cells = await row.getByRole('cell').allTextContents();
    if (cells.length > 0) out.push(cells);
  }
  return out;
}

/** Prints the current print view to PDF and returns its text; `page.pdf()` lays out the print media. */
async function printedText(file: string): Promise<{ text: string; pdf: string }> {
  const pdf = join(tmp.dir, file);
  await env.ui.page.pdf({ path: pdf, format: 'A4' });
  return { text: pdfText(pdf), pdf };
}

/** The printed record's QR decodes to its chain head, which is printed as text and is an entry of the log. */
async function checkRecordHead(pdf: string, text: string, ceremony: string): Promise<void> {
  const [png] = rasterise(pdf);
  const hash = zbarDecode(png ?? '');
  expect(hash).toMatch(/^[0-9a-f]{64}$/);
  expect(text.replace(/\s+/g, '')).toContain(hash.toUpperCase());
  const log = await api<{ data: { entries: { hash: string; ceremony?: string }[] } }>(env.server, 'GET', 'sys/audit/log?from=1&limit=10000', { token: rootToken });
  expect(log.body.data.entries.find((e) => e.hash === hash)).toMatchObject({ ceremony });
}

const share = (name: string): string => recordedShare(shares, name);

describe('how ceremonies end, at 1366×768', () => {
  it('ends the init hand-out by saying who printed, read back and saved, and who did not', async () => {
    const { page } = env.ui;
    await page.goto(`${env.served.url}/ui/#/init`);
    await page.getByLabel('Keyring name (printed on every handout, optional)').fill(NAME);
    await fillCustodians(page, ['Ann', 'Bob', 'Cy']);
    await page.getByRole('button', { name: 'Next: threshold' }).click();
    await setThreshold(page, 2);
    await page.getByRole('button', { name: 'Next: review' }).click();
    await confirmReadAloud(page, 'Generate shares');

    // Ann prints her handout, then proves her share from the paper.
    const ann = await showShare('Ann', 1, 3);
    await page.getByRole('button', { name: 'Print handout for Ann' }).click();
    await expect.poll(async () => (await printRequests(page)).length).toBe(1);
    await proveShare(page, 'Ann', ann);
    await page.getByRole('button', { name: 'Show next custodian' }).click();
    // Bob saves his share to a file he chose, and proves it.
    const bob = await showShare('Bob', 2, 3);
    await page.getByRole('button', { name: 'Save plain share to file…' }).click();
    await page.getByRole('status').filter({ hasText: 'The plain share of Bob was written to the file you chose.' }).waitFor();
    const saved = (await page.evaluate('[...window.__savedFiles]')) as { name: string; length: number }[];
    expect(saved).toHaveLength(1);
    expect(saved[0]?.name).toMatch(/Bob.*\.txt$/);
    await proveShare(page, 'Bob', bob);
    await page.getByRole('button', { name: 'Show next custodian' }).click();
    // Cy neither prints nor saves: proving is required at init, the rest is not.
    await proveShare(page, 'Cy', await showShare('Cy', 3, 3));
    await page.getByRole('button', { name: INIT_FINISH }).click();

    const shown = page.getByLabel('Root token', { exact: true });
    rootToken = (await shown.textContent()) ?? '';
    expect(rootToken).toMatch(/^hvs\./);
    await page.getByRole('button', { name: 'Finish ceremony' }).click();
    await page.getByRole('heading', { name: 'Ceremony complete' }).waitFor();
    expect(await handoutRecord()).toEqual([
      ['1', 'Ann', '—', 'Yes', 'Yes', 'No'],
      ['2', 'Bob', '—', 'No', 'Yes', 'Yes'],
      ['3', 'Cy', '—', 'No', 'Yes', 'No'],
    ]);
    await page.getByText('No handout printed for: Bob (share 2), Cy (share 3).').waitFor();
    await page.getByText('Every custodian read their share back and the keyring accepted it.').waitFor();
    await page.getByText('No share file saved for: Ann (share 1), Cy (share 3).').waitFor();
    // The record is in the transcript, which opens only once unsealed: said, not offered in vain.
    expect(await page.getByRole('button', { name: 'Print ceremony record' }).isDisabled()).toBe(true);
    await page.getByText(/^The record is read from the keyring’s transcript, which opens only when the keyring is unsealed\. The Unseal screen offers/).waitFor();
    await look('init-done');
  });

  it('offers the unseal’s record and the init’s record when unsealed, and prints the init record', async () => {
    const { page } = env.ui;
    await page.getByRole('link', { name: 'Continue to Unseal' }).click();
    await enterShare(page, 'Share of custodian 1', share('Ann'), 'Submit share');
    await enterShare(page, 'Share of custodian 2', share('Cy'), 'Submit share');
    await page.getByRole('heading', { name: 'The keyring is unsealed' }).waitFor();
    await page.getByRole('button', { name: 'Print ceremony record' }).waitFor();
    await look('unseal-done');
    await page.getByRole('button', { name: 'Print the initialize ceremony record' }).click();
    await page.getByText('The record of the initialize ceremony was sent to print.', { exact: true }).waitFor();
    expect(await printRequests(page)).toHaveLength(2);
    const { text, pdf } = await printedText('init-record.pdf');
    for (const fact of ['Initialize ceremony', NAME, 'Keyring initialized: 2 of 3', 'Ann', 'Bob', 'Cy', 'Transcript chain head', 'Operator', 'Witness']) expect(text).toContain(fact);
    expect(text).not.toContain('Unseal ceremony');
    await checkRecordHead(pdf, text, 'init');

    await page.getByRole('button', { name: 'Print ceremony record' }).click();
    await page.getByText('The record of the unseal ceremony was sent to print.', { exact: true }).waitFor();
    const unseal = (await printRequests(page))[2] ?? '';
    for (const fact of ['Unseal ceremony', 'Share 1 accepted from Ann', 'Share 3 accepted from Cy']) expect(unseal).toContain(fact);
    // One record per print: the init record printed a moment ago is no longer in the print view.
    expect(unseal).not.toContain('Initialize ceremony');
    expect(await page.locator('.handout-print').count()).toBe(1);
  });

  it('starts the rekey plan from the current custodians and reads aloud who stays, joins and leaves', async () => {
    const { page } = env.ui;
    await nav('Rekey');
    const names = page.getByLabel(/^Name of custodian \d+$/);
    await expect.poll(async () => Promise.all((await names.all()).map((n) => n.inputValue()))).toEqual(['Ann', 'Bob', 'Cy']);
    expect(await page.getByLabel('Threshold: how many custodians are needed to unseal').inputValue()).toBe('2');
    expect(await page.getByRole('list', { name: 'Current custodians' }).textContent()).toBe('Ann (share 1)Bob (share 2)Cy (share 3)');
    await look('rekey-prefilled');
    await page.getByRole('button', { name: 'Remove Cy' }).click();
    await page.getByRole('button', { name: 'Add custodian' }).click();
    await page.getByLabel('Name of custodian 3', { exact: true }).fill('Dee');
    // Only the threshold of new shares must be proven, so the record can show one that was not.
    await page.getByLabel('Verify every new share before it replaces the old ones').uncheck();
    await page.getByRole('button', { name: 'Next: review' }).click();
    const changes = page.getByRole('list', { name: 'Who joins and who leaves' });
    expect(await changes.getByRole('listitem').allTextContents()).toEqual([
      'Staying (a new share each): Ann (share 1), Bob (share 2).',
      'Joining: Dee.',
      'Leaving: Cy (share 3): their shares stop working when the rekey completes, and they should then destroy their handouts and share files.',
    ]);
    await look('rekey-review');
  });

  it('prints a pre-commit rekey handout that says it is valid only from generation 2', async () => {
    const { page } = env.ui;
    await confirmReadAloud(page, 'Start rekey');
    await enterShare(page, 'Current share 1 of 2', share('Ann'), 'Authorize with this share');
    await enterShare(page, 'Current share 2 of 2', share('Bob'), 'Authorize with this share');
    const ann = await showShare('Ann', 1, 3);
    await page.getByRole('button', { name: 'Print handout for Ann' }).click();
    await expect.poll(async () => (await printRequests(page)).length).toBe(4);
    const { text } = await printedText('rekey-handout.pdf');
    expect(text).toContain('Share 1 for Ann');
    expect(text.replace(/\s+/g, ' ')).toContain('Valid only once this rekey completes (generation 2). Until then the current shares stay the valid ones');
    // Printed before the commit, so read back from the paper before the next custodian steps up.
    await page.getByLabel('Share as read from the printout').fill(ann);
    await page.getByRole('button', { name: 'Check read-back' }).click();
    await page.getByRole('button', { name: 'Show next custodian' }).click();
    await showShare('Bob', 2, 3);
    await page.getByRole('button', { name: 'Show next custodian' }).click();
    await showShare('Dee', 3, 3);
    await page.getByRole('button', { name: 'All new shares handed out: verify' }).click();
  });

  it('ends the rekey with the hand-out record, the leavers named, and its own printed record', async () => {
    const { page } = env.ui;
    await enterShare(page, 'New share 1 of 2', share('Ann'), 'Verify this new share');
    await page.getByRole('status').filter({ hasText: /New share verified for Ann/ }).waitFor();
    await enterShare(page, 'New share 2 of 2', share('Dee'), 'Verify this new share');
    await page.getByRole('heading', { name: 'Rekey complete' }).waitFor();
    expect(await handoutRecord()).toEqual([
      ['1', 'Ann', '—', 'Yes', 'Yes', 'No'],
      ['2', 'Bob', '—', 'No', 'No', 'No'],
      ['3', 'Dee', '—', 'No', 'Yes', 'No'],
    ]);
    await page.getByText('Not read back (the keyring has no proof of the share) for: Bob (share 2).').waitFor();
    await page.getByText(/^Custodians who left \(Cy\): destroy your old handouts and share files\. Everyone: backups and copies of the keyring file made before this rekey still open only with the old shares\.$/).waitFor();
    await look('rekey-done');
    await page.getByRole('button', { name: 'Print ceremony record' }).click();
    await page.getByText('The record of the rekey ceremony was sent to print.', { exact: true }).waitFor();
    const { text, pdf } = await printedText('rekey-record.pdf');
    for (const fact of ['Rekey ceremony', NAME, 'New shares committed: generation 1 → 2', 'Threshold 2 of 3', 'Ann', 'Bob', 'Dee', 'Transcript chain head']) expect(text).toContain(fact);
    await checkRecordHead(pdf, text, 'rekey');
  });

  it('ends a rotation with its own printed record', async () => {
    const { page } = env.ui;
    await nav('Rotate');
    await confirmReadAloud(page, 'Rotate now');
    await page.getByRole('status').filter({ hasText: /^Rotated: new encryptions now use term 3/ }).waitFor();
    await page.getByRole('button', { name: 'Print ceremony record' }).click();
    await page.getByText('The record of the rotate ceremony was sent to print.', { exact: true }).waitFor();
    await look('rotate-done');
    const { text, pdf } = await printedText('rotate-record.pdf');
    for (const fact of ['Rotate ceremony', NAME, 'Rotated to term 3', 'Key term 2 → 3', 'Transcript chain head']) expect(text).toContain(fact);
    expect(text).not.toContain('Rekey ceremony');
    const [png] = rasterise(pdf);
    expect(zbarDecode(png ?? '')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ends a root token generation with its own record', async () => {
    const { page } = env.ui;
    await nav('Generate root');
    await confirmReadAloud(page, 'Start root token generation');
    await enterShare(page, 'Share 1 of 2', share('Ann'), 'Submit share');
    await page.getByRole('status').filter({ hasText: /from Ann/ }).waitFor();
    await enterShare(page, 'Share 2 of 2', share('Dee'), 'Submit share');
    await page.getByRole('button', { name: 'Reveal the new root token' }).click();
    await page.getByLabel('Sign in with this token for this session (kept in memory only)').check();
    await page.getByRole('button', { name: 'I have recorded it: finish' }).click();
    await page.getByRole('heading', { name: 'Root token generation finished' }).waitFor();
    const before = (await printRequests(page)).length;
    await page.getByRole('button', { name: 'Print ceremony record' }).click();
    await page.getByText('The record of the generate root token ceremony was sent to print.', { exact: true }).waitFor();
    await look('generate-root-done');
    const printed = (await printRequests(page))[before] ?? '';
    for (const fact of ['Generate root token ceremony', 'Share 1 accepted from Ann', 'Share 3 accepted from Dee', 'New root token issued', 'Transcript chain head']) expect(printed).toContain(fact);
    expect(printed).not.toContain('Rotate ceremony');
  });

  it('ran without page errors or CSP violations', () => {
    expect(env.ui.problems).toEqual([]);
  });
}, 240_000);
