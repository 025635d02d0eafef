/**
 * An interrupted init hand-out (issue 11, scenario 2) in Debian's Chromium against the real
 * `serve`. The UI always initializes with verification, so an interruption leaves a *pending*
 * keyring, never one nobody can open:
 *   - leaving the page mid-ceremony asks first (`beforeunload`);
 *   - after a reload the UI finds the pending init and says exactly what happened ("1 of 3
 *     shares were proven (Ann); the other 2 were lost with the page"), never "complete", and
 *     abandons it with its nonce to start again;
 *   - 5 minutes without input are announced by a countdown, and the wipe that follows is told
 *     as an interruption, not a completion (the page's clock is driven by Playwright).
 */
import { describe, expect, it } from 'vitest';
import { api } from '../helpers/serve.js';
import { confirmReadAloud, fillCustodians, proveShare, setThreshold } from './helpers/ceremony.js';
import { servedBrowser } from './helpers/served-browser.js';

const NAMES = ['Ann', 'Bob', 'Cy'] as const;
const env = servedBrowser();
const pending = async () => (await api<{ started: boolean; progress: number }>(env.server, 'GET', 'sys/init/verify')).body;

/** Plans 2-of-3, generates, and proves Ann's share; Bob is next at the screen. */
async function startHandout(): Promise<void> {
  const { page } = env.ui;
  await page.goto(`${env.served.url}/ui/#/init`);
  await fillCustodians(page, NAMES);
  await page.getByRole('button', { name: 'Next: threshold' }).click();
  await setThreshold(page, 2);
  await page.getByRole('button', { name: 'Next: review' }).click();
  await confirmReadAloud(page, 'Generate shares');
  await page.getByRole('button', { name: 'Show Ann’s share' }).click();
  const groups = await page.getByRole('list', { name: 'Share text for Ann' }).locator('.share-group-text').allTextContents();
  expect(await page.getByRole('button', { name: 'Show next custodian' }).isDisabled()).toBe(true);
  await proveShare(page, 'Ann', groups.join('-'));
  await page.getByRole('button', { name: 'Show next custodian' }).click();
  await page.getByRole('button', { name: 'Show Bob’s share' }).click();
}

async function abandonAndStartAgain(): Promise<void> {
  const { page } = env.ui;
  await page.getByRole('button', { name: 'Abandon and start again' }).click();
  await page.getByRole('button', { name: 'Yes, abandon it and start again' }).click();
  await expect.poll(async () => (await pending()).started).toBe(false);
  expect((await api(env.server, 'GET', 'sys/init')).body).toEqual({ initialized: false });
}

describe('an interrupted init hand-out', () => {
  it('asks before the page is left while shares are on screen', async () => {
    await startHandout();
    const { page } = env.ui;
    const dialogs: string[] = [];
    page.once('dialog', (d) => { dialogs.push(d.type()); void d.dismiss(); });
    // The operator answers "stay": the reload is cancelled, so it never reaches "load".
    await page.reload({ timeout: 3000 }).catch(() => undefined);
    expect(dialogs).toEqual(['beforeunload']);
    expect(await page.getByRole('list', { name: 'Share text for Bob' }).count()).toBe(1);
    expect(await pending()).toMatchObject({ started: true, progress: 1 });
  });

  it('after a reload finds the pending init, says what happened, and starts again', async () => {
    const { page } = env.ui;
    // This time the operator confirms leaving.
    page.once('dialog', (d) => void d.accept());
    await page.reload();
    const alert = page.getByRole('alert').filter({ hasText: 'The initialization was interrupted' });
    await alert.waitFor();
    await expect.poll(() => alert.textContent()).toContain('1 of 3 shares were proven (Ann); the other 2 were lost with the page.');
    expect(await page.getByRole('heading', { name: 'Ceremony complete' }).count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Ceremony steps' }).getByText('Hand out shares (done)').count()).toBe(0);
    await env.ui.shot('init-interrupted');
    await abandonAndStartAgain();
    await page.getByRole('heading', { name: 'Who will hold a share?' }).waitFor();
  });

  it('counts down before an idle wipe, and afterwards tells the truth', async () => {
    const { page } = env.ui;
    // The page's clock, driven from here: installed before the app starts its idle timer.
    await page.clock.install();
    await page.reload();
    await startHandout();
    await page.clock.runFor(4 * 60_000 + 5_000);
    const countdown = page.getByRole('alert').filter({ hasText: /the shares on this screen will be wiped in \d+ s/ });
    await countdown.waitFor();
    // Still there: nothing wiped yet.
    expect(await page.getByRole('list', { name: 'Share text for Bob' }).count() + await page.getByRole('button', { name: 'Show Bob’s share' }).count()).toBe(1);
    await page.clock.runFor(60_000);
    const alert = page.getByRole('alert').filter({ hasText: 'The initialization was interrupted' });
    await alert.waitFor();
    // The names come from the server's count, a moment after the wipe.
    await expect.poll(() => alert.textContent()).toContain('wiped after 5 minutes without activity. 1 of 3 shares were proven (Ann)');
    expect(await page.getByRole('heading', { name: 'Ceremony complete' }).count()).toBe(0);
    await abandonAndStartAgain();
    expect(env.ui.problems).toEqual([]);
  });
}, 180_000);
