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
