/**
 * The product as a custodian sees it: real `serve` (real SQLite, real HTTP), the built UI at
 * /ui/, Debian's Chromium. Init → hand-out → unseal (a mistyped share refused and located) →
 * seal → unseal → rekey with verification (and a cancelled one) → old share refused → rotate and
 * rewrap → generate root → audit transcript, all through the UI. Screenshots of each main screen go to
 * test-results/screenshots/ for reviewers.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCREENSHOTS } from './helpers/browser.js';
import { collectHandouts, confirmReadAloud, enterShare, fillCustodians, INIT_FINISH, mistype, recordedShare, setThreshold, shareField } from './helpers/ceremony.js';
import { servedBrowser } from './helpers/served-browser.js';

const CUSTODIANS = ['Ann', 'Bob', 'Cy'] as const;
const NEW_CUSTODIANS = ['Dee', 'Eve'] as const;
const env = servedBrowser();
let shares = new Map<string, string>();

const nav = (screen: string) => env.ui.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: screen, exact: true }).click();

const share = (name: string): string => recordedShare(shares, name);

describe('ceremonies through the UI', () => {
  it('loads under its CSP and paints quickly', async () => {
    const { page } = env.ui;
    await page.goto(`${env.served.url}/ui/`);
    await page.getByRole('heading', { name: 'Keyring status' }).waitFor();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Not initialized' }).count()).toBeGreaterThan(0);
    const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1);
    const timing = { serveStartMs: env.served.startMs, firstContentfulPaintMs: Math.round(fcp), serveStartToPaintMs: env.served.startMs + Math.round(fcp) };
    writeFileSync(join(SCREENSHOTS, '..', 'ui-timing.json'), JSON.stringify(timing, null, 2));
    console.log('UI timing', timing);
    expect(fcp).toBeGreaterThan(0);
    await env.ui.shot('status-uninitialized');
    // Keyboard only: Tab reaches the skip link, then the navigation, each with a visible ring.
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').textContent()).toBe('Skip to content');
    await page.keyboard.press('Tab');
    // A string expression: this file is typechecked without DOM types.
    const focused = await page.evaluate(`(() => {
      const style = getComputedStyle(document.activeElement);
      return { text: document.activeElement.textContent, outline: style.outlineStyle + ' ' + style.outlineWidth };
    })()`);
    expect(focused).toEqual({ text: 'Status', outline: 'solid 4px' });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Initialize a new keyring' }).waitFor();
  });

  it('initializes 2-of-3 and hands out one share at a time', async () => {
    const { page } = env.ui;
    await nav('Initialize');
    await fillCustodians(page, CUSTODIANS);
    await env.ui.shot('init-custodians');
    await page.getByRole('button', { name: 'Next: threshold' }).click();
    await setThreshold(page, 2);
    await page.getByRole('button', { name: 'Next: review' }).click();
    await expect.poll(() => page.getByText('one each for: Ann, Bob, Cy').count()).toBe(1);
    await env.ui.shot('init-review');
    await confirmReadAloud(page, 'Generate shares');
    shares = await collectHandouts(page, CUSTODIANS, INIT_FINISH, env.ui.shot);
    expect(new Set(shares.values()).size).toBe(3);
    await expect.poll(() => page.getByLabel('Root token', { exact: true }).textContent()).toMatch(/^hvs\.[A-Za-z0-9]{24}$/);
    await page.getByRole('button', { name: 'Finish ceremony' }).click();
    await page.getByRole('heading', { name: 'Ceremony complete' }).waitFor();
    await env.ui.shot('init-done');
  });

  it('unseals: locates a mistyped share before sending it, then names each custodian', async () => {
    const { page } = env.ui;
    await page.getByRole('link', { name: 'Continue to Unseal' }).click();
    await page.getByRole('heading', { name: 'Custodian 1 of 2, please enter your share' }).waitFor();
    await shareField(page, 'Share of custodian 1').fill(mistype(share('Ann'), 7));
    await expect.poll(() => page.getByText('Group 7 has a typo: check it against the handout.').count()).toBe(1);
    await expect.poll(() => page.getByRole('list', { name: 'Share groups' }).getByText('Group 7: typo').count()).toBe(1);
    await env.ui.shot('unseal-typo');
    await page.getByRole('button', { name: 'Submit share' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: /Not sent: .*group 7/ }).count()).toBe(1);
    await expect.poll(() => page.getByRole('progressbar', { name: '0 of 2 shares entered' }).count()).toBe(1);

    // The field is masked; holding "Hold to reveal" shows it, releasing hides it again.
    const field = shareField(page, 'Share of custodian 1');
    await field.fill(share('Ann'));
    expect(await field.getAttribute('type')).toBe('password');
    const reveal = page.getByRole('button', { name: 'Hold to reveal' });
    await reveal.hover();
    await page.mouse.down();
    expect(await field.getAttribute('type')).toBe('text');
    await page.mouse.up();
    expect(await field.getAttribute('type')).toBe('password');
    // Keyboard only: Enter in the field submits.
    await field.press('Enter');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Share accepted (share 1) from Ann. 1 of 2 entered.' }).count()).toBe(1);
    await env.ui.shot('unseal-progress');
    await enterShare(page, 'Share of custodian 2', share('Cy'), 'Submit share');
    await page.getByRole('heading', { name: 'The keyring is unsealed' }).waitFor();
    await env.ui.shot('unseal-done');
  });

  it('shows the unsealed status and seals again with the session token', async () => {
    const { page } = env.ui;
    await nav('Status');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Unsealed' }).count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByText('2 of 3 custodians').count()).toBe(1);
    await env.ui.shot('status-unsealed');
    await page.getByRole('button', { name: 'Seal now' }).click();
    await page.getByRole('button', { name: 'Yes, seal the keyring' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Sealed' }).count()).toBeGreaterThan(0);
  });

  it('unseals again with two other custodians', async () => {
    const { page } = env.ui;
    await nav('Unseal');
    await shareField(page, 'Share of custodian 1').fill(share('Bob'));
    await page.getByRole('button', { name: 'Check without unsealing' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Valid: share 2 of Bob, generation 1. Nothing was submitted.' }).count()).toBe(1);
    await expect.poll(() => page.getByRole('progressbar', { name: '0 of 2 shares entered' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Submit share' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'from Bob' }).count()).toBe(1);
    await enterShare(page, 'Share of custodian 2', share('Cy'), 'Submit share');
    await page.getByRole('heading', { name: 'The keyring is unsealed' }).waitFor();
  });

  it('cancels a rekey with confirmation, leaving the current shares valid', async () => {
    const { page } = env.ui;
    await nav('Rekey');
    await fillCustodians(page, NEW_CUSTODIANS);
    await setThreshold(page, 2);
    await page.getByRole('button', { name: 'Next: review' }).click();
    await confirmReadAloud(page, 'Start rekey');
    await page.getByRole('heading', { name: 'Current custodians: authorize the rekey' }).waitFor();
    await page.getByRole('button', { name: 'Cancel rekey' }).click();
    await page.getByRole('button', { name: 'Yes, cancel the rekey' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Rekey cancelled. The current shares remain valid.' }).count()).toBe(1);
  });

  it('rekeys 2-of-3 to 2-of-2 with verification, one custodian at a time', async () => {
    const { page } = env.ui;
    await fillCustodians(page, NEW_CUSTODIANS);
    await setThreshold(page, 2);
    await page.getByRole('button', { name: 'Next: review' }).click();
    await expect.poll(() => page.getByText('one each for: Dee, Eve').count()).toBe(1);
    await env.ui.shot('rekey-review');
    await confirmReadAloud(page, 'Start rekey');
    await enterShare(page, 'Current share 1 of 2', share('Ann'), 'Authorize with this share');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Share accepted from Ann (share 1). 1 of 2 current custodians have authorized.' }).count()).toBe(1);
    await env.ui.shot('rekey-authorize');
    await enterShare(page, 'Current share 2 of 2', share('Cy'), 'Authorize with this share');
    // A rekey handout printed before the commit says on the paper when it becomes valid.
    const printedPending = async () => {
      await expect.poll(() => page.locator('.handout-print').textContent()).toContain('Valid only once this rekey completes (generation 2).');
    };
    const fresh = await collectHandouts(page, NEW_CUSTODIANS, 'All new shares handed out: verify', printedPending);
    for (const [name, text] of fresh) shares.set(name, text);
    await page.getByRole('heading', { name: 'New custodians: prove your new shares' }).waitFor();
    await enterShare(page, 'New share 1 of 2', share('Dee'), 'Verify this new share');
    await expect.poll(() => page.getByRole('status').filter({ hasText: /New share verified for Dee/ }).count()).toBe(1);
    await env.ui.shot('rekey-verify');
    await enterShare(page, 'New share 2 of 2', share('Eve'), 'Verify this new share');
    await page.getByRole('heading', { name: 'Rekey complete' }).waitFor();
    // The commit made a new root key and term; the screen offers to move old records to it.
    await expect.poll(() => page.getByText(/reads nothing written after it/).count()).toBe(1);
    await expect.poll(() => page.getByText(/^Custodians who left \(Ann, Bob, Cy\): destroy your old handouts/).count()).toBe(1);
    await page.getByRole('button', { name: 'Start rewrap' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: /^Rewrap complete.*all under term 2/ }).count(), { timeout: 20_000 }).toBe(1);
    await env.ui.shot('rekey-done');
  });

  it('refuses an old-generation share at unseal with the server naming why, then unseals with the new ones', async () => {
    const { page } = env.ui;
    await nav('Status');
    await page.getByRole('button', { name: 'Seal now' }).click();
    await page.getByRole('button', { name: 'Yes, seal the keyring' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Sealed' }).count()).toBeGreaterThan(0);
    await nav('Unseal');
    await enterShare(page, 'Share of custodian 1', share('Ann'), 'Submit share');
    const refusal = page.getByRole('alert').filter({ hasText: 'Share not accepted' });
    await expect.poll(() => refusal.textContent()).toMatch(/generation/i);
    await env.ui.shot('unseal-old-generation');
    await enterShare(page, 'Share of custodian 1', share('Dee'), 'Submit share');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'from Dee' }).count()).toBe(1);
    await enterShare(page, 'Share of custodian 2', share('Eve'), 'Submit share');
    await page.getByRole('heading', { name: 'The keyring is unsealed' }).waitFor();
  });

  it('rotates, rewraps with progress, and shows the API’s refusal of a bad config in the form’s words', async () => {
    const { page } = env.ui;
    await nav('Rotate');
    await page.getByRole('heading', { name: 'Rotate now' }).waitFor();
    await confirmReadAloud(page, 'Rotate now');
    // Term 2 was installed by the rekey commit (a new root key and a new term, issue 11).
    await expect.poll(() => page.getByRole('status').filter({ hasText: /^Rotated: new encryptions now use term 3 \(was 2\)/ }).count()).toBe(1);
    await page.getByRole('button', { name: 'Start rewrap' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: /^Rewrap complete/ }).count(), { timeout: 20_000 }).toBe(1);
    await page.getByLabel('Maximum encryptions per term').fill('5');
    await page.getByRole('button', { name: 'Save rotation settings' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Maximum encryptions per term must be a whole number between 1,000,000 and 3,865,470,566.' }).count()).toBe(1);
    await page.getByLabel('Maximum encryptions per term').fill('2000000');
    await page.getByLabel('Rotation interval').fill('720h');
    await page.getByRole('button', { name: 'Save rotation settings' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Rotation settings saved.' }).count()).toBe(1);
    await env.ui.shot('rotate');
  });

  it('generates a root token with a one-time pad and shows it once', async () => {
    const { page } = env.ui;
    await nav('Generate root');
    await confirmReadAloud(page, 'Start root token generation');
    await enterShare(page, 'Share 1 of 2', share('Dee'), 'Submit share');
    await expect.poll(() => page.getByRole('status').filter({ hasText: /from Dee/ }).count()).toBe(1);
    await enterShare(page, 'Share 2 of 2', share('Eve'), 'Submit share');
    await page.getByRole('button', { name: 'Reveal the new root token' }).click();
    const token = await page.getByLabel('New root token, shown once').textContent();
    expect(token).toMatch(/^hvs\.[A-Za-z0-9]{24}$/);
    await env.ui.shot('generate-root-token');
    await page.getByLabel('Sign in with this token for this session (kept in memory only)').check();
    await page.getByRole('button', { name: 'I have recorded it: finish' }).click();
    await page.getByRole('heading', { name: 'Root token generation finished' }).waitFor();
    expect(await page.getByText(token ?? 'missing').count()).toBe(0);
    await nav('Sign in');
    await expect.poll(() => page.getByText('Policies: root').count()).toBe(1);
    await env.ui.shot('sign-in');
  });

  it('shows the ceremony transcript and verifies its chain', async () => {
    const { page } = env.ui;
    await nav('Audit');
    await expect.poll(() => page.getByRole('region', { name: 'Transcript entries' }).getByRole('row').count()).toBeGreaterThan(10);
    await page.getByRole('button', { name: 'Verify chain' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: /^Chain verified/ }).count()).toBe(1);
    await env.ui.shot('audit');
  });

  it('ran without page errors or CSP violations', () => {
    expect(env.ui.problems).toEqual([]);
  });
}, 180_000);
