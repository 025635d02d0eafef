/**
 * Debian's Chromium driven by playwright-core, headless, with nothing that phones home. Console
 * errors and page errors are collected so a test can assert the UI ran cleanly under its CSP;
 * every screenshot also runs axe-core, and its violations are collected the same way, so every
 * screen a test stops on stays at 0 accessibility violations.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { axeViolations } from './sight.js';

export const SCREENSHOTS = join(import.meta.dirname, '../../../test-results/screenshots');

export interface UiBrowser {
  browser: Browser;
  page: Page;
  problems: string[];
  shot(name: string): Promise<void>;
}

/** The laptop most ceremonies run on: what must be visible is judged at this size. */
export const LAPTOP = { width: 1366, height: 768 } as const;

export async function openBrowser(viewport: { width: number; height: number } = { width: 1280, height: 900 }): Promise<UiBrowser> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    // 4xx answers from the API are expected in these tests (refused shares); anything else is not.
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    browser,
    page,
    problems,
    shot: async (name) => {
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
      for (const v of await axeViolations(page)) problems.push(`axe on ${name}: ${v.id} (${v.help}) at ${v.targets.join(', ')}`);
    },
  };
}
