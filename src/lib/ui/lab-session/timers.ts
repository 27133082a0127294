import type { SessionTimers } from './types';

/** The page's real time: animation frames while the tab is visible, a slow timer when hidden. */
export const browserTimers: SessionTimers = {
  now: () => performance.now(),
  frame: (fn) => {
    if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && document.visibilityState === 'visible') {
      const id = requestAnimationFrame(() => fn());
      return () => cancelAnimationFrame(id);
    }
    const id = setTimeout(fn, 50);
    return () => clearTimeout(id);
  },
  after: (ms, fn) => {
    const id = setTimeout(fn, ms);
    return () => clearTimeout(id);
  }
};
