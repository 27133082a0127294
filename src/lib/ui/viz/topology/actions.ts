/**
 * What a learner can do to a machine from the picture, as the command lines they would type.
 * The topology runs them in the page's terminal, so the learner sees the command and the
 * session logs it exactly as if it had been typed.
 */
import type { ViewMachine } from '$lib/engine/observe/types';

export type ActionId = 'stop' | 'kill' | 'start' | 'pause' | 'unpause' | 'exclude' | 'include';

export interface MachineAction {
  id: ActionId;
  line: string;
}

export const EXCLUDE_LABEL = 'node.kubernetes.io/exclude-from-external-load-balancers';

/** The actions that make sense for a machine in its current state, in menu order. */
export function actionsFor(m: Pick<ViewMachine, 'name' | 'role' | 'state' | 'excluded'>): MachineAction[] {
  const n = m.name;
  const out: MachineAction[] = [];
  if (m.state === 'stopped') out.push({ id: 'start', line: `docker start ${n}` });
  else {
    if (m.state === 'paused') out.push({ id: 'unpause', line: `docker unpause ${n}` });
    out.push({ id: 'stop', line: `docker stop ${n}` }, { id: 'kill', line: `docker stop ${n} --signal 9` });
    if (m.state !== 'paused') out.push({ id: 'pause', line: `docker pause ${n}` });
  }
  if (m.role === 'control-plane' || m.role === 'worker') {
    out.push(m.excluded ? { id: 'include', line: `kubectl label node ${n} ${EXCLUDE_LABEL}-` } : { id: 'exclude', line: `kubectl label node ${n} ${EXCLUDE_LABEL}=true` });
  }
  return out;
}
