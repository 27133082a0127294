import type { Locator, Page } from '@playwright/test';
import { expect, hydrated } from './fixtures';

/** The terminal's wrapper (data-state: booting, loading, idle, running). */
export function terminal(page: Page): Locator {
  return page.locator('.lab-terminal');
}

/** The visually hidden transcript the terminal keeps for screen readers. */
export function transcript(page: Page): Locator {
  return page.getByRole('log');
}

/** What xterm shows (the rows it renders). */
export function screen(page: Page): Locator {
  return page.locator('.xterm-rows');
}

/** Open the playground (query like "?scenario=l2&seed=3") and wait for the prompt. */
export async function openPlayground(page: Page, query = '', lang: 'en' | 'ko' = 'en'): Promise<void> {
  await page.goto(`${lang === 'ko' ? 'ko/' : ''}playground/${query}`);
  await hydrated(page);
  await waitIdle(page);
}

export async function waitIdle(page: Page, timeout = 20_000): Promise<void> {
  await expect(terminal(page)).toHaveAttribute('data-state', 'idle', { timeout });
}

export async function focusTerminal(page: Page): Promise<void> {
  await page.locator('.xterm-helper-textarea').focus();
}

/** Type a command and press Enter; wait until the terminal is back at its prompt. */
export async function run(page: Page, command: string, expectText?: string | RegExp): Promise<void> {
  await focusTerminal(page);
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
  if (expectText !== undefined) await expect(transcript(page)).toContainText(expectText, { timeout: 20_000 });
  await waitIdle(page);
}

/** Paste text into the terminal as the browser does (a paste event on xterm's textarea). */
export async function paste(page: Page, text: string): Promise<void> {
  await page.locator('.xterm-helper-textarea').evaluate((el, t) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', t);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, text);
}
