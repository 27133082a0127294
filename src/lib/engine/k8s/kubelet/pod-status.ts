/**
 * The kubelet's view of one pod on its node, and the PodStatus it derives from it
 * (kubelet_pods.go generateAPIPodStatus): phase, conditions, container statuses, IPs, QoS class.
 */
import type { PodApp } from '../../apps/app';
import type { Container, ContainerState, ContainerStatus, Pod, PodCondition, PodSpec, PodStatus } from '../types';
import type { ImageRef } from './images';

export interface ContainerRuntime {
  name: string;
  ref: ImageRef;
  state: 'waiting' | 'running';
  waitingReason: string;
  containerID?: string;
  imageID?: string;
  /** Virtual ms the current instance started. */
  startedAt?: number;
  ready: boolean;
  started: boolean;
  restartCount: number;
  lastState: ContainerState;
  app?: PodApp;
}

export interface PodRuntime {
  key: string;
  uid: string;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  spec: PodSpec;
  /** accepted → initialized → sandbox → (containers start) … terminating → terminated. */
  stage: 'accepted' | 'initialized' | 'terminating' | 'terminated';
  /** The containers ran in an earlier boot of the node: they come back with restartCount+1. */
  restarting: boolean;
  sandboxReady: boolean;
  waitingNetwork: boolean;
  warnedNetwork: boolean;
  ip?: string;
  startTime?: string;
  containers: ContainerRuntime[];
  /** A status write was lost while the API server was down. */
  dirty: boolean;
}

const OWNED: PodCondition['type'][] = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];

function hasResources(c: Container): { requests: boolean; guaranteed: boolean } {
  const r = c.resources as { requests?: Record<string, string>; limits?: Record<string, string> } | undefined;
  const req = r?.requests ?? {};
  const lim = r?.limits ?? {};
  const hasAny = Object.keys(req).length > 0 || Object.keys(lim).length > 0;
  // Guaranteed: cpu and memory limits set, and requests (defaulted from limits) equal to them.
  const g = ['cpu', 'memory'].every((k) => lim[k] !== undefined && (req[k] === undefined || req[k] === lim[k]));
  return { requests: hasAny, guaranteed: g };
}

export function qosClass(spec: PodSpec): 'BestEffort' | 'Burstable' | 'Guaranteed' {
  const all = [...(spec.initContainers ?? []), ...(spec.containers ?? [])].map(hasResources);
  if (!all.some((x) => x.requests)) return 'BestEffort';
  return all.every((x) => x.guaranteed) ? 'Guaranteed' : 'Burstable';
}

function containerStatus(c: ContainerRuntime, startedAt: (t: number) => string): ContainerStatus {
  const state: ContainerState =
    c.state === 'running' ? { running: { startedAt: startedAt(c.startedAt ?? 0) } } : { waiting: { reason: c.waitingReason } };
  const s: ContainerStatus = {
    ...(c.state === 'running' && c.containerID ? { containerID: c.containerID } : {}),
    image: c.ref.full,
    imageID: c.state === 'running' ? (c.imageID ?? '') : '',
    lastState: c.lastState,
    name: c.name,
    ready: c.ready,
    restartCount: c.restartCount,
    started: c.started,
    state
  };
  return s;
}

/** kubelet getPhase for restartPolicy Always: a container waiting to come back keeps the pod Running. */
function phaseOf(rt: PodRuntime): PodStatus['phase'] {
  let waiting = 0;
  let running = 0;
  let stopped = 0;
  for (const c of rt.containers) {
    if (c.state === 'running') running++;
    else if (c.lastState.terminated) stopped++;
    else waiting++;
  }
  if (waiting > 0) return 'Pending';
  if (running > 0 || stopped > 0) return 'Running';
  return 'Pending';
}

export function buildPodStatus(pod: Pod, rt: PodRuntime, hostIP: string, now: string, fmt: (t: number) => string): PodStatus {
  const old: Partial<PodStatus> = pod.status ?? {};
  const prev = (type: PodCondition['type']) => old.conditions?.find((c) => c.type === type);
  const cond = (type: PodCondition['type'], status: 'True' | 'False', reason?: string, message?: string): PodCondition => {
    const p = prev(type);
    return {
      type,
      status,
      lastProbeTime: null,
      lastTransitionTime: p && p.status === status && p.lastTransitionTime ? p.lastTransitionTime : now,
      ...(reason ? { reason } : {}),
      ...(message ? { message } : {})
    };
  };
  const foreign = (old.conditions ?? []).filter((c) => !OWNED.includes(c.type));
  const scheduled = cond('PodScheduled', 'True');
  const qos = qosClass(rt.spec);
  if (rt.stage === 'accepted') return { ...old, phase: 'Pending', conditions: [scheduled, ...foreign], qosClass: qos };

  const unready = rt.containers.filter((c) => !c.ready).map((c) => c.name);
  const allReady = unready.length === 0;
  const msg = allReady ? undefined : `containers with unready status: [${unready.join(' ')}]`;
  const conditions: PodCondition[] = [
    cond('PodReadyToStartContainers', rt.sandboxReady ? 'True' : 'False'),
    cond('Initialized', 'True'),
    allReady ? cond('Ready', 'True') : cond('Ready', 'False', 'ContainersNotReady', msg),
    allReady ? cond('ContainersReady', 'True') : cond('ContainersReady', 'False', 'ContainersNotReady', msg),
    scheduled,
    ...foreign
  ];
  const status: PodStatus = {
    phase: phaseOf(rt),
    conditions,
    hostIP,
    hostIPs: [{ ip: hostIP }],
    // A pod restarting after a node reboot keeps showing its address while its sandbox comes back.
    ...(rt.ip && (rt.sandboxReady || rt.restarting) ? { podIP: rt.ip, podIPs: [{ ip: rt.ip }] } : {}),
    startTime: rt.startTime,
    containerStatuses: rt.containers.map((c) => containerStatus(c, fmt)),
    qosClass: qos
  };
  if (old.nominatedNodeName) status.nominatedNodeName = old.nominatedNodeName;
  return status;
}
