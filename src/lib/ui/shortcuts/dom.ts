/**
 * What the shortcuts do to the page. They find their targets by markup the pages already have
 * (`section.step`, the pager's `rel` links, xterm's textarea, `data-shortcut="…"` on the time
 * and reset controls) and do nothing when a page lacks one.
 */

/**
 * Asks the page to show one of its views: on phones the lesson page shows the text and the lab
 * as tabs, and a shortcut aimed at a hidden one brings it up first. Dispatched on `window`;
 * the lesson page answers synchronously.
 */
export const SHOW_VIEW_EVENT = 'metallb-lab:show-view';
export type PageView = 'lesson' | 'terminal';

export function requestView(view: PageView): void {
  window.dispatchEvent(new CustomEvent<PageView>(SHOW_VIEW_EVENT, { detail: view }));
}

function reducedMotion(): boolean {
  return window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
}

/** Focuses the lab's terminal (xterm's input textarea). False when the page has none yet. */
export function focusTerminal(): boolean {
  if (!document.querySelector('.xterm-helper-textarea')) return false;
  requestView('terminal');
  const ta = document.querySelector<HTMLTextAreaElement>('.xterm-helper-textarea');
  ta?.focus();
  return !!ta;
}

/** The step a move starts from: the one holding the focus, else the one at the top of the view. */
function currentStep(steps: HTMLElement[]): number {
  const active = document.activeElement;
  const holding = steps.findIndex((s) => active instanceof Node && s.contains(active));
  if (holding >= 0) return holding;
  // the last step whose heading has scrolled to (or above) the top quarter of the window
  const line = window.innerHeight / 4;
  let current = -1;
  steps.forEach((s, i) => {
    if (s.getBoundingClientRect().top <= line) current = i;
  });
  return current;
}

/** Moves to the next (+1) or previous (-1) step: scrolls its heading into view and focuses it. */
export function moveStep(dir: 1 | -1): boolean {
  requestView('lesson');
  const steps = Array.from(document.querySelectorAll<HTMLElement>('section.step'));
  if (!steps.length) return false;
  const from = currentStep(steps);
  const to = from < 0 ? (dir > 0 ? 0 : -1) : from + dir;
  const step = steps[to];
  if (!step) return false;
  const heading = step.querySelector<HTMLElement>('.step-title') ?? step;
  if (heading.tabIndex < 0 && !heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
  heading.scrollIntoView({ block: 'start', behavior: reducedMotion() ? 'auto' : 'smooth' });
  heading.focus({ preventScroll: true });
  return true;
}

/** Follows the lesson pager's next or previous link. */
export function followPager(rel: 'next' | 'prev'): boolean {
  const a = document.querySelector<HTMLAnchorElement>(`a[rel="${rel}"]`);
  a?.click();
  return !!a;
}

/** The page's enabled control for a shortcut (`data-shortcut="pause"` …), if it has one. */
export function shortcutTarget(name: string): HTMLElement | null {
  const all = Array.from(document.querySelectorAll<HTMLElement>(`[data-shortcut="${name}"]`));
  return all.find((el) => !(el as HTMLButtonElement).disabled && el.getAttribute('aria-disabled') !== 'true') ?? null;
}

/** Clicks the page's control for a shortcut; false when there is none. */
export function clickShortcut(name: string): boolean {
  const el = shortcutTarget(name);
  el?.click();
  return !!el;
}

/** Some modal dialog is open: keys belong to it. */
export function dialogOpen(): boolean {
  return !!document.querySelector('dialog[open]');
}
