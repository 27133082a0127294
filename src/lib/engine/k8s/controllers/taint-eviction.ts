import type { Timer } from '../../sim';
import type { KindCluster } from '../cluster';
import type { Controller } from '../controller';
import { involvedOf } from '../events';
import { matchingTolerations, minTolerationMs } from '../kubelet/scheduling';
import type { Node, Pod, Taint } from '../types';

const COMPONENT = 'taint-eviction-controller';

interface Scheduled {
  uid: string;
  /** When the eviction was first planned (the taint was seen); tolerationSeconds count from here. */
  createdAt: number;
  fireAt: number;
  timer: Timer;
}

/**
 * The taint eviction controller (pkg/controller/tainteviction, separate from the node lifecycle
 * controller since v1.29): pods on a node with NoExecute taints they do not tolerate are deleted
 * at once; pods tolerating them for tolerationSeconds are deleted when that time is up (DaemonSet
 * pods tolerate them forever); if the taint goes away first, the eviction is cancelled. The
 * deletion only sets a deletionTimestamp: a dead kubelet never confirms it.
 */
export class TaintEvictionController implements Controller {
  readonly name = 'taint-eviction';
  private readonly cluster: KindCluster;
  private running = false;
  private unsubscribe: (() => void)[] = [];
  private scheduled = new Map<string, Scheduled>();
  private pending: Timer[] = [];

  constructor(cluster: KindCluster) {
    this.cluster = cluster;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const api = this.cluster.api;
    this.unsubscribe.push(
      api.watch('nodes', (e) => {
        const n = e.object as Node;
        const o = e.old as Node | undefined;
        if (e.type === 'DELETED' || sameNoExecute(n.spec?.taints, o?.spec?.taints)) return;
        this.soon(() => this.handleNode(n.metadata.name));
      }),
      api.watch('pods', (e) => {
        const p = e.object as Pod;
        const key = `${p.metadata.namespace}/${p.metadata.name}`;
        if (e.type === 'DELETED') return this.cancel(key, false);
        const o = e.old as Pod | undefined;
        if (o && o.spec?.nodeName === p.spec?.nodeName && JSON.stringify(o.spec?.tolerations ?? []) === JSON.stringify(p.spec?.tolerations ?? [])) return;
        this.soon(() => this.handlePod(p.metadata.namespace ?? 'default', p.metadata.name));
      })
    );
    for (const n of api.list<Node>('nodes')) this.soon(() => this.handleNode(n.metadata.name));
  }

  stop(): void {
    this.running = false;
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
    for (const s of this.scheduled.values()) s.timer.cancel();
    this.scheduled.clear();
    for (const t of this.pending) t.cancel();
    this.pending = [];
  }

  isRunning(): boolean {
    return this.running && this.cluster.apiUp();
  }

  /** Informer handlers queue work; the workers run it a moment later. */
  private soon(fn: () => void): void {
    const t = this.cluster.sim.scheduler.after(0, 'taint-eviction: process', () => {
      this.pending = this.pending.filter((x) => x !== t);
      if (this.isRunning()) fn();
    });
    this.pending.push(t);
  }

  private handleNode(name: string): void {
    for (const p of this.cluster.api.list<Pod>('pods')) if (p.spec?.nodeName === name) this.handlePod(p.metadata.namespace ?? 'default', p.metadata.name);
  }

  /** processPodOnNode. */
  private handlePod(ns: string, name: string): void {
    const api = this.cluster.api;
    const key = `${ns}/${name}`;
    const pod = api.get<Pod>('pods', ns, name);
    const node = pod?.spec?.nodeName ? api.get<Node>('nodes', undefined, pod.spec.nodeName) : undefined;
    if (!pod || !node) return this.cancel(key, false);
    const taints = (node.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');
    if (!taints.length) return this.cancel(key, true);
    const now = this.cluster.sim.clock.now();
    const { all, used } = matchingTolerations(taints, pod.spec?.tolerations);
    if (!all) {
      this.cancel(key, false);
      return this.evict(ns, name, pod.metadata.uid);
    }
    const min = minTolerationMs(used);
    if (min < 0) return this.cancel(key, true);
    const existing = this.scheduled.get(key);
    const createdAt = existing && existing.uid === pod.metadata.uid ? existing.createdAt : now;
    const fireAt = createdAt + min;
    if (existing && existing.uid === pod.metadata.uid && existing.fireAt <= fireAt) return;
    this.cancel(key, false);
    const timer = this.cluster.sim.scheduler.at(fireAt, `taint-eviction: ${key}`, () => {
      this.scheduled.delete(key);
      if (this.isRunning()) this.evict(ns, name, pod.metadata.uid);
    });
    this.scheduled.set(key, { uid: pod.metadata.uid, createdAt, fireAt, timer });
  }

  private cancel(key: string, withEvent: boolean): void {
    const s = this.scheduled.get(key);
    if (!s) return;
    s.timer.cancel();
    this.scheduled.delete(key);
    if (!withEvent) return;
    const [ns, name] = key.split('/');
    const pod = this.cluster.api.get<Pod>('pods', ns, name);
    if (pod) this.cluster.events.record(involvedOf(pod), 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${key}`, COMPONENT);
  }

  /** addConditionAndDeletePod: DisruptionTarget condition, then a normal (graceful) delete. */
  private evict(ns: string, name: string, uid: string): void {
    const api = this.cluster.api;
    const pod = api.get<Pod>('pods', ns, name);
    if (!pod || pod.metadata.uid !== uid || pod.metadata.deletionTimestamp) return;
    this.cluster.events.record(involvedOf(pod), 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${ns}/${name}`, COMPONENT);
    const ts = api.now();
    api.modify<Pod>('pods', ns, name, (p) => {
      const conds = ((p.status ??= { phase: 'Pending' }).conditions ??= []);
      if (conds.some((c) => c.type === 'DisruptionTarget')) return;
      conds.push({ type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: ts, reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' });
    });
    const r = api.resourceById('pods');
    if (r) api.delete(r, ns, name);
  }
}

function sameNoExecute(a: Taint[] | undefined, b: Taint[] | undefined): boolean {
  const key = (t: Taint[] | undefined) =>
    (t ?? [])
      .filter((x) => x.effect === 'NoExecute')
      .map((x) => `${x.key}=${x.value ?? ''}`)
      .sort()
      .join(',');
  return b !== undefined && key(a) === key(b);
}
