import type { ContainerRuntime } from '../docker/engine';
import type { ContainerInfo } from '../docker/types';
import type { KindCluster } from './cluster';
import { Kubelet } from './kubelet';

/** Seconds from `docker start` of a node container to its kubelet running (systemd boot). */
export const NODE_BOOT_MS = 3_000;
/** Seconds from the control-plane container start to kube-apiserver answering. */
export const APISERVER_BOOT_MS = 9_000;
/** How long a graceful stop (SIGRTMIN+3 to systemd) takes on a kind node. */
export const NODE_SHUTDOWN_MS = 1_800;

/**
 * The processes of a kind node container: systemd boots, containerd and the kubelet start;
 * on the control-plane the static pods bring up the API server and the controllers.
 */
export class KindNodeRuntime implements ContainerRuntime {
  readonly kubelet: Kubelet;
  private readonly cluster: KindCluster;
  private readonly nodeName: string;
  private readonly controlPlane: boolean;
  private bootTimers: { cancel(): void }[] = [];

  constructor(cluster: KindCluster, nodeName: string, controlPlane: boolean) {
    this.cluster = cluster;
    this.nodeName = nodeName;
    this.controlPlane = controlPlane;
    this.kubelet = new Kubelet(cluster, nodeName);
    cluster.registerProcesses(this.kubelet);
  }

  start(_c: ContainerInfo): void {
    const s = this.cluster.sim.scheduler;
    this.bootTimers.push(s.after(NODE_BOOT_MS, `${this.nodeName}: kubelet starts`, () => this.kubelet.start()));
    if (this.controlPlane)
      this.bootTimers.push(s.after(APISERVER_BOOT_MS, `${this.nodeName}: kube-apiserver ready`, () => this.cluster.setApiAvailable(true)));
  }

  stop(_c: ContainerInfo, signal: string): number {
    this.cancelBoot();
    if (signal === 'SIGKILL') {
      this.kubelet.kill();
      if (this.controlPlane) this.cluster.setApiAvailable(false);
      return 0;
    }
    const ms = Math.max(this.kubelet.shutdown(), NODE_SHUTDOWN_MS);
    if (this.controlPlane) this.cluster.sim.scheduler.after(ms - 1, 'kube-apiserver stops', () => this.cluster.setApiAvailable(false));
    return ms;
  }

  pause(_c: ContainerInfo): void {
    this.kubelet.pause();
    if (this.controlPlane) this.cluster.setApiAvailable(false);
  }

  unpause(_c: ContainerInfo): void {
    this.kubelet.unpause();
    if (this.controlPlane) this.cluster.setApiAvailable(true);
  }

  destroy(_c: ContainerInfo): void {
    this.cancelBoot();
    this.kubelet.kill();
  }

  private cancelBoot(): void {
    for (const t of this.bootTimers) t.cancel();
    this.bootTimers = [];
  }
}
