import type { Lab } from '$lib/engine/lab';
import type { LabSession, SessionSnapshot } from '../../lab-session';

/**
 * The session's snapshot as reactive state (the clock at most every 100 ms), and the lab it
 * reads when the lab is ready. Call during a component's initialisation.
 */
export function liveSession(get: () => LabSession | null): { readonly snap: SessionSnapshot | null; readonly lab: Lab | null } {
  let snap = $state.raw<SessionSnapshot | null>(null);
  $effect(() => {
    const s = get();
    if (!s) {
      snap = null;
      return;
    }
    return s.subscribe((x) => (snap = x));
  });
  return {
    get snap() {
      return snap;
    },
    get lab() {
      const s = get();
      return snap?.status === 'ready' && s?.ready ? s.lab : null;
    }
  };
}

/**
 * fn at most once every `ms` of real time: a call inside the interval runs once at its end
 * (so the last change is never lost). `cancel` drops a pending call.
 */
export function throttle(fn: () => void, ms: number): { run: (now?: boolean) => void; cancel: () => void } {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const fire = () => {
    timer = null;
    last = performance.now();
    fn();
  };
  return {
    run(now = false) {
      const wait = last + ms - performance.now();
      if (now || wait <= 0) {
        if (timer) clearTimeout(timer);
        fire();
      } else if (!timer) timer = setTimeout(fire, wait);
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
    }
  };
}
