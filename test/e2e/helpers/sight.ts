/**
 * What a person can see: whether an element lies inside the viewport (not below the fold), and
 * axe-core's accessibility verdict on the screen as it stands. axe-core is injected from
 * node_modules (no network), the same build its maintainers publish.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Locator, Page } from 'playwright-core';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** True when the element's box lies wholly inside the viewport as the page is scrolled now. */
export async function inViewport(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const view = page.viewportSize();
  if (!box || !view) return false;
  // Half a pixel either way: layout positions are fractional, scrolling is by whole pixels.
  const slack = 0.5;
  return box.y >= -slack && box.x >= -slack && box.y + box.height <= view.height + slack && box.x + box.width <= view.width + slack;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** axe-core's violations on the current page (every rule it runs by default). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, not added as a <script>: the UI's CSP rightly
  // refuses inline scripts, and the test must not loosen it.
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(readFileSync(AXE, 'utf8'));
  // A string expression: this file is typechecked without DOM types.
  return page.evaluate(`(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, help: v.help, targets: v.nodes.map((n) => String(n.target)) }));
  })()`);
}
