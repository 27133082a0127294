import type { DockerEngine } from '../docker/engine';
import type { ContainerInfo } from '../docker/types';
import type { Sim } from '../sim';
import { AppRegistry } from '../apps/app';
import type { Controller } from './controller';
import { EventRecorder } from './events';
import type { KindConfig, KindNodeConfig } from './kind/config';
import { PodLogs } from './logs';
import { ApiServer } from './store';
import { PodNetwork } from './cni';

/** The docker network every kind cluster's node containers attach to. */
export const KIND_NETWORK = 'kind';

export interface ClusterNode {
  name: string;
  role: 'control-plane' | 'worker';
  config: KindNodeConfig;
  image: string;
}

/**
 * Hooks a node container's processes register with the cluster (kubelet and, on the
 * control-plane, the API server and controllers). Implemented by node-runtime.ts.
 */
export interface NodeProcesses {
  readonly nodeName: string;
  /** kubelet is up and posting status. */
  kubeletRunning(): boolean;
}

/**
 * One kind cluster: its API server and object store, its node containers, the control-plane
 * controllers, events and pod logs. Controllers run only while the control-plane is up.
 */
export class KindCluster {
  readonly name: string;
  readonly config: KindConfig;
  readonly sim: Sim;
  readonly docker: DockerEngine;
  readonly api: ApiServer;
  readonly events: EventRecorder;
  readonly logs = new PodLogs();
  readonly apps: AppRegistry;
  readonly nodes: ClusterNode[] = [];
  /** Pod network namespaces and their veths (kindnet's CNI). */
  readonly podNetwork: PodNetwork;
  /** Host port published for the API server (127.0.0.1:PORT->6443/tcp). */
  readonly apiServerHostPort: number;
  private controllers: Controller[] = [];
  private apiAvailable = false;
  private processes = new Map<string, NodeProcesses>();
  private onApiChange = new Set<(up: boolean) => void>();

  constructor(sim: Sim, docker: DockerEngine, name: string, config: KindConfig, labApps: AppRegistry = new AppRegistry()) {
    this.sim = sim;
    this.docker = docker;
    this.name = name;
    this.config = config;
    // Apps that need this cluster (MetalLB's controller and speaker) register here.
    this.apps = new AppRegistry(labApps);
    this.api = new ApiServer(sim);
    this.events = new EventRecorder(this.api, () => sim.clock.now(), (e) =>
      sim.trace.emit(sim.clock.now(), {
        type: 'k8s-event',
        namespace: e.metadata.namespace ?? '',
        object: `${e.involvedObject.kind.toLowerCase()}/${e.involvedObject.name}`,
        reason: e.reason,
        message: e.message,
        eventType: e.type,
        source: e.source.component
      })
    );
    this.apiServerHostPort = sim.rng.fork(`apiport-${name}`).range(32768, 60999);
    this.podNetwork = new PodNetwork(this);
    docker.on((e) => {
      if (!this.nodes.some((n) => n.name === e.container.name)) return;
      if (e.type === 'start' || e.type === 'unpause') this.podNetwork.setNodeUp(e.container.name, true);
      if (e.type === 'stop' || e.type === 'pause' || e.type === 'destroy') this.podNetwork.setNodeUp(e.container.name, false);
    });
  }

  /** Container name of a node (equal to the node name in kind). */
  containerOf(nodeName: string): ContainerInfo | undefined {
    return this.docker.find(nodeName);
  }

  /** The node's InternalIP: its address on the `kind` docker network. */
  nodeIP(nodeName: string): string | undefined {
    const c = this.containerOf(nodeName);
    return c?.endpoints.find((e) => e.network === KIND_NETWORK)?.ipv4;
  }

  node(name: string): ClusterNode | undefined {
    return this.nodes.find((n) => n.name === name);
  }

  controlPlane(): ClusterNode {
    return this.nodes.find((n) => n.role === 'control-plane')!;
  }

  /** Is the API server answering (control-plane container running and apiserver booted)? */
  apiUp(): boolean {
    return this.apiAvailable;
  }

  onApiAvailability(fn: (up: boolean) => void): () => void {
    this.onApiChange.add(fn);
    return () => this.onApiChange.delete(fn);
  }

  /** Register a control-plane controller; it runs whenever the API server is up. */
  addController(c: Controller): void {
    this.controllers.push(c);
    if (this.apiAvailable) c.start();
  }

  controller<T extends Controller>(name: string): T | undefined {
    return this.controllers.find((c) => c.name === name) as T | undefined;
  }

  /** Called by the control-plane node runtime when kube-apiserver comes up or goes away. */
  setApiAvailable(up: boolean): void {
    if (up === this.apiAvailable) return;
    this.apiAvailable = up;
    this.sim.trace.emit(this.sim.clock.now(), { type: 'note', topic: 'apiserver', text: up ? 'kube-apiserver is up' : 'kube-apiserver is down' });
    for (const c of this.controllers) (up ? c.start() : c.stop());
    for (const fn of this.onApiChange) fn(up);
  }

  registerProcesses(p: NodeProcesses): void {
    this.processes.set(p.nodeName, p);
  }

  processesOf(nodeName: string): NodeProcesses | undefined {
    return this.processes.get(nodeName);
  }
}
