/**
 * Initialize with PGP custodians through the UI: a pasted GnuPG key shows the fingerprint and
 * expiry GnuPG reports (openpgp loaded lazily in the browser, under the strict CSP), a private
 * key or junk is refused on the spot, and the hand-out shows each share as encrypted to its key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser } from './helpers/browser.js';
import type { UiBrowser } from './helpers/browser.js';
import { confirmReadAloud, fillCustodians, setThreshold } from './helpers/ceremony.js';
import { gpgHome, makeKey } from './helpers/gpg.js';
import type { GpgKey } from './helpers/gpg.js';
import { startServe } from './helpers/serve.js';
import type { Served } from './helpers/serve.js';

const NAMES = ['Dee', 'Eve'] as const;
let served: Served;
let ui: UiBrowser;
let home: ReturnType<typeof gpgHome>;
const keys = new Map<string, GpgKey>();

beforeAll(async () => {
  home = gpgHome();
  for (const name of NAMES) keys.set(name, makeKey(home.dir, name));
  served = await startServe();
  ui = await openBrowser();
}, 90_000);

afterAll(async () => {
  await ui?.browser.close();
  await served?.stop();
  home?.remove();
});

const grouped = (fpr: string) => fpr.replace(/(.{4})(?=.)/g, '$1 ');

describe('PGP custodians in the Initialize screen', () => {
  it('shows each pasted key’s fingerprint and expiry as GnuPG reports them', async () => {
    const { page } = ui;
    await page.goto(`${served.url}/ui/#/init`);
    await fillCustodians(page, NAMES);
    await page.getByLabel('Encrypt each share to its custodian’s PGP key').check();
    await page.getByLabel('PGP public key for Dee', { exact: true }).fill('not a key');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Not a usable public key' }).count()).toBe(1);
    for (const name of NAMES) {
      const key = keys.get(name);
      if (!key) throw new Error('missing key');
      await page.getByLabel(`PGP public key for ${name}`, { exact: true }).fill(key.armored);
      await expect.poll(() => page.getByText(grouped(key.fingerprint), { exact: true }).count(), { timeout: 15_000 }).toBe(1);
      await expect.poll(() => page.getByText(key.expires, { exact: true }).count()).toBeGreaterThan(0);
    }
    await ui.shot('init-pgp-keys');
  });

  it('initializes with the keys and hands out PGP-encrypted shares', async () => {
    const { page } = ui;
    await page.getByRole('button', { name: 'Next: threshold' }).click();
    await setThreshold(page, 2);
    await page.getByRole('button', { name: 'Next: review' }).click();
    await expect.poll(() => page.getByText('Each of the 2 shares will be encrypted to its custodian’s PGP key', { exact: false }).count()).toBe(1);
    await confirmReadAloud(page, 'Generate shares');
    await page.getByRole('heading', { name: 'Custodian 1 of 2: Dee' }).waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Show Dee’s share' }).click();
    await expect.poll(() => page.getByText(/This share is encrypted to Dee’s PGP key/).count()).toBe(1);
    const shown = (await page.getByRole('definition').allTextContents()).map((t) => t.replace(/\s/g, '').toLowerCase());
    expect(shown).toContain(keys.get('Dee')?.fingerprint.toLowerCase());
    await ui.shot('init-pgp-handout');
  });

  it('ran without page errors or CSP violations', () => {
    expect(ui.problems).toEqual([]);
  });
}, 180_000);
