/**
 * The playground's lab across reloads: its session state (scenario, seed, workers, command log,
 * final time) in localStorage, in the compact form of share links. The page replays it on load.
 */
import { type SessionState, fromCompact, toCompact } from '../terminal/share';

export const PLAYGROUND_KEY = 'metallb-lab:playground:v1';

/** localStorage, or null where it is unavailable (private modes, sandboxed iframes). */
export function browserStore(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

export function saveLab(store: Storage | null, state: SessionState, key = PLAYGROUND_KEY): boolean {
  if (!store) return false;
  try {
    store.setItem(key, JSON.stringify(toCompact(state)));
    return true;
  } catch {
    return false; // full or forbidden: the lab just will not survive a reload
  }
}

export function loadLab(store: Storage | null, key = PLAYGROUND_KEY): SessionState | null {
  if (!store) return null;
  try {
    const raw = store.getItem(key);
    return raw === null ? null : fromCompact(JSON.parse(raw));
  } catch {
    return null;
  }
}

export function clearLab(store: Storage | null, key = PLAYGROUND_KEY): void {
  try {
    store?.removeItem(key);
  } catch {
    // nothing to do
  }
}

/**
 * Call `fn` at most once per `ms` of real time, the last call of a burst included (it runs when
 * the interval is over). `flush()` runs a pending call now; `cancel()` drops it.
 */
export function throttle(fn: () => void, ms: number, timers: { now(): number; after(ms: number, fn: () => void): () => void }) {
  let last = Number.NEGATIVE_INFINITY;
  let cancelPending: (() => void) | null = null;
  const run = () => {
    cancelPending = null;
    last = timers.now();
    fn();
  };
  return {
    call(): void {
      if (cancelPending) return;
      const wait = last + ms - timers.now();
      if (wait <= 0) run();
      else cancelPending = timers.after(wait, run);
    },
    flush(): void {
      if (!cancelPending) return;
      cancelPending();
      run();
    },
    cancel(): void {
      cancelPending?.();
      cancelPending = null;
    }
  };
}
