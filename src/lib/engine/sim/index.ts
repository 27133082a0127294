export { Clock, DEFAULT_EPOCH_MS } from './clock';
export { Rng, K8S_SUFFIX_ALPHABET } from './prng';
export { Scheduler, type Handler, type Timer } from './scheduler';
export { Trace, type TraceEvent, type TraceData, type TraceListener } from './trace';

import { Clock as C } from './clock';
import { Rng as R } from './prng';
import { Scheduler as S } from './scheduler';
import { Trace as T } from './trace';

/** The four things every engine component is given: time, timers, randomness and the trace. */
export interface Sim {
  clock: C;
  scheduler: S;
  rng: R;
  trace: T;
}

export function createSim(seed: number, epochMs?: number): Sim {
  const clock = new C(epochMs ?? Date.UTC(2024, 9, 3, 9, 0, 0));
  return { clock, scheduler: new S(clock), rng: new R(seed), trace: new T() };
}
