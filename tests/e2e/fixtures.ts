import { test as base, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/**
 * Every test fails on a console error, an uncaught page error, an HTTP error response, or a
 * request to any origin other than the app's own (the app never fetches anything at run time).
 */
export const test = base.extend<{ pageGuard: void }>({
  pageGuard: [
    async ({ page, baseURL }, use) => {
      const origin = new URL(baseURL ?? 'http://127.0.0.1:4173/').origin;
      const problems: string[] = [];
      const foreign: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('response', (r) => {
        if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
      });
      page.on('request', (r) => {
        const u = new URL(r.url());
        if ((u.protocol === 'http:' || u.protocol === 'https:') && u.origin !== origin) foreign.push(r.url());
      });
      await use();
      expect(problems, 'console errors, page errors or failed responses').toEqual([]);
      expect(foreign, 'requests to other origins').toEqual([]);
    },
    { auto: true }
  ]
});

export { expect };

/** Waits until the page has hydrated (src/routes/+layout.svelte sets the marker). */
export async function hydrated(page: Page): Promise<void> {
  await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
}

/** axe-core WCAG 2 A/AA scan; returns violations in a readable form (empty when clean). */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} @ ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
  );
}

/** Makes the page look like a plain-HTTP LAN origin: no secure context, no crypto.subtle. */
export async function simulateInsecureOrigin(page: Page): Promise<void> {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'isSecureContext', { get: () => false, configurable: true });
    Object.defineProperty(Crypto.prototype, 'subtle', { get: () => undefined, configurable: true });
  });
}
