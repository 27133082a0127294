import type { Pod } from '../../../../engine/k8s/types';
import { parseTime, translateTimestampSince } from '../duration';
import { arr, num, path, rec, str } from '../util';
import { col, type KindPrinter, type RowContext } from './types';

interface LooseState {
  waiting?: { reason?: string };
  running?: { startedAt?: string };
  terminated?: { exitCode?: number; reason?: string; signal?: number; finishedAt?: string };
}

interface LooseStatus {
  name: string;
  ready: boolean;
  started?: boolean;
  restartCount: number;
  state: LooseState;
  lastState?: LooseState;
}

function statuses(v: unknown): LooseStatus[] {
  return arr(v).map((s) => {
    const r = rec(s) ?? {};
    return {
      name: str(r.name),
      ready: r.ready === true,
      started: typeof r.started === 'boolean' ? r.started : undefined,
      restartCount: num(r.restartCount) ?? 0,
      state: (rec(r.state) ?? {}) as LooseState,
      lastState: rec(r.lastState) as LooseState | undefined
    };
  });
}

function hasCondition(pod: Pod, type: string): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');
}

export interface PodSummary {
  ready: string;
  status: string;
  restarts: string;
}

/** printers.go printPod: READY, STATUS and RESTARTS (with "(5m ago)"). */
export function podSummary(pod: Pod, nowMs: number): PodSummary {
  let restarts = 0;
  let restartableInitRestarts = 0;
  let totalContainers = (pod.spec?.containers ?? []).length;
  let readyContainers = 0;
  let lastRestart = 0;
  let lastRestartableInitRestart = 0;

  const phase = pod.status?.phase ?? '';
  let reason: string = phase;
  if (pod.status?.reason) reason = pod.status.reason;
  for (const c of pod.status?.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  const initSpecs = new Map<string, boolean>();
  for (const c of pod.spec?.initContainers ?? []) {
    const restartable = c.restartPolicy === 'Always';
    initSpecs.set(c.name, restartable);
    if (restartable) totalContainers++;
  }

  const finished = (s: LooseStatus): number => parseTime(s.lastState?.terminated?.finishedAt) ?? 0;

  let initializing = false;
  const initStatuses = statuses(path(pod, 'status', 'initContainerStatuses'));
  const nInit = (pod.spec?.initContainers ?? []).length;
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i];
    restarts += c.restartCount;
    if (c.lastState?.terminated) lastRestart = Math.max(lastRestart, finished(c));
    const restartable = initSpecs.get(c.name) === true;
    if (restartable) {
      restartableInitRestarts += c.restartCount;
      if (c.lastState?.terminated) lastRestartableInitRestart = Math.max(lastRestartableInitRestart, finished(c));
    }
    const t = c.state.terminated;
    const w = c.state.waiting;
    if (t && (t.exitCode ?? 0) === 0) continue;
    if (restartable && c.started === true) {
      if (c.ready) readyContainers++;
      continue;
    }
    if (t) {
      if (!t.reason) reason = t.signal ? `Init:Signal:${t.signal}` : `Init:ExitCode:${t.exitCode ?? 0}`;
      else reason = `Init:${t.reason}`;
      initializing = true;
    } else if (w && w.reason && w.reason !== 'PodInitializing') {
      reason = `Init:${w.reason}`;
      initializing = true;
    } else {
      reason = `Init:${i}/${nInit}`;
      initializing = true;
    }
    break;
  }

  if (!initializing || hasCondition(pod, 'Initialized')) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const cs = statuses(pod.status?.containerStatuses);
    for (let i = cs.length - 1; i >= 0; i--) {
      const c = cs[i];
      restarts += c.restartCount;
      if (c.lastState?.terminated) lastRestart = Math.max(lastRestart, finished(c));
      const t = c.state.terminated;
      const w = c.state.waiting;
      if (w && w.reason) reason = w.reason;
      else if (t && t.reason) reason = t.reason;
      else if (t && !t.reason) reason = t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode ?? 0}`;
      else if (c.ready && c.state.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = hasCondition(pod, 'Ready') ? 'Running' : 'NotReady';
  }

  if (pod.metadata.deletionTimestamp && pod.status?.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

  let restartsStr = String(restarts);
  if (restarts !== 0 && lastRestart !== 0) {
    restartsStr = `${restarts} (${translateTimestampSince(new Date(lastRestart).toISOString(), nowMs)} ago)`;
  }
  return { ready: `${readyContainers}/${totalContainers}`, status: reason, restarts: restartsStr };
}

export const podPrinter: KindPrinter<Pod> = {
  columns: [
    col('Name'),
    col('Ready'),
    col('Status'),
    col('Restarts'),
    col('Age'),
    col('IP', 1),
    col('Node', 1),
    col('Nominated Node', 1),
    col('Readiness Gates', 1)
  ],
  cells(pod: Pod, ctx: RowContext): string[] {
    const s = podSummary(pod, ctx.nowMs);
    let podIP = pod.status?.podIPs?.[0]?.ip ?? pod.status?.podIP ?? '';
    if (podIP === '') podIP = '<none>';
    const node = pod.spec?.nodeName || '<none>';
    const nominated = pod.status?.nominatedNodeName || '<none>';
    let gates = '<none>';
    const rg = arr(path(pod, 'spec', 'readinessGates'));
    if (rg.length) {
      let trueCount = 0;
      for (const g of rg) {
        const t = str(rec(g)?.conditionType);
        const c = (pod.status?.conditions ?? []).find((x) => x.type === t);
        if (c?.status === 'True') trueCount++;
      }
      gates = `${trueCount}/${rg.length}`;
    }
    return [pod.metadata.name, s.ready, s.status, s.restarts, translateTimestampSince(pod.metadata.creationTimestamp, ctx.nowMs), podIP, node, nominated, gates];
  }
};
