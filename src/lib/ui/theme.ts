// Light/dark theme. The inline script in src/app.html applies the saved choice (or the system's)
// before the first paint, with the same key; this module handles the toggle afterwards.

export type Theme = 'light' | 'dark';
export const THEME_KEY = 'metallb-lab:theme';

export function currentTheme(): Theme {
  return document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
}

function savedTheme(): Theme | null {
  try {
    const v = localStorage.getItem(THEME_KEY);
    return v === 'light' || v === 'dark' ? v : null;
  } catch {
    return null; // storage blocked (e.g. some sandboxed iframes): the choice just isn't kept
  }
}

export function applyTheme(theme: Theme, save: boolean): void {
  document.documentElement.dataset.theme = theme;
  if (!save) return;
  try {
    localStorage.setItem(THEME_KEY, theme);
  } catch {
    /* not persisted */
  }
}

export function toggleTheme(): Theme {
  const next: Theme = currentTheme() === 'dark' ? 'light' : 'dark';
  applyTheme(next, true);
  return next;
}

/** Until the learner picks a theme, follow the system's setting live. Returns an unsubscribe. */
export function followSystemTheme(): () => void {
  const mq = window.matchMedia?.('(prefers-color-scheme: dark)');
  if (!mq) return () => {};
  const onChange = (e: MediaQueryListEvent) => {
    if (savedTheme() === null) applyTheme(e.matches ? 'dark' : 'light', false);
  };
  mq.addEventListener('change', onChange);
  return () => mq.removeEventListener('change', onChange);
}
