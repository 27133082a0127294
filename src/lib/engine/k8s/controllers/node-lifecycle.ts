import type { Timer } from '../../sim';
import type { KindCluster } from '../cluster';
import type { Controller } from '../controller';
import { involvedOf } from '../events';
import { TAINT_NOT_READY, TAINT_UNREACHABLE, TAINT_UNSCHEDULABLE } from '../kubelet/scheduling';
import type { KObject, Node, NodeCondition, Pod, Taint } from '../types';

/** --node-monitor-period. */
export const NODE_MONITOR_PERIOD_MS = 5_000;
/** --node-monitor-grace-period in v1.31 (50 s only from v1.32). */
export const NODE_MONITOR_GRACE_MS = 40_000;
/** --node-startup-grace-period: a node that never posted status gets this long. */
export const NODE_STARTUP_GRACE_MS = 60_000;
/** doNoExecuteTaintingPass runs every NodeEvictionPeriod. */
const EVICTION_PASS_MS = 100;
const COMPONENT = 'node-controller';

/** nodeConditionToTaintKeyStatusMap: node conditions mirrored as NoSchedule taints. */
const CONDITION_TAINTS: Record<string, Partial<Record<NodeCondition['status'], string>>> = {
  Ready: { False: TAINT_NOT_READY, Unknown: TAINT_UNREACHABLE },
  MemoryPressure: { True: 'node.kubernetes.io/memory-pressure' },
  DiskPressure: { True: 'node.kubernetes.io/disk-pressure' },
  NetworkUnavailable: { True: 'node.kubernetes.io/network-unavailable' },
  PIDPressure: { True: 'node.kubernetes.io/pid-pressure' }
};
const CONDITION_TAINT_KEYS = new Set([...Object.values(CONDITION_TAINTS).flatMap((m) => Object.values(m)), TAINT_UNSCHEDULABLE]);

interface Health {
  /** Last time (virtual ms) the kubelet was seen alive: a new heartbeat or a renewed lease. */
  probe: number;
  /** The Ready condition as last seen, to notice new heartbeats. */
  saved?: NodeCondition;
  leaseRenew?: string;
}

/**
 * kube-controller-manager's node lifecycle controller (pkg/controller/nodelifecycle): every
 * 5 s it checks each node's last heartbeat (lease renewal or status post); after 40 s of silence
 * it sets the node's conditions to Unknown, marks its pods not Ready and taints it
 * unreachable. It also mirrors conditions as NoSchedule taints and removes the taints when the
 * kubelet is back.
 */
export class NodeLifecycleController implements Controller {
  readonly name = 'node-lifecycle';
  private readonly cluster: KindCluster;
  private running = false;
  private health = new Map<string, Health>();
  private known = new Map<string, string>();
  private unsubscribe: (() => void)[] = [];
  private timers = new Set<Timer>();
  private monitorTimer: Timer | null = null;

  constructor(cluster: KindCluster) {
    this.cluster = cluster;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    // A restarted controller starts from nothing: every node is "new" and gets a fresh grace.
    this.health.clear();
    this.known.clear();
    const api = this.cluster.api;
    this.unsubscribe.push(
      api.watch('nodes', (e) => {
        if (e.type !== 'DELETED') this.later(0, `node-lifecycle: taints ${e.object.metadata.name}`, () => this.noScheduleTaintPass(e.object.metadata.name));
      }),
      api.watch('pods', (e) => {
        const p = e.object as Pod;
        const o = e.old as Pod | undefined;
        if (e.type !== 'DELETED' && p.spec?.nodeName && p.spec.nodeName !== o?.spec?.nodeName)
          this.later(0, `node-lifecycle: pod ${p.metadata.name}`, () => this.processPod(p.metadata.namespace ?? 'default', p.metadata.name));
      })
    );
    for (const n of api.list<Node>('nodes')) this.later(0, 'node-lifecycle: taints', () => this.noScheduleTaintPass(n.metadata.name));
    this.monitorTimer = this.cluster.sim.scheduler.every(NODE_MONITOR_PERIOD_MS, 'node-lifecycle: monitor', () => this.monitor(), 0);
  }

  stop(): void {
    this.running = false;
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
    for (const t of this.timers) t.cancel();
    this.timers.clear();
    this.monitorTimer?.cancel();
    this.monitorTimer = null;
  }

  isRunning(): boolean {
    return this.running && this.cluster.apiUp();
  }

  private later(ms: number, label: string, fn: () => void): void {
    const t = this.cluster.sim.scheduler.after(ms, label, () => {
      this.timers.delete(t);
      if (this.isRunning()) fn();
    });
    this.timers.add(t);
  }

  private now(): number {
    return this.cluster.sim.clock.now();
  }

  // ------------------------------------------------------------------ monitorNodeHealth

  private monitor(): void {
    if (!this.isRunning()) return;
    const api = this.cluster.api;
    const nodes = api.list<Node>('nodes');
    for (const n of nodes) {
      if (this.known.has(n.metadata.name)) continue;
      this.known.set(n.metadata.name, n.metadata.uid);
      this.record(n, 'Normal', 'RegisteredNode', `Node ${n.metadata.name} event: Registered Node ${n.metadata.name} in Controller`);
      this.markReachable(n.metadata.name);
    }
    for (const [name, uid] of [...this.known]) {
      if (nodes.some((n) => n.metadata.name === name)) continue;
      this.known.delete(name);
      this.health.delete(name);
      this.cluster.events.record({ kind: 'Node', name, uid, apiVersion: 'v1' }, 'Normal', 'RemovingNode', `Node ${name} event: Removing Node ${name} from Controller`, COMPONENT);
    }
    for (const n of nodes) {
      const { observed, current } = this.updateHealth(n.metadata.name);
      if (!current) continue;
      this.taintForEviction(n.metadata.name, observed);
      if (current !== 'True' && observed === 'True') {
        const node = api.get<Node>('nodes', undefined, n.metadata.name);
        if (node) this.record(node, 'Normal', 'NodeNotReady', `Node ${node.metadata.name} status is now: NodeNotReady`);
        this.markPodsNotReady(n.metadata.name);
      }
    }
  }

  /** tryUpdateNodeHealth: returns the Ready status before and after this pass. */
  private updateHealth(name: string): { observed?: NodeCondition['status']; current?: NodeCondition['status'] } {
    const api = this.cluster.api;
    const node = api.get<Node>('nodes', undefined, name);
    if (!node) return {};
    const now = this.now();
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
    const observed = ready?.status ?? 'Unknown';
    const grace = ready ? NODE_MONITOR_GRACE_MS : NODE_STARTUP_GRACE_MS;
    let h = this.health.get(name);
    if (!h) h = { probe: ready ? now : Date.parse(node.metadata.creationTimestamp) - this.cluster.sim.clock.epochMs, saved: ready };
    else if (!h.saved && ready) h = { probe: now, saved: ready, leaseRenew: h.leaseRenew };
    else if (h.saved && ready && h.saved.lastHeartbeatTime !== ready.lastHeartbeatTime) h = { probe: now, saved: ready, leaseRenew: h.leaseRenew };
    const lease = api.get<KObject>('leases.coordination.k8s.io', 'kube-node-lease', name);
    const renew = (lease?.spec as { renewTime?: string } | undefined)?.renewTime;
    if (renew && (!h.leaseRenew || h.leaseRenew < renew)) {
      h.leaseRenew = renew;
      h.probe = now;
    }
    this.health.set(name, h);
    if (now <= h.probe + grace) return { observed, current: observed };

    const ts = api.now();
    const updated = api.modify<Node>('nodes', undefined, name, (n) => {
      const conds = ((n.status ??= {}).conditions ??= []);
      for (const type of ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure']) {
        const c = conds.find((x) => x.type === type);
        if (!c)
          conds.push({ type, status: 'Unknown', lastHeartbeatTime: n.metadata.creationTimestamp, lastTransitionTime: ts, reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.' });
        else if (c.status !== 'Unknown') {
          c.status = 'Unknown';
          c.reason = 'NodeStatusUnknown';
          c.message = 'Kubelet stopped posting node status.';
          c.lastTransitionTime = ts;
        }
      }
    });
    const cur = updated?.status.conditions?.find((c) => c.type === 'Ready');
    h.saved = cur;
    return { observed, current: cur?.status ?? 'Unknown' };
  }

  // ------------------------------------------------------------------ taints

  /** processTaintBaseEviction + doNoExecuteTaintingPass: NoExecute not-ready/unreachable taints. */
  private taintForEviction(name: string, observed: NodeCondition['status'] | undefined): void {
    const node = this.cluster.api.get<Node>('nodes', undefined, name);
    if (!node) return;
    const has = (key: string) => (node.spec?.taints ?? []).some((t) => t.key === key && t.effect === 'NoExecute');
    if (observed === 'True') return this.markReachable(name);
    if (observed !== 'False' && observed !== 'Unknown') return;
    const [want, opposite] = observed === 'False' ? [TAINT_NOT_READY, TAINT_UNREACHABLE] : [TAINT_UNREACHABLE, TAINT_NOT_READY];
    if (has(opposite)) return this.swap(name, [{ key: want, effect: 'NoExecute' }], [{ key: opposite, effect: 'NoExecute' }]);
    if (has(want)) return;
    this.later(EVICTION_PASS_MS, `node-lifecycle: NoExecute taint ${name}`, () => {
      // The tainting pass looks at the Ready condition again when it gets to the node.
      const n = this.cluster.api.get<Node>('nodes', undefined, name);
      const status = n?.status?.conditions?.find((c) => c.type === 'Ready')?.status;
      if (status === 'False') this.swap(name, [{ key: TAINT_NOT_READY, effect: 'NoExecute' }], [{ key: TAINT_UNREACHABLE, effect: 'NoExecute' }]);
      if (status === 'Unknown') this.swap(name, [{ key: TAINT_UNREACHABLE, effect: 'NoExecute' }], [{ key: TAINT_NOT_READY, effect: 'NoExecute' }]);
    });
  }

  private markReachable(name: string): void {
    this.swap(name, [], [
      { key: TAINT_UNREACHABLE, effect: 'NoExecute' },
      { key: TAINT_NOT_READY, effect: 'NoExecute' }
    ]);
  }

  /** doNoScheduleTaintingPass: conditions (and spec.unschedulable) as NoSchedule taints. */
  private noScheduleTaintPass(name: string): void {
    const node = this.cluster.api.get<Node>('nodes', undefined, name);
    if (!node) return;
    const want: Taint[] = [];
    for (const c of node.status?.conditions ?? []) {
      const key = CONDITION_TAINTS[c.type]?.[c.status];
      if (key) want.push({ key, effect: 'NoSchedule' });
    }
    if (node.spec?.unschedulable) want.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
    const have = (node.spec?.taints ?? []).filter((t) => t.effect === 'NoSchedule' && CONDITION_TAINT_KEYS.has(t.key));
    const add = want.filter((w) => !have.some((h) => h.key === w.key));
    const del = have.filter((h) => !want.some((w) => w.key === h.key));
    if (add.length || del.length) this.swap(name, add, del);
  }

  /** SwapNodeControllerTaint: add (stamped with timeAdded) and remove taints in one write. */
  private swap(name: string, add: Taint[], remove: Taint[]): void {
    // Most calls (markReachable on every healthy status update) would write the node unchanged:
    // skip the copy-and-compare. An empty taints list or a missing spec is still normalised below.
    const spec = this.cluster.api.get<Node>('nodes', undefined, name)?.spec;
    const have = spec?.taints ?? [];
    const holds = (a: Taint) => have.some((t) => t.key === a.key && t.effect === a.effect);
    if (!spec || spec.taints?.length === 0 || remove.some(holds) || !add.every(holds)) this.write(name, add, remove);
  }

  private write(name: string, add: Taint[], remove: Taint[]): void {
    const ts = this.cluster.api.now();
    this.cluster.api.modify<Node>('nodes', undefined, name, (n) => {
      n.spec ??= {};
      let taints = (n.spec.taints ?? []).filter((t) => !remove.some((r) => r.key === t.key && r.effect === t.effect));
      for (const a of add) if (!taints.some((t) => t.key === a.key && t.effect === a.effect)) taints = [...taints, { key: a.key, effect: a.effect, timeAdded: ts }];
      if (taints.length) n.spec.taints = taints;
      else delete n.spec.taints;
    });
  }

  // ------------------------------------------------------------------ pods

  /** MarkPodsNotReady: only the pod's Ready condition turns False; containerStatuses stay. */
  private markPodsNotReady(nodeName: string): void {
    for (const p of this.cluster.api.list<Pod>('pods')) if (p.spec?.nodeName === nodeName) this.markPodNotReady(p);
  }

  private markPodNotReady(p: Pod): void {
    const ready = p.status?.conditions?.find((c) => c.type === 'Ready');
    if (!ready || ready.status === 'False') return;
    const ts = this.cluster.api.now();
    const updated = this.cluster.api.modify<Pod>('pods', p.metadata.namespace, p.metadata.name, (x) => {
      const c = x.status?.conditions?.find((y) => y.type === 'Ready');
      if (!c) return;
      c.status = 'False';
      c.lastTransitionTime = ts;
    });
    if (updated) this.cluster.events.record(involvedOf(updated), 'Warning', 'NodeNotReady', 'Node is not ready', COMPONENT);
  }

  /** A pod bound to a node that is not Ready is marked not Ready at once. */
  private processPod(ns: string, name: string): void {
    const pod = this.cluster.api.get<Pod>('pods', ns, name);
    const nodeName = pod?.spec?.nodeName;
    if (!pod || !nodeName) return;
    const h = this.health.get(nodeName);
    if (!h?.saved || h.saved.status === 'True') return;
    this.markPodNotReady(pod);
  }

  private record(n: Node, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.cluster.events.record({ kind: 'Node', name: n.metadata.name, uid: n.metadata.uid, apiVersion: 'v1' }, type, reason, message, COMPONENT);
  }
}
