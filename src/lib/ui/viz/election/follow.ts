/**
 * Follows a lab for the explorer: loads the election engine on demand (it pulls in the hash and
 * the MetalLB code), then re-reads the lab's facts on its notifications, at most every 250 ms,
 * and passes on only the facts that changed.
 */
import type { LabSession } from '../../lab-session';
import type { LabFacts } from './model';

export type ElectionEngine = typeof import('./model') & typeof import('./lab-facts');

/** How long the explorer waits between two reads of the lab. */
const REFRESH_MS = 250;

/** Start following; returns the function that stops. */
export function followLab(s: LabSession, on: { engine(e: ElectionEngine): void; facts(f: LabFacts): void }): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last = 0;
  let lastKey = '';
  let eng: ElectionEngine | null = null;
  const refresh = (): void => {
    if (stopped || !eng || !s.ready) return;
    const f = eng.readLabFacts(s.lab);
    const key = JSON.stringify(f);
    if (key === lastKey) return;
    lastKey = key;
    on.facts(f);
  };
  const schedule = (): void => {
    if (timer !== null || !eng) return;
    const wait = Math.max(0, last + REFRESH_MS - performance.now());
    timer = setTimeout(() => {
      timer = null;
      last = performance.now();
      refresh();
    }, wait);
  };
  void Promise.all([import('./model'), import('./lab-facts')]).then(([a, b]) => {
    if (stopped) return;
    eng = { ...a, ...b };
    on.engine(eng);
    schedule();
  });
  const off = s.subscribe(schedule);
  return () => {
    stopped = true;
    off();
    if (timer !== null) clearTimeout(timer);
  };
}
