/**
 * What a person does at the screen, step by step, through roles and labels only (the same names
 * a screen reader announces): fill custodians, read a handout, enter a share.
 */
import type { Page } from 'playwright-core';

export async function confirmReadAloud(page: Page, action: string): Promise<void> {
  await page.getByLabel('I have read this summary aloud and everyone agrees').check();
  await page.getByRole('button', { name: action }).click();
}

export async function fillCustodians(page: Page, names: readonly string[]): Promise<void> {
  const rows = page.getByLabel(/^Name of custodian \d+$/);
  while ((await rows.count()) < names.length) await page.getByRole('button', { name: 'Add custodian' }).click();
  while ((await rows.count()) > names.length) await page.getByRole('button', { name: /^Remove / }).last().click();
  for (const [i, name] of names.entries()) await page.getByLabel(`Name of custodian ${i + 1}`, { exact: true }).fill(name);
}

export async function setThreshold(page: Page, t: number): Promise<void> {
  await page.getByLabel('Threshold: how many custodians are needed to unseal').fill(String(t));
}

/** The label of the last hand-out button at init: the server must have initialized first. */
export const INIT_FINISH = 'All shares proven: show the root token';

/**
 * A custodian reads the share back at init (the server-side proof); the ceremony waits for the
 * keyring's acceptance before "next" is enabled.
 */
export async function proveShare(page: Page, name: string, share: string): Promise<void> {
  await page.getByLabel(/^(Share as read from the printout|Decrypted share)$/).fill(share);
  await page.getByRole('button', { name: 'Prove this share' }).click();
  await page.getByRole('status').filter({ hasText: `The keyring accepted the share of ${name}` }).first().waitFor();
}

/**
 * Walks the one-custodian-at-a-time hand-out and returns each custodian's share text as shown.
 * Checks that a share is hidden until its custodian asks for it. At init (`finish` is
 * INIT_FINISH) each custodian proves the share before the next steps up.
 */
export async function collectHandouts(page: Page, names: readonly string[], finish: string, shot?: (name: string) => Promise<void>): Promise<Map<string, string>> {
  const shares = new Map<string, string>();
  for (const [i, name] of names.entries()) {
    await page.getByRole('heading', { name: `Custodian ${i + 1} of ${names.length}: ${name}` }).waitFor();
    if (await page.getByRole('list', { name: `Share text for ${name}` }).count() !== 0) throw new Error(`${name}'s share was visible before ${name} asked`);
    await page.getByRole('button', { name: `Show ${name}’s share` }).click();
    const groups = await page.getByRole('list', { name: `Share text for ${name}` }).locator('.share-group-text').allTextContents();
    if (groups.length !== 16) throw new Error(`${name}'s share shows ${groups.length} groups, not 16`);
    shares.set(name, groups.join('-'));
    if (i === 0 && shot) await shot('init-handout');
    if (finish === INIT_FINISH) {
      const next = page.getByRole('button', { name: i === names.length - 1 ? finish : 'Show next custodian' });
      if (!(await next.isDisabled())) throw new Error(`the ceremony let ${name} go before the share was proven`);
      await proveShare(page, name, groups.join('-'));
    }
    await page.getByRole('button', { name: i === names.length - 1 ? finish : 'Show next custodian' }).click();
  }
  return shares;
}

/** Types a share in the masked field of the current entry screen and submits it. */
export async function enterShare(page: Page, label: string, share: string, submit: string): Promise<void> {
  const field = shareField(page, label);
  await field.fill(share);
  await page.getByRole('button', { name: submit }).click();
}

/** The masked share field (a password input, which Playwright counts as a textbox). */
export function shareField(page: Page, label: string) {
  return page.getByRole('textbox', { name: label, exact: true });
}

/** Changes one data character of group `group` (1-based) of a dashed share text. */
export function mistype(text: string, group: number): string {
  const at = (group - 1) * 6 + 1;
  const c = text[at] === '7' ? '8' : '7';
  return text.slice(0, at) + c + text.slice(at + 1);
}

/** The share a custodian was handed, as the test kept it; a test that lost it fails by name. */
export function recordedShare(shares: ReadonlyMap<string, string>, name: string): string {
  const text = shares.get(name);
  if (!text) throw new Error(`no share recorded for ${name}`);
  return text;
}
