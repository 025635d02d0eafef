/**
 * The ceremonies as the room sees them on a 1366×768 laptop: a named keyring, refusals that land
 * next to the field and inside the viewport (replacing the local green verdict), a threshold
 * sentence that is true for every value typed, the PGP rule said up front, buttons named by what
 * they do, and a header that stays in view. axe-core finds no violation on any screen visited.
 * Real `serve`, real SQLite, Debian's Chromium; screenshots go to test-results/screenshots/.
 */
import type { Locator } from 'playwright-core';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InitResponse } from '../../shared/api/init.js';
import { api, tempDir } from '../helpers/serve.js';
import { LAPTOP } from './helpers/browser.js';
import { collectHandouts, confirmReadAloud, enterShare, fillCustodians, INIT_FINISH, recordedShare, setThreshold, shareField } from './helpers/ceremony.js';
import { servedBrowser } from './helpers/served-browser.js';
import { axeViolations, inViewport } from './helpers/sight.js';
import { pdfText, printRequests, rasterise, recordPrintRequests, zbarDecode } from '../integration/handout/tools.js';

const NAME = 'Payments root CA 2026';
const CUSTODIANS = ['Ann', 'Bob', 'Cy', 'Dana', 'Eve'] as const;
// A second keyring, whose share a custodian might bring by mistake.
const env = servedBrowser({ viewport: LAPTOP, secondKeyring: true });
let foreignShare = '';
let shares = new Map<string, string>();
let rootToken = '';

beforeAll(async () => {
  const init = await api<InitResponse>(env.secondServer, 'PUT', 'sys/init', { body: { secret_shares: 1, secret_threshold: 1, keyring_name: 'Another keyring' } });
  foreignShare = init.body.shares[0]?.text ?? '';
  // window.print() is recorded instead of opening Chromium's print job; page.pdf() prints.
  await recordPrintRequests(env.ui.page);
}, 60_000);

const tmp = tempDir('symbolon-record-');

afterAll(() => tmp.remove());

const nav = (screen: string) => env.ui.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: screen, exact: true }).click();

const share = (name: string): string => recordedShare(shares, name);

/** Screenshot plus axe-core: every screen the test stops on is checked the same way. */
async function look(name: string): Promise<void> {
  await env.ui.shot(`sight-${name}`);
  expect(await axeViolations(env.ui.page), name).toEqual([]);
}

async function expectInView(locator: Locator, what: string): Promise<void> {
  await locator.waitFor();
  await expect.poll(() => inViewport(env.ui.page, locator), { message: `${what} is not inside the 1366×768 viewport: ${JSON.stringify(await locator.boundingBox())}` }).toBe(true);
}

describe('what the room sees at 1366×768', () => {
  it('does not call an uninitialized keyring sealed', async () => {
    const { page } = env.ui;
    await page.goto(`${env.served.url}/ui/`);
    await page.getByRole('heading', { name: 'Keyring status' }).waitFor();
    await expect.poll(() => page.getByRole('definition').first().textContent()).toBe('no');
    expect(await page.getByRole('term').filter({ hasText: /^Sealed$/ }).count()).toBe(0);
    await look('status-uninitialized');
  });

  it('shows "Every custodian needs a name" next to the list, in view', async () => {
    const { page } = env.ui;
    await nav('Initialize');
    await page.getByLabel('Keyring name (printed on every handout, optional)').fill(NAME);
    await fillCustodians(page, ['Ann', 'Bob', 'Cy', 'Dana', '']);
    await page.getByRole('button', { name: 'Next: threshold' }).click();
    await expectInView(page.getByRole('alert').filter({ hasText: 'Every custodian needs a name.' }), 'the missing-name refusal');
    await look('init-missing-name');
  });

  it('states the all-or-none PGP rule before any key is pasted, and unticking drops the keys', async () => {
    const { page } = env.ui;
    await fillCustodians(page, CUSTODIANS);
    const encrypt = page.getByLabel('Encrypt each share to its custodian’s PGP key');
    await encrypt.check();
    await expect.poll(() => page.getByText(/^Every custodian needs a PGP public key: shares are encrypted for all custodians or for none/).count()).toBe(1);
    await page.getByLabel('PGP public key for Ann', { exact: true }).fill('-----BEGIN PGP PUBLIC KEY BLOCK-----');
    await page.getByRole('button', { name: 'Next: threshold' }).click();
    await expectInView(page.getByRole('alert').filter({ hasText: 'missing for Bob, Cy, Dana, Eve' }), 'the missing-keys refusal');
    await look('init-pgp-rule');
    await encrypt.uncheck();
    await encrypt.check();
    expect(await page.getByLabel('PGP public key for Ann', { exact: true }).inputValue()).toBe('');
    await encrypt.uncheck();
  });

  it('proposes a majority threshold and never says "Any 6 of the 5"', async () => {
    const { page } = env.ui;
    await page.getByRole('button', { name: 'Next: threshold' }).click();
    const field = page.getByLabel('Threshold: how many custodians are needed to unseal');
    expect(await field.inputValue()).toBe('3');
    await expect.poll(() => page.getByText(/^Any 3 of the 5 custodians together can unseal\. Any 2 cannot\.$/).count()).toBe(1);
    await setThreshold(page, 6);
    await expect.poll(() => page.getByText('There are only 5 custodians: the threshold can be at most 5.').count()).toBe(1);
    expect(await page.getByText(/Any 6 of the 5/).count()).toBe(0);
    await setThreshold(page, 2);
    await expect.poll(() => page.getByText(/Two separate groups of 2 could each unseal without the other/).count()).toBe(1);
    await look('init-threshold');
    await setThreshold(page, 3);
  });

  it('reads aloud the keyring name and exactly how shares travel, then hands out named handouts', async () => {
    const { page } = env.ui;
    await page.getByRole('button', { name: 'Next: review' }).click();
    await expect.poll(() => page.getByText(`The keyring will be named “${NAME}”; every handout will carry that name.`).count()).toBe(1);
    await expect.poll(() => page.getByText(/^No share is encrypted: each custodian will see their own share on screen/).count()).toBe(1);
    await look('init-review');
    await confirmReadAloud(page, 'Generate shares');
    await page.getByRole('heading', { name: 'Custodian 1 of 5: Ann' }).waitFor({ timeout: 20_000 });
    // Called with Ann's share on screen: the keyring's name is beside it.
    const firstShare = async () => {
      await expect.poll(() => page.getByRole('definition').filter({ hasText: NAME }).count()).toBeGreaterThan(0);
      // The check characters are explained where the custodian copies them.
      await expect.poll(() => page.getByText(/one of \* ~ \$ = U, and it lets Symbolon name the group of any typo/).filter({ visible: true }).count()).toBe(1);
      // A visible clock, longer than a minute, and a Hide button.
      await expect.poll(() => page.getByText(/this share is hidden in/).textContent()).toMatch(/hidden in (3:00|2:[0-5]\d)/);
      await look('init-handout-named');
      await page.getByRole('button', { name: 'Hide share' }).click();
      expect(await page.getByRole('list', { name: 'Share text for Ann' }).count()).toBe(0);
      await page.getByRole('button', { name: 'Show Ann’s share' }).click();
      await page.getByRole('list', { name: 'Share text for Ann' }).waitFor();
    };
    shares = await collectHandouts(page, CUSTODIANS, INIT_FINISH, firstShare);
  });

  it('shows the root token in groups of four, signs in with it as generate-root does, and says so when done', async () => {
    const { page } = env.ui;
    const shown = page.getByLabel('Root token', { exact: true });
    rootToken = (await shown.textContent()) ?? '';
    expect(rootToken).toMatch(/^hvs\.[A-Za-z0-9]{24}$/);
    expect(await shown.locator('.token-group').allTextContents()).toEqual([rootToken.slice(0, 4), ...(rootToken.slice(4).match(/.{4}/g) ?? [])]);
    expect(await page.getByLabel('Sign in with this token for this session (kept in memory only)').isChecked()).toBe(true);
    await look('init-root-token');
    await page.getByRole('button', { name: 'Finish ceremony' }).click();
    await page.getByRole('heading', { name: 'Ceremony complete' }).waitFor();
    await expect.poll(() => page.getByLabel('Keyring state').textContent()).toContain(NAME);
    await expect.poll(() => page.getByLabel('Keyring state').textContent()).toContain('signed in');
    // Truthful: the token is still in this session's memory, so the page must not say it is gone.
    expect(await page.getByText('The root token is no longer on this computer.').count()).toBe(0);
    await expect.poll(() => page.getByText(/^The root token is kept in this session’s memory only \(signed in\)/).count()).toBe(1);
    await look('init-done');
  });

  it('puts the server’s refusal of another keyring’s share under the field, in view, instead of the green check', async () => {
    const { page } = env.ui;
    await page.getByRole('link', { name: 'Continue to Unseal' }).click();
    await shareField(page, 'Share of custodian 1').fill(foreignShare);
    // Locally the check characters are all fine…
    await expect.poll(() => page.getByText(/All 16 groups check out/).count()).toBe(1);
    await page.getByRole('button', { name: 'Check without unsealing' }).click();
    const checkRefusal = page.getByRole('alert').filter({ hasText: 'Share check: this share belongs to another keyring' });
    await expectInView(checkRefusal, 'the check-only refusal');
    // …but the server's refusal replaces the green line and ticks.
    expect(await page.getByText(/All 16 groups check out/).count()).toBe(0);
    expect(await page.getByRole('list', { name: 'Share groups' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Submit share' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'Share not accepted: this share belongs to another keyring (keyring id beginning' });
    await expectInView(refusal, 'the unseal refusal');
    await expect.poll(() => refusal.textContent()).toContain(`This keyring is “${NAME}”`);
    expect(await refusal.textContent()).not.toMatch(/\btag\b/);
    expect(await page.getByText(/All 16 groups check out/).count()).toBe(0);
    await look('unseal-foreign-share');
  });

  it('shows each accepted share’s verdict in view, names them after a reload, and unseals with three custodians', async () => {
    const { page } = env.ui;
    for (const [i, name] of ['Ann', 'Cy'].entries()) {
      await enterShare(page, `Share of custodian ${i + 1}`, share(name), 'Submit share');
      await expectInView(page.getByRole('status').filter({ hasText: `from ${name}. ${i + 1} of 3 entered.` }), `${name}'s verdict`);
    }
    // A reload mid-ceremony forgets this screen's memory, not who came: seal-status names them.
    await page.reload();
    await page.getByRole('heading', { name: 'Custodian 3 of 3, please enter your share' }).waitFor();
    await expect.poll(() => page.getByText('Entered so far: Ann (share 1), Cy (share 3).').count()).toBe(1);
    await enterShare(page, 'Share of custodian 3', share('Eve'), 'Submit share');
    await page.getByRole('heading', { name: 'The keyring is unsealed' }).waitFor();
    // The reload also dropped the session token (memory only): sign in again for what follows.
    await nav('Sign in');
    await page.getByLabel('Token', { exact: true }).fill(rootToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByText('Policies: root').count()).toBe(1);
  });

  it('keeps "Seal now" in view and names both confirmation buttons by what they do', async () => {
    const { page } = env.ui;
    await nav('Status');
    const sealNow = page.getByRole('button', { name: 'Seal now' });
    await expectInView(sealNow, '"Seal now"');
    await expect.poll(() => page.getByRole('definition').filter({ hasText: NAME }).count()).toBe(1);
    await sealNow.click();
    await expectInView(page.getByRole('button', { name: 'Yes, seal the keyring' }), 'the seal button');
    await expectInView(page.getByRole('button', { name: 'Don’t seal: keep it unsealed' }), 'the keep-unsealed button');
    expect(await page.getByRole('button', { name: 'Keep going' }).count()).toBe(0);
    await look('status-seal-confirm');
    await page.getByRole('button', { name: 'Don’t seal: keep it unsealed' }).click();
    await expect.poll(() => page.getByLabel('Keyring state').textContent()).toContain('Unsealed');
  });

  it('refuses another keyring’s share at rekey authorization next to the field, in view', async () => {
    const { page } = env.ui;
    await nav('Rekey');
    await fillCustodians(page, ['Fay', 'Gus']);
    await setThreshold(page, 2);
    await page.getByRole('button', { name: 'Next: review' }).click();
    await confirmReadAloud(page, 'Start rekey');
    await enterShare(page, 'Current share 1 of 3', foreignShare, 'Authorize with this share');
    await expectInView(page.getByRole('alert').filter({ hasText: /belongs to another keyring \(keyring id beginning/ }), 'the rekey refusal');
    expect(await page.getByText(/All 16 groups check out/).count()).toBe(0);
    await look('rekey-foreign-share');
    await page.getByRole('button', { name: 'Cancel rekey' }).click();
    await page.getByRole('button', { name: 'Yes, cancel the rekey' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Rekey cancelled.' }).count()).toBe(1);
  });

  it('rotates in plain words: nothing-to-rewrap said as such, no stale "Rotate now", human refusals', async () => {
    const { page } = env.ui;
    await nav('Rotate');
    await expect.poll(() => page.getByRole('status').filter({ hasText: /^Nothing to rewrap: every record is already under the active term/ }).count()).toBe(1);
    expect(await page.getByText(/0 of 0/).count()).toBe(0);
    await confirmReadAloud(page, 'Rotate now');
    await expect.poll(() => page.getByRole('status').filter({ hasText: /^Rotated: new encryptions now use term 2/ }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Rotate now' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Rotate again…' }).waitFor();
    await page.getByLabel('Maximum encryptions per term').fill('5');
    await page.getByRole('button', { name: 'Save rotation settings' }).click();
    await expectInView(page.getByRole('alert').filter({ hasText: 'Maximum encryptions per term must be a whole number between 1,000,000 and 3,865,470,566.' }), 'the rotation settings refusal');
    expect(await page.getByText(/max_operations/).count()).toBe(0);
    await look('rotate-done');
  });

  it('shows ceremonies as ceremonies, the chain head, and the hash column, without polling or omitted rows', async () => {
    const { page } = env.ui;
    await nav('Audit');
    const head = page.getByRole('definition').filter({ hasText: /^[0-9A-F]{4}( [0-9A-F]{4}){15}$/ });
    await expectInView(head, 'the chain head');
    const unseal = page.getByRole('article', { name: 'Unseal ceremony' });
    await unseal.waitFor();
    for (const text of ['Share 1 accepted from Ann', 'from Cy', 'from Eve', 'Changed: Keyring unsealed']) expect(await unseal.textContent()).toContain(text);
    await page.getByRole('article', { name: 'Initialize ceremony' }).waitFor();
    await page.getByRole('article', { name: 'Rotate ceremony' }).waitFor();
    expect(await page.getByText(/\[omitted/).count()).toBe(0);
    const table = page.getByRole('region', { name: 'Transcript entries' });
    const reads = table.getByRole('cell', { name: /^read → 2\d\d$/ });
    expect(await reads.count()).toBe(0);
    await page.getByLabel(/^Show status reads/).check();
    await expect.poll(() => reads.count()).toBeGreaterThan(0);
    await page.getByLabel(/^Show status reads/).uncheck();
    const hashHeader = table.getByRole('columnheader', { name: 'Hash' });
    await hashHeader.scrollIntoViewIfNeeded();
    await expectInView(hashHeader, 'the hash column');
    await look('audit-ceremonies');
  });

  it('prints the unseal ceremony’s record: steps, custodians, chain head as text and QR', async () => {
    const { page } = env.ui;
    const unseal = page.getByRole('article', { name: 'Unseal ceremony' });
    await unseal.getByRole('button', { name: 'Print record of this unseal ceremony' }).click();
    await expect.poll(async () => (await printRequests(page)).length).toBe(1);
    const pdf = join(tmp.dir, 'unseal-record.pdf');
    await page.pdf({ path: pdf, format: 'A4' });
    const text = pdfText(pdf);
    for (const fact of ['Unseal ceremony', NAME, 'Share 1 accepted from Ann', 'Share 5 accepted from Eve', 'Custodians', 'Transcript chain head', 'Operator', 'Witness']) expect(text).toContain(fact);
    const [png] = rasterise(pdf);
    const hash = zbarDecode(png ?? '');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(text.replace(/\s+/g, '')).toContain(hash.toUpperCase());
    // The printed head is an entry of the keyring's chain (checked offline by audit verify --head).
    const log = await api<{ data: { entries: { hash: string; ceremony?: string; step?: string }[] } }>(env.server, 'GET', 'sys/audit/log?from=1&limit=10000', { token: rootToken });
    const entry = log.body.data.entries.find((e) => e.hash === hash);
    expect(entry).toMatchObject({ ceremony: 'unseal', step: 'unsealed' });
  });

  it('keeps the header (keyring state) in view when moving between screens', async () => {
    const { page } = env.ui;
    for (const screen of ['Status', 'Unseal', 'Rekey', 'Rotate', 'Generate root', 'Audit', 'Initialize']) {
      await page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
      await nav(screen);
      await expectInView(page.getByLabel('Keyring state'), `the header after opening ${screen}`);
    }
  });

  it('lists root tokens by accessor and revokes a leftover one', async () => {
    const { page } = env.ui;
    const spare = await api<{ auth: { client_token: string; accessor: string } }>(env.server, 'POST', 'auth/token/create', { token: rootToken, body: { policies: ['root'], display_name: 'leftover' } });
    await nav('Sign in');
    await page.getByRole('button', { name: 'List root tokens' }).click();
    const list = page.getByRole('table', { name: 'Root tokens' });
    await expect.poll(() => list.getByRole('row').count()).toBe(3);
    expect(await list.textContent()).toContain('(this session)');
    expect(await list.textContent()).not.toContain(spare.body.auth.client_token);
    await page.getByRole('button', { name: `Revoke root token ${spare.body.auth.accessor.slice(0, 4)}` }).click();
    await look('sign-in-root-tokens');
    await page.getByRole('button', { name: 'Yes, revoke it' }).click();
    await expectInView(page.getByRole('status').filter({ hasText: `The root token with accessor ${spare.body.auth.accessor} was revoked.` }), 'the leftover revocation verdict');
    await expect.poll(() => list.getByRole('row').count()).toBe(2);
    expect((await api(env.server, 'GET', 'auth/token/lookup-self', { token: spare.body.auth.client_token })).status).toBe(403);
  });

  it('revokes the signed-in root token from the Sign in screen', async () => {
    const { page } = env.ui;
    await nav('Sign in');
    await page.getByRole('button', { name: 'Revoke this token' }).click();
    await expectInView(page.getByRole('button', { name: 'Don’t revoke: keep using it' }), 'the keep-token button');
    await look('sign-in-revoke-confirm');
    await page.getByRole('button', { name: 'Yes, revoke the token' }).click();
    await expectInView(page.getByRole('status').filter({ hasText: 'The token was revoked' }), 'the revocation verdict');
    await expect.poll(() => page.getByLabel('Keyring state').textContent()).toContain('not signed in');
    const lookup = await api(env.server, 'GET', 'auth/token/lookup-self', { token: rootToken });
    expect(lookup.status).toBe(403);
    await look('sign-in-revoked');
  });

  it('ran without page errors or CSP violations', () => {
    expect(env.ui.problems).toEqual([]);
  });
}, 240_000);
