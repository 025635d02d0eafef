/**
 * The Backup screen in a real Chromium against the real headless product: the room signs in,
 * downloads a backup (a browser download), and runs the restore drill on that very file with the
 * custodians' shares. The downloaded file must be the consistent, checked copy the API hashed;
 * the drill must pass with the right shares and name the refusal of a share from another keyring.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../helpers/serve.js';
import type { InitResponse } from '../helpers/serve.js';
import { openBrowser } from './helpers/browser.js';
import type { UiBrowser } from './helpers/browser.js';
import { startServe } from './helpers/serve.js';
import type { Served } from './helpers/serve.js';

let served: Served;
let server: { base: string };
let ui: UiBrowser;
let init: InitResponse;
let backupPath = '';

beforeAll(async () => {
  served = await startServe();
  server = { base: `${served.url}/v1/` };
  const r = await api<InitResponse>(server, 'PUT', 'sys/init', { body: { secret_shares: 3, secret_threshold: 2, custodians: ['Ann', 'Bob', 'Cy'] } });
  if (r.status !== 200) throw new Error(`init failed: ${r.status} ${r.text}`);
  init = r.body;
  for (const k of init.keys.slice(0, 2)) await api(server, 'PUT', 'sys/unseal', { body: { key: k } });
  ui = await openBrowser();
}, 90_000);

afterAll(async () => {
  await ui?.browser.close();
  await served?.stop();
});

const nav = (screen: string) => ui.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: screen, exact: true }).click();

describe('backup and restore drill through the UI', () => {
  it('downloads a backup, and the screen and status say when it was taken', async () => {
    const { page } = ui;
    await page.goto(`${served.url}/ui/#/sign-in`);
    await page.getByLabel('Token', { exact: true }).fill(init.root_token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByText('Policies: root').count()).toBe(1);
    await nav('Backup');
    await expect.poll(() => page.getByText('No backup of this keyring has been taken yet.').count()).toBe(1);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download backup' }).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^symbolon-${init.keyring_id.slice(0, 8)}-gen1-\\d{4}-\\d{2}-\\d{2}\\.db$`));
    backupPath = await download.path();
    const bytes = readFileSync(backupPath);
    expect(bytes.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    const sha = createHash('sha256').update(bytes).digest('hex');
    await expect.poll(() => page.getByRole('status').filter({ hasText: `SHA-256 ${sha}` }).count()).toBe(1);
    await expect.poll(() => page.getByRole('definition').filter({ hasText: 'the shares of generation 1' }).count()).toBe(1);
    const status = await api<Record<string, unknown>>(server, 'GET', 'sys/seal-status');
    expect(status.body['last_backup_generation']).toBe(1);
    await ui.shot('backup-taken');
  });

  it('runs the drill on the downloaded file: a foreign share is refused, the right shares open it', async () => {
    const { page } = ui;
    await page.getByLabel('Backup file').setInputFiles(backupPath);
    // A well-formed share of no keyring generation: refused, and the fields are cleared.
    await page.getByLabel('Share 1', { exact: true }).fill('ab'.repeat(33));
    await page.getByLabel('Share 2', { exact: true }).fill(init.keys[1] ?? '');
    await page.getByRole('button', { name: 'Run drill' }).click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: /is not a member of generation 1/ }).count()).toBe(1);
    expect(await page.getByLabel('Share 1', { exact: true }).inputValue()).toBe('');

    await page.getByLabel('Share 1', { exact: true }).fill(init.keys[2] ?? '');
    await page.getByLabel('Share 2', { exact: true }).fill(init.keys[0] ?? '');
    await page.getByRole('button', { name: 'Run drill' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: /^Drill passed: shares 3 \(Cy\), 1 \(Ann\) open this backup/ }).count()).toBe(1);
    await ui.shot('backup-drill');
    // The drill is in the live keyring's audit log; no share is.
    const log = await api<{ data: { entries: Record<string, unknown>[] } }>(server, 'GET', 'sys/audit/log?limit=10000', { token: init.root_token });
    const drills = log.body.data.entries.filter((e) => e['action'] === 'restore-drill').map((e) => e['outcome']);
    expect(drills).toEqual(['refused', 'opened']);
    for (const key of init.keys) expect(JSON.stringify(log.body.data.entries)).not.toContain(key);
    expect(ui.problems).toEqual([]);
  });
});
