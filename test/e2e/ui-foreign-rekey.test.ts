/**
 * No plan is authorized unseen (DESIGN.md; issue 11, scenario 3), replayed in Debian's Chromium
 * against the real `serve`: with no token and no share, a stranger starts a rekey to 2-of-2
 * encrypted to two PGP keys of their own, with a backup and without verification. When the
 * operator opens the Rekey screen the UI must show that whole plan, the stranger's fingerprints
 * as GnuPG prints them included, with no share field and nothing done until the room confirms
 * it; cancelling it (with its nonce) leaves the current shares valid. A confirmed attempt says
 * what its real settings mean: without verification, the old shares stop at the last share.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, initAndUnseal } from '../helpers/serve.js';
import type { InitResponse } from '../helpers/serve.js';
import { gpgHome, makeKey } from './helpers/gpg.js';
import type { GpgKey } from './helpers/gpg.js';
import { servedBrowser } from './helpers/served-browser.js';

const env = servedBrowser();
let home: ReturnType<typeof gpgHome>;
let init: InitResponse;
const stranger: GpgKey[] = [];
const grouped = (fpr: string) => fpr.toUpperCase().replace(/(.{4})(?=.)/g, '$1 ');

async function strangerStartsRekey(): Promise<string> {
  const r = await api<{ nonce: string }>(env.server, 'PUT', 'sys/rekey/init', {
    body: { secret_shares: 2, secret_threshold: 2, pgp_keys: stranger.map((k) => k.armored), backup: true, require_verification: false },
  });
  expect(r.status, r.text).toBe(200);
  return r.body.nonce;
}

const rekeyState = async () => (await api<{ started: boolean; progress: number; nonce: string }>(env.server, 'GET', 'sys/rekey/init')).body;

beforeAll(async () => {
  home = gpgHome();
  for (const name of ['Mallory', 'Trudy']) stranger.push(makeKey(home.dir, name));
  init = await initAndUnseal(env.server, 3, 2, ['Ann', 'Ben', 'Cy']);
}, 90_000);

afterAll(() => home?.remove());

describe('a rekey started by a stranger', () => {
  it('is shown whole, with the stranger’s fingerprints, and no share field until it is confirmed', async () => {
    const nonce = await strangerStartsRekey();
    const { page } = env.ui;
    await page.goto(`${env.served.url}/ui/#/rekey`);
    await page.getByRole('alert').filter({ hasText: 'A rekey is already in progress that was not started on this page' }).waitFor();
    const custodians = page.getByRole('list', { name: 'New custodians' });
    for (const key of stranger) await expect.poll(() => custodians.getByText(grouped(key.fingerprint), { exact: true }).count()).toBe(1);
    const plan = await page.locator('.read-aloud-text').textContent();
    expect(plan).toContain('2 shares, any 2 of which unseal');
    expect(plan).toContain('Backup: an encrypted copy of every new share is kept in the keyring');
    expect(plan).toContain('No verification. The old shares stop working the moment the 2nd current share is entered');
    expect(plan).toContain('Joining: Custodian 1, Custodian 2. Leaving: Ann, Ben, Cy.');
    // Nothing is ticked as done, and there is nowhere to type a share.
    const steps = page.getByRole('navigation', { name: 'Ceremony steps' });
    expect(await steps.getByText('(done)').count()).toBe(0);
    expect(await page.getByRole('textbox').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Confirm this plan' }).isDisabled()).toBe(true);
    await env.ui.shot('rekey-foreign-plan');
    expect(await rekeyState()).toMatchObject({ started: true, progress: 0, nonce });
  });

  it('is cancelled with its nonce, and the current shares still unseal', async () => {
    const { page } = env.ui;
    await page.getByRole('button', { name: 'Cancel this rekey' }).click();
    await page.getByRole('button', { name: 'Yes, cancel the attempt' }).click();
    await page.getByText('The rekey attempt was cancelled. The current shares remain valid.').waitFor();
    expect((await rekeyState()).started).toBe(false);
    expect((await api(env.server, 'PUT', 'sys/seal', { token: init.root_token })).status).toBe(204);
    for (const key of init.keys.slice(0, 2)) expect((await api(env.server, 'PUT', 'sys/unseal', { body: { key } })).status).toBe(200);
    expect((await api<{ sealed: boolean }>(env.server, 'GET', 'sys/seal-status')).body.sealed).toBe(false);
  });

  it('once confirmed, says what its settings really mean before the first share', async () => {
    await strangerStartsRekey();
    const { page } = env.ui;
    await page.reload();
    await page.getByRole('list', { name: 'New custodians' }).waitFor();
    await page.getByLabel('I have read this summary aloud and everyone agrees').check();
    await page.getByRole('button', { name: 'Confirm this plan' }).click();
    await page.getByText(/This attempt has no verification: when the 2nd share is entered the new shares replace the old ones at once/).waitFor();
    expect(await page.getByText('Nothing changes until the new shares are verified').count()).toBe(0);
    expect(await page.getByRole('textbox', { name: 'Current share 1 of 2', exact: true }).count()).toBe(1);
    expect((await rekeyState()).progress).toBe(0);
    expect(env.ui.problems).toEqual([]);
  });

  it('that keeps custodians’ names but sends their shares to other PGP keys says so, per custodian', async () => {
    const current = await rekeyState();
    expect((await api(env.server, 'DELETE', 'sys/rekey/init', { body: { nonce: current.nonce } })).status).toBe(204);
    // The names of two current custodians, the stranger's keys: by name alone they would be "staying".
    const r = await api(env.server, 'PUT', 'sys/rekey/init', {
      body: { secret_shares: 2, secret_threshold: 2, custodians: ['Ann', 'Ben'], pgp_keys: stranger.map((k) => k.armored), require_verification: false },
    });
    expect(r.status, r.text).toBe(200);
    const { page } = env.ui;
    await page.reload();
    await page.getByRole('list', { name: 'New custodians' }).waitFor();
    const plan = (await page.locator('.read-aloud-text').textContent()) ?? '';
    expect(plan).toContain('Joining: nobody. Leaving: Cy.');
    const [mallory, trudy] = stranger;
    expect(plan).toContain(`Same name, another PGP key: Ann (share 1) had no PGP key; this plan uses ${grouped(mallory?.fingerprint ?? '')}.`);
    expect(plan).toContain(`Ben (share 2) had no PGP key; this plan uses ${grouped(trudy?.fingerprint ?? '')}.`);
    expect(plan).toContain('Each of them must confirm the new key is theirs.');
    await env.ui.shot('rekey-foreign-plan-new-keys');
    expect(env.ui.problems).toEqual([]);
  });
}, 180_000);
