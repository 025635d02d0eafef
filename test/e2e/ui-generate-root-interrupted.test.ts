/**
 * Generate root after an interruption (issue 11), in Debian's Chromium against the real `serve`:
 * the one-time pad is shown once, to the page that started the attempt; after a reload the UI says
 * the pad was lost with the page, offers no share field for that attempt, and cancels it and starts
 * a new one whose pad is on this page.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, initAndUnseal } from '../helpers/serve.js';
import { confirmReadAloud } from './helpers/ceremony.js';
import { servedBrowser } from './helpers/served-browser.js';

const env = servedBrowser();
const attempt = async () => (await api<{ started: boolean; nonce: string }>(env.server, 'GET', 'sys/generate-root/attempt')).body;

beforeAll(async () => {
  await initAndUnseal(env.server, 3, 2, ['Ann', 'Ben', 'Cy']);
});

describe('generate root after the page was reloaded', () => {
  it('says the one-time pad was lost, shows no share field, and starts again on request', async () => {
    const { page } = env.ui;
    await page.goto(`${env.served.url}/ui/#/generate-root`);
    await confirmReadAloud(page, 'Start root token generation');
    await page.getByRole('textbox', { name: 'Share 1 of 2', exact: true }).waitFor();
    const first = await attempt();
    expect(first.started).toBe(true);

    // The pad is a secret on screen: leaving asks first; the operator leaves anyway.
    const dialogs: string[] = [];
    page.once('dialog', (d) => { dialogs.push(d.type()); void d.accept(); });
    await page.reload();
    expect(dialogs).toEqual(['beforeunload']);

    const alert = page.getByRole('alert').filter({ hasText: 'The one-time pad of this attempt was lost' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Without it the new token can never be decoded');
    expect(await page.getByRole('textbox').count()).toBe(0);
    await env.ui.shot('generate-root-interrupted');

    await page.getByRole('button', { name: 'Cancel it and start again' }).click();
    await page.getByRole('textbox', { name: 'Share 1 of 2', exact: true }).waitFor();
    const second = await attempt();
    expect(second.started).toBe(true);
    expect(second.nonce).not.toBe(first.nonce);
    expect(env.ui.problems).toEqual([]);
  });
}, 120_000);
