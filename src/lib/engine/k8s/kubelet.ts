import type { Rng } from '../sim/prng';
import type { KindCluster, NodeProcesses } from './cluster';
import { HostLocalIpam } from './kubelet/ipam';
import { NodeImages } from './kubelet/images';
import { type NodeIdentity, NODE_LEASE_NAMESPACE, applyNodeStatus, initialNode, nodeLease, rfc3339Micro, uuidFrom } from './kubelet/node-status';
import { type PodHost, PodWorkers } from './kubelet/pod-workers';
import { TimerGroup } from './kubelet/timers';
import { type KObject, type Node, type Pod, deepClone } from './types';

/** nodeStatusUpdateFrequency and the node lease renew interval (25 % of 40 s). */
const HEARTBEAT_MS = 10_000;
/** nodeStatusReportFrequency: an unchanged status is still posted this often. */
const STATUS_REPORT_MS = 5 * 60_000;
const API_RETRY_MS = 2_000;
/** Without a kindnet DaemonSet (bare test clusters) the CNI counts as configured after this. */
const CNI_FALLBACK_MS = 8_000;
const LEASES = 'leases.coordination.k8s.io';
/** kind runs `kubeadm join` on the workers once the control-plane is up and kindnet is installed. */
const JOIN_AFTER_CP_MS = 11_000;
const KUBELET_INIT_MS: [number, number] = [2_000, 4_000];

/**
 * The kubelet of one node: registers the Node, renews its Lease and posts node status, and runs
 * the pods bound to the node through its pod workers. It lives as long as the node container's
 * processes: kill() and shutdown() end it (pod objects stay as they are), pause() freezes it.
 */
export class Kubelet implements NodeProcesses {
  readonly nodeName: string;
  private readonly cluster: KindCluster;
  private readonly rng: Rng;
  private readonly timers: TimerGroup;
  // Node filesystem state: survives a restart of the node container.
  private readonly ipam = new HostLocalIpam();
  private readonly images = new NodeImages();
  private readonly machineID: string;
  private readonly systemUUID: string;
  private stoppedAt: number | null = null;
  // Process state: lost when the kubelet dies.
  private state: 'stopped' | 'running' | 'paused' = 'stopped';
  private bootID = '';
  private startedAt = 0;
  private registered = false;
  private joining = false;
  private joined = false;
  private lastReportAt = -Infinity;
  private netReady = false;
  private unsubscribe: (() => void)[] = [];
  private readonly pods: PodWorkers;

  constructor(cluster: KindCluster, nodeName: string) {
    this.cluster = cluster;
    this.nodeName = nodeName;
    this.rng = cluster.sim.rng.fork(`kubelet-${nodeName}`);
    this.timers = new TimerGroup(cluster.sim.scheduler);
    this.machineID = this.rng.hex(32);
    this.systemUUID = uuidFrom(this.rng.hex(32));
    const host: PodHost = {
      cluster,
      nodeName,
      timers: this.timers,
      rng: this.rng,
      ipam: this.ipam,
      images: this.images,
      hostIP: () => cluster.nodeIP(nodeName) ?? '',
      networkReady: () => this.netReady,
      lastStopAt: () => this.stoppedAt,
      containersChanged: () => this.checkNetwork()
    };
    this.pods = new PodWorkers(host);
  }

  kubeletRunning(): boolean {
    return this.state === 'running';
  }

  /** The process starts (node container boot finished). */
  start(): void {
    if (this.state !== 'stopped') return;
    this.state = 'running';
    this.bootID = uuidFrom(this.rng.hex(32));
    this.startedAt = this.now();
    this.registered = false;
    this.joining = false;
    this.joined = false;
    this.netReady = false;
    this.lastReportAt = -Infinity;
    this.images.resetQueue();
    const api = this.cluster.api;
    this.unsubscribe.push(
      api.watch('pods', (e) => {
        const p = e.object as Pod;
        const o = e.old as Pod | undefined;
        // Until it has registered, the kubelet has not started its pod workers (register() syncs all).
        if (!this.registered) return;
        if (p.spec?.nodeName === this.nodeName || o?.spec?.nodeName === this.nodeName) this.pods.requestSync(`${p.metadata.namespace}/${p.metadata.name}`);
      }),
      api.watch('nodes', (e) => {
        if (e.object.metadata.name === this.nodeName && e.type !== 'DELETED') this.timers.after(0, `kubelet ${this.nodeName}: node changed`, () => this.checkNetwork());
      }),
      api.watch('daemonsets.apps', () => this.timers.after(0, `kubelet ${this.nodeName}: daemonsets changed`, () => this.checkNetwork())),
      this.cluster.onApiAvailability((up) => {
        if (up && this.state === 'running') this.timers.after(0, `kubelet ${this.nodeName}: api back`, () => this.apiBack());
      })
    );
    // Kubelet initialisation (flags, cgroups, cAdvisor, runtime status) before it talks to the API.
    this.timers.after(this.rng.range(KUBELET_INIT_MS[0], KUBELET_INIT_MS[1]), `kubelet ${this.nodeName}: register`, () => this.register());
    this.timers.after(CNI_FALLBACK_MS, `kubelet ${this.nodeName}: cni check`, () => this.checkNetwork());
  }

  /** SIGKILL: every container dies at once; nothing is reported. */
  kill(): void {
    if (this.state === 'stopped') return;
    this.pods.stopAll(false);
    this.halt();
  }

  /** Graceful node shutdown (systemd stops containerd and the kubelet): returns the ms it takes. */
  shutdown(): number {
    if (this.state === 'stopped') return 0;
    if (this.state === 'paused') this.pods.unpauseApps();
    const ms = this.pods.stopAll(true);
    this.halt();
    return Math.max(ms, 1_000);
  }

  pause(): void {
    if (this.state !== 'running') return;
    this.state = 'paused';
    this.timers.freeze();
    this.pods.pauseApps();
  }

  unpause(): void {
    if (this.state !== 'paused') return;
    this.state = 'running';
    this.timers.thaw();
    this.pods.unpauseApps();
    // The heartbeat ticker fires at once when the process gets CPU again.
    this.renewLease();
    this.postStatus(false);
    this.pods.flush();
  }

  /** For the cluster's tests: the cluster this kubelet belongs to. */
  get owner(): KindCluster {
    return this.cluster;
  }

  // ------------------------------------------------------------------ lifecycle internals

  private halt(): void {
    this.timers.cancelAll();
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
    this.state = 'stopped';
    this.stoppedAt = this.now();
  }

  private now(): number {
    return this.cluster.sim.clock.now();
  }

  private identity(): NodeIdentity {
    const n = this.cluster.node(this.nodeName);
    return {
      name: this.nodeName,
      clusterName: this.cluster.name,
      controlPlane: n?.role === 'control-plane',
      configLabels: n?.config.labels ?? {},
      internalIP: this.cluster.nodeIP(this.nodeName) ?? '',
      machineID: this.machineID,
      systemUUID: this.systemUUID,
      bootID: this.bootID
    };
  }

  /** Register the Node (once the API answers), then start the heartbeats and the pod workers. */
  private register(): void {
    const api = this.cluster.api;
    const retry = () => this.timers.after(API_RETRY_MS, `kubelet ${this.nodeName}: register`, () => this.register());
    if (!this.cluster.apiUp()) return void retry();
    const id = this.identity();
    let node = api.get<Node>('nodes', undefined, this.nodeName);
    if (!node) {
      if (!id.controlPlane && !this.joined) return void this.startJoin(retry);
      const res = api.create<Node>(initialNode(id));
      if (!res.ok) return void retry();
      node = res.value;
    }
    const previousBoot = node.status?.nodeInfo?.bootID;
    this.registered = true;
    this.nodeEvent('Normal', 'Starting', 'Starting kubelet.');
    this.postStatus(true);
    this.nodeEvent('Normal', 'NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods');
    if (previousBoot && previousBoot !== this.bootID) this.nodeEvent('Warning', 'Rebooted', `Node ${this.nodeName} has been rebooted, boot id: ${this.bootID}`);
    this.renewLease();
    const phase = this.rng.int(HEARTBEAT_MS);
    this.timers.every(HEARTBEAT_MS, `kubelet ${this.nodeName}: heartbeat`, () => {
      this.renewLease();
      this.postStatus(false);
    }, phase);
    this.ipam.setRange(node.spec?.podCIDR);
    this.ipam.retain(this.pods.boundUids());
    this.pods.syncAll();
  }

  /**
   * A worker joins with `kubeadm join` once the control-plane is initialised; kind joins the
   * workers in parallel, so their order is only roughly their index.
   */
  private startJoin(retry: () => void): void {
    if (this.joining) return;
    const cp = this.cluster.api.get('nodes', undefined, this.cluster.controlPlane().name);
    if (!cp) return void retry();
    const index = this.cluster.nodes.filter((n) => n.role === 'worker').findIndex((n) => n.name === this.nodeName);
    this.joining = true;
    // Counted from the control-plane's registration, so the workers' order does not depend on
    // when each kubelet happened to start polling.
    const cpAt = Date.parse(cp.metadata.creationTimestamp) - this.cluster.sim.clock.epochMs;
    const joinAt = cpAt + JOIN_AFTER_CP_MS + Math.max(0, index) * 400 + this.rng.int(600);
    this.timers.after(joinAt - this.now(), `kubelet ${this.nodeName}: kubeadm join`, () => {
      this.joined = true;
      this.register();
    });
  }

  private apiBack(): void {
    if (!this.registered) return;
    this.renewLease();
    this.postStatus(false);
    this.pods.flush();
    this.pods.syncAll();
  }

  // ------------------------------------------------------------------ heartbeats

  private renewLease(): void {
    if (!this.registered || !this.cluster.apiUp()) return;
    const api = this.cluster.api;
    const renewTime = rfc3339Micro(this.cluster.sim.clock.date(), this.rng.int(1000));
    const lease = api.get(LEASES, NODE_LEASE_NAMESPACE, this.nodeName);
    if (!lease) {
      const node = api.get('nodes', undefined, this.nodeName);
      api.create(nodeLease(this.nodeName, node?.metadata.uid ?? '', renewTime));
      return;
    }
    api.modify<KObject>(LEASES, NODE_LEASE_NAMESPACE, this.nodeName, (l) => {
      const spec = (l.spec ?? {}) as Record<string, unknown>;
      spec.renewTime = renewTime;
      spec.holderIdentity = this.nodeName;
      l.spec = spec;
    });
  }

  /** Run the status setters; write when something changed, when forced, or every 5 minutes. */
  private postStatus(force: boolean): void {
    if (!this.registered || !this.cluster.apiUp()) return;
    const api = this.cluster.api;
    const node = api.get<Node>('nodes', undefined, this.nodeName);
    if (!node) return;
    const id = this.identity();
    const inputs = { now: api.now(), networkReady: this.netReady, images: this.images.list() };
    const probe = deepClone(node);
    const { changed } = applyNodeStatus(probe, id, inputs);
    if (!changed && !force && this.now() - this.lastReportAt < STATUS_REPORT_MS) return;
    let events: string[] = [];
    api.modify<Node>('nodes', undefined, this.nodeName, (n) => {
      events = applyNodeStatus(n, id, inputs).events;
    });
    this.lastReportAt = this.now();
    for (const e of events) this.nodeEvent('Normal', e, `Node ${this.nodeName} status is now: ${e}`);
  }

  /** CNI readiness: kindnet runs here (or, in a cluster without kindnet, a short while after start). */
  private checkNetwork(): void {
    if (this.state !== 'running') return;
    const node = this.cluster.api.get<Node>('nodes', undefined, this.nodeName);
    this.ipam.setRange(node?.spec?.podCIDR);
    if (this.netReady || !this.ipam.hasRange()) return;
    const kindnetHere = this.pods.hasRunning('app', 'kindnet');
    const noKindnet = !this.cluster.api.list<KObject>('daemonsets.apps').some((d) => d.metadata.name === 'kindnet');
    if (!kindnetHere && !(noKindnet && this.now() - this.startedAt >= CNI_FALLBACK_MS)) return;
    this.netReady = true;
    this.postStatus(true);
    this.pods.networkBecameReady();
  }

  private nodeEvent(type: 'Normal' | 'Warning', reason: string, message: string): void {
    if (!this.cluster.apiUp()) return;
    // The kubelet's node reference uses the node name as uid.
    this.cluster.events.record({ kind: 'Node', name: this.nodeName, uid: this.nodeName }, type, reason, message, 'kubelet', this.nodeName);
  }
}
