/**
 * Rekey with PGP custodians, a backup and every new share verified, through the UI: the room
 * signs in with the root token, rekeys 2-of-2 to 2-of-2 (new shares encrypted to GnuPG keys),
 * proves both new shares (decrypted here with real gpg), then downloads the encrypted backup from
 * the result page and deletes it. The downloaded file must decrypt to exactly the new shares, and
 * after the deletion `GET sys/rekey/backup` must answer 400 "no backed-up keys found".
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/serve.js';
import type { InitResponse } from '../helpers/serve.js';
import { openBrowser } from './helpers/browser.js';
import type { UiBrowser } from './helpers/browser.js';
import { confirmReadAloud, enterShare, fillCustodians, setThreshold } from './helpers/ceremony.js';
import { gpgHome, makeKey } from './helpers/gpg.js';
import type { GpgKey } from './helpers/gpg.js';
import { startServe } from './helpers/serve.js';
import type { Served } from './helpers/serve.js';

const NEW_CUSTODIANS = ['Dee', 'Eve'] as const;
let served: Served;
let server: { base: string };
let ui: UiBrowser;
let home: ReturnType<typeof gpgHome>;
let init: InitResponse;
const keys = new Map<string, GpgKey>();
/** Fingerprint (lower case, as the API writes it) → the new share (hex) as gpg decrypted it from the rekey answer. */
const newShares = new Map<string, string>();

/** Real GnuPG decrypting a PGP message (armored or binary) to one of our custodian keys. */
function gpgDecrypt(message: string | Buffer): string {
  return execFileSync('gpg', ['--homedir', home.dir, '--batch', '--quiet', '--pinentry-mode', 'loopback', '--passphrase', '', '--decrypt'],
    { input: message, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }).trim();
}

const key = (name: string): GpgKey => {
  const k = keys.get(name);
  if (!k) throw new Error(`no key for ${name}`);
  return k;
};

const fpr = (name: string): string => key(name).fingerprint.toLowerCase();

beforeAll(async () => {
  home = gpgHome();
  for (const name of NEW_CUSTODIANS) keys.set(name, makeKey(home.dir, name));
  served = await startServe();
  server = { base: `${served.url}/v1/` };
  const r = await api<InitResponse>(server, 'PUT', 'sys/init', { body: { secret_shares: 2, secret_threshold: 2, custodians: ['Ann', 'Bob'] } });
  if (r.status !== 200) throw new Error(`init failed: ${r.status} ${r.text}`);
  init = r.body;
  for (const k of init.keys) {
    const u = await api(server, 'PUT', 'sys/unseal', { body: { key: k } });
    if (u.status !== 200) throw new Error(`unseal failed: ${u.status} ${u.text}`);
  }
  ui = await openBrowser();
}, 90_000);

afterAll(async () => {
  await ui?.browser.close();
  await served?.stop();
  home?.remove();
});

const nav = (screen: string) => ui.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: screen, exact: true }).click();

describe('rekey backup through the UI', () => {
  it('signs in with the root token', async () => {
    const { page } = ui;
    await page.goto(`${served.url}/ui/#/sign-in`);
    await page.getByLabel('Token', { exact: true }).fill(init.root_token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByText('Policies: root').count()).toBe(1);
  });

  it('rekeys to PGP custodians with a backup, verifying every new share', async () => {
    const { page } = ui;
    // Hash navigation only from here: a reload would drop the in-memory token.
    await nav('Rekey');
    await fillCustodians(page, NEW_CUSTODIANS);
    await page.getByLabel('Encrypt each new share to its custodian’s PGP key').check();
    for (const name of NEW_CUSTODIANS) await page.getByLabel(`PGP public key for ${name}`, { exact: true }).fill(key(name).armored);
    await setThreshold(page, 2);
    const verifyAll = page.getByLabel('Verify every new share before it replaces the old ones');
    expect(await verifyAll.isChecked()).toBe(true);
    await page.getByLabel(/^Keep a PGP-encrypted backup of the new shares/).check();
    await page.getByRole('button', { name: 'Next: review' }).click();
    await expect.poll(() => page.getByText('Every new custodian (all 2) must prove their new share before the commit.').count()).toBe(1);
    await expect.poll(() => page.getByText('An encrypted backup of the new shares will be kept until it is deleted.').count()).toBe(1);
    await confirmReadAloud(page, 'Start rekey');

    await enterShare(page, 'Current share 1 of 2', init.keys[0] ?? '', 'Authorize with this share');
    await expect.poll(() => page.getByRole('status').filter({ hasText: /1 of 2 current custodians have authorized/ }).count()).toBe(1);
    // What the UI sent went out as planned: backup, verification of every share.
    const status = await api(server, 'GET', 'sys/rekey/init');
    expect(status.body).toMatchObject({ backup: true, verification_required: true, verify_all_shares: true, t: 2, n: 2 });

    // The authorizing answer carries the new shares as PGP messages; each custodian decrypts theirs.
    const answer = page.waitForResponse((r) => r.url().endsWith('/v1/sys/rekey/update') && r.request().method() === 'PUT');
    await enterShare(page, 'Current share 2 of 2', init.keys[1] ?? '', 'Authorize with this share');
    const body = await (await answer).json() as { complete: boolean; shares: { custodian: string; fingerprint: string; pgp_armored: string }[] };
    expect(body.complete).toBe(true);
    for (const s of body.shares) {
      expect(s.fingerprint.toLowerCase()).toBe(fpr(s.custodian));
      newShares.set(s.fingerprint.toLowerCase(), gpgDecrypt(s.pgp_armored));
    }
    expect([...newShares.values()].every((hex) => /^[0-9a-f]{66}$/.test(hex))).toBe(true);

    for (const [i, name] of NEW_CUSTODIANS.entries()) {
      await page.getByRole('heading', { name: `Custodian ${i + 1} of 2: ${name}` }).waitFor();
      await page.getByRole('button', { name: `Show ${name}’s share` }).click();
      await expect.poll(() => page.getByText(`This share is encrypted to ${name}’s PGP key`, { exact: false }).count()).toBe(1);
      await page.getByRole('button', { name: i === NEW_CUSTODIANS.length - 1 ? 'All new shares handed out: verify' : 'Show next custodian' }).click();
    }

    await page.getByRole('heading', { name: 'New custodians: prove your new shares' }).waitFor();
    await expect.poll(() => page.getByRole('progressbar', { name: '0 of 2 new shares verified' }).count()).toBe(1);
    await enterShare(page, 'New share 1 of 2', newShares.get(fpr('Dee')) ?? '', 'Verify this new share');
    await expect.poll(() => page.getByRole('progressbar', { name: '1 of 2 new shares verified' }).count()).toBe(1);
    await enterShare(page, 'New share 2 of 2', newShares.get(fpr('Eve')) ?? '', 'Verify this new share');
    await page.getByRole('heading', { name: 'Rekey complete' }).waitFor();
    // The completion's hand-out record names each custodian's key as gpg prints it; both proved their share.
    const record = page.getByRole('table', { name: 'Hand-out record' });
    for (const [i, name] of NEW_CUSTODIANS.entries()) {
      const grouped = key(name).fingerprint.replace(/(.{4})(?=.)/g, '$1 ');
      expect(await record.getByRole('row').nth(i + 1).getByRole('cell').allTextContents()).toEqual([String(i + 1), name, grouped, 'No', 'Yes', 'No']);
    }
  });

  it('downloads the encrypted backup, which decrypts to exactly the new shares', async () => {
    const { page } = ui;
    await page.getByRole('heading', { name: 'Encrypted backup of the new shares' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download encrypted backup' }).click()]);
    expect(download.suggestedFilename()).toBe(`symbolon-rekey-backup-${init.keyring_id.replaceAll('-', '').slice(0, 8)}-gen2.json`);
    const path = await download.path();
    const file = JSON.parse(readFileSync(path, 'utf8')) as { nonce: string; keys: Record<string, string[]>; keys_base64: Record<string, string[]> };
    expect(file.nonce).toMatch(/\S/);
    expect(Object.keys(file.keys).map((f) => f.toLowerCase()).sort()).toEqual([...newShares.keys()].sort());
    for (const [fingerprint, messages] of Object.entries(file.keys)) {
      expect(messages).toHaveLength(1);
      const hex = gpgDecrypt(Buffer.from(messages[0] ?? '', 'hex'));
      expect(hex).toBe(newShares.get(fingerprint.toLowerCase()));
      // keys_base64 holds the same messages.
      expect(Buffer.from(file.keys_base64[fingerprint]?.[0] ?? '', 'base64').toString('hex')).toBe(messages[0]);
    }
    await expect.poll(() => page.getByRole('status').filter({ hasText: /^Backup read: 2 encrypted shares for generation 2/ }).count()).toBe(1);
    await ui.shot('rekey-backup');
  });

  it('deletes the backup after confirmation; the API then has none', async () => {
    const { page } = ui;
    await page.getByRole('button', { name: 'Delete backup from the keyring' }).click();
    await page.getByRole('button', { name: 'Yes, delete the backup' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: /^Backup deleted from the keyring/ }).count()).toBe(1);
    const after = await api(server, 'GET', 'sys/rekey/backup', { token: init.root_token });
    expect(after.status).toBe(400);
    expect(after.text).toContain('no backed-up keys found');
    // And the UI says so in words when asked again.
    await page.getByRole('button', { name: 'Download encrypted backup' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'No backup is kept in the keyring' }).count()).toBe(1);
  });

  it('says to sign in when there is no token', async () => {
    const { page } = ui;
    await nav('Sign in');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await nav('Rekey');
    await expect.poll(() => page.getByText('Reading or deleting the backup needs a token.').count()).toBe(1);
    await page.getByRole('button', { name: 'Download encrypted backup' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'Sign in first' }).count()).toBe(1);
  });

  it('ran without page errors or CSP violations', () => {
    expect(ui.problems).toEqual([]);
  });
}, 180_000);
