/**
 * Which MetalLB controller processes run in a cluster right now. The webhook admission plugin
 * asks it whether anything answers on the pod IP the webhook Service sends it to; tests and the
 * UI use it to look at the allocator. Not part of MetalLB.
 */
import type { KindCluster } from '../../k8s/cluster';

/** What the registry needs to know about a controller process. */
export interface RunningController {
  readonly podName: string;
  readonly namespace: string;
  readonly nodeName: string;
  /** The pod's IP (the webhook server listens on it, port 9443). */
  podIP(): string | undefined;
  /** Accepting connections on the webhook port (cert rotator done, not frozen). */
  webhookServing(): boolean;
  /** The process is frozen (docker pause of its node): connections hang. */
  frozen(): boolean;
  /** METALLB_BGP_TYPE: which validator its webhooks run. */
  readonly bgpType: string;
}

const running = new WeakMap<KindCluster, Set<RunningController>>();

export function registerController(cluster: KindCluster, c: RunningController): void {
  let set = running.get(cluster);
  if (!set) running.set(cluster, (set = new Set()));
  set.add(c);
}

export function unregisterController(cluster: KindCluster, c: RunningController): void {
  running.get(cluster)?.delete(c);
}

export function runningControllers(cluster: KindCluster): RunningController[] {
  return [...(running.get(cluster) ?? [])];
}

/** The controller process whose pod has this IP, if one runs. */
export function controllerAt(cluster: KindCluster, ip: string): RunningController | undefined {
  return runningControllers(cluster).find((c) => c.podIP() === ip);
}
