import type { Timer } from '../sim';
import type { Rng } from '../sim/prng';
import type { KindCluster } from './cluster';
import type { Controller } from './controller';
import { involvedOf } from './events';
import { doNotScheduleTaint, findUntoleratedTaint, isPodTerminal, matchLabelSelector, podMatchesNode, taintTolerated, TAINT_UNSCHEDULABLE } from './kubelet/scheduling';
import type { Node, Pod, PodAffinityTerm, PodCondition } from './types';

const SCHEDULER_NAME = 'default-scheduler';
/** podInitialBackoffSeconds / podMaxBackoffSeconds. */
const INITIAL_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 10_000;
/** podMaxInUnschedulablePodsDuration: an unschedulable pod is retried at least this often. */
const UNSCHEDULABLE_FLUSH_MS = 5 * 60_000;

/** Why a node was filtered out; `resolvable` failures could be fixed by preemption. */
interface Rejection {
  reason: string;
  resolvable: boolean;
}

interface Queued {
  attempts: number;
  timer: Timer | null;
  unschedulable: boolean;
  backoffUntil: number;
}

/**
 * kube-scheduler with the default profile, reduced to what the lab needs: the filter plugins
 * NodeUnschedulable, TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit (pod count) and
 * InterPodAffinity, in that order; scoring spreads pods (fewest on the node, ties at random).
 * A pod that fits nowhere gets PodScheduled=False and a FailedScheduling event with the real
 * message, and is retried when nodes or pods change.
 */
export class KubeScheduler implements Controller {
  readonly name = 'kube-scheduler';
  private readonly cluster: KindCluster;
  private readonly rng: Rng;
  private running = false;
  private unsubscribe: (() => void)[] = [];
  private queue = new Map<string, Queued>();
  private flushTimer: Timer | null = null;

  constructor(cluster: KindCluster) {
    this.cluster = cluster;
    this.rng = cluster.sim.rng.fork('kube-scheduler');
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const api = this.cluster.api;
    this.unsubscribe.push(
      api.watch('pods', (e) => {
        const p = e.object as Pod;
        const o = e.old as Pod | undefined;
        if (e.type !== 'DELETED' && this.wants(p)) this.enqueue(p);
        // Something that may let a waiting pod fit: a pod went away, moved, or changed labels.
        if (e.type === 'DELETED' || (p.spec?.nodeName && (!o || o.spec?.nodeName !== p.spec.nodeName)) || (o && JSON.stringify(o.metadata.labels) !== JSON.stringify(p.metadata.labels)))
          this.retryUnschedulable();
      }),
      api.watch('nodes', (e) => {
        const n = e.object as Node;
        const o = e.old as Node | undefined;
        if (e.type === 'ADDED' || (e.type === 'MODIFIED' && o && nodeMatters(o) !== nodeMatters(n))) this.retryUnschedulable();
      })
    );
    for (const p of api.list<Pod>('pods')) if (this.wants(p)) this.enqueue(p);
    this.flushTimer = this.cluster.sim.scheduler.every(30_000, 'kube-scheduler: flush unschedulable', () => this.flushLeftover());
  }

  stop(): void {
    this.running = false;
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
    for (const q of this.queue.values()) q.timer?.cancel();
    this.queue.clear();
    this.flushTimer?.cancel();
    this.flushTimer = null;
  }

  isRunning(): boolean {
    return this.running && this.cluster.apiUp();
  }

  private wants(p: Pod): boolean {
    return !!p.spec && !p.spec.nodeName && !p.metadata.deletionTimestamp && !isPodTerminal(p) && (p.spec?.schedulerName ?? SCHEDULER_NAME) === SCHEDULER_NAME;
  }

  private key(p: Pod): string {
    return `${p.metadata.namespace}/${p.metadata.name}`;
  }

  private enqueue(p: Pod): void {
    const key = this.key(p);
    const q = this.queue.get(key);
    if (q) return; // already waiting (its own updates, such as our PodScheduled=False, change nothing)
    const entry: Queued = { attempts: 0, timer: null, unschedulable: false, backoffUntil: 0 };
    this.queue.set(key, entry);
    this.arm(key, entry, this.rng.range(20, 60));
  }

  private arm(key: string, q: Queued, ms: number): void {
    q.timer?.cancel();
    q.timer = this.cluster.sim.scheduler.after(ms, `kube-scheduler: ${key}`, () => {
      q.timer = null;
      this.attempt(key);
    });
  }

  /** Move unschedulable pods back to the active queue (after their backoff). */
  private retryUnschedulable(): void {
    const now = this.cluster.sim.clock.now();
    for (const [key, q] of this.queue) {
      if (!q.unschedulable || q.timer) continue;
      q.unschedulable = false;
      this.arm(key, q, Math.max(q.backoffUntil - now, 0) + this.rng.range(20, 60));
    }
  }

  private flushLeftover(): void {
    const now = this.cluster.sim.clock.now();
    for (const [key, q] of this.queue) if (q.unschedulable && !q.timer && now - q.backoffUntil >= UNSCHEDULABLE_FLUSH_MS) this.arm(key, q, 0);
  }

  // ------------------------------------------------------------------ one scheduling cycle

  private attempt(key: string): void {
    const q = this.queue.get(key);
    if (!q) return;
    const slash = key.indexOf('/');
    const pod = this.cluster.api.get<Pod>('pods', key.slice(0, slash), key.slice(slash + 1));
    if (!this.isRunning() || !pod || !this.wants(pod)) {
      if (!pod || !this.wants(pod)) this.queue.delete(key);
      return;
    }
    q.attempts++;
    const nodes = this.cluster.api.list<Node>('nodes');
    const pods = this.cluster.api.list<Pod>('pods').filter((p) => p.spec?.nodeName && !isPodTerminal(p));
    const rejected = new Map<string, Rejection>();
    const feasible: Node[] = [];
    for (const n of nodes) {
      const r = filterNode(pod, n, pods, nodes);
      if (r) rejected.set(n.metadata.name, r);
      else feasible.push(n);
    }
    if (!feasible.length) return this.unschedulable(pod, q, nodes.length, rejected);
    const best = this.score(feasible, pods);
    this.bind(pod, best);
    this.queue.delete(key);
  }

  /** Fewest pods first (what the default spreading and least-allocated scores amount to here). */
  private score(nodes: Node[], pods: Pod[]): Node {
    const count = (n: Node) => pods.filter((p) => p.spec.nodeName === n.metadata.name).length;
    const min = Math.min(...nodes.map(count));
    const best = nodes.filter((n) => count(n) === min);
    return best.length === 1 ? best[0] : this.rng.pick(best);
  }

  private bind(pod: Pod, node: Node): void {
    const api = this.cluster.api;
    const ts = api.now();
    // The binding subresource sets nodeName and PodScheduled=True in one write.
    const bound = api.modify<Pod>('pods', pod.metadata.namespace, pod.metadata.name, (p) => {
      p.spec.nodeName = node.metadata.name;
      const status = (p.status ??= { phase: 'Pending' });
      const conds = (status.conditions ??= []);
      const scheduled: PodCondition = { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: ts };
      const i = conds.findIndex((c) => c.type === 'PodScheduled');
      if (i >= 0) conds[i] = scheduled;
      else conds.push(scheduled);
    });
    if (bound)
      this.cluster.events.record(involvedOf(bound), 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${node.metadata.name}`, SCHEDULER_NAME);
  }

  private unschedulable(pod: Pod, q: Queued, total: number, rejected: Map<string, Rejection>): void {
    const message = fitErrorMessage(pod, total, rejected);
    const api = this.cluster.api;
    const ts = api.now();
    const updated = api.modify<Pod>('pods', pod.metadata.namespace, pod.metadata.name, (p) => {
      const status = (p.status ??= { phase: 'Pending' });
      status.phase ??= 'Pending';
      const conds = (status.conditions ??= []);
      const old = conds.find((c) => c.type === 'PodScheduled');
      const c: PodCondition = {
        type: 'PodScheduled',
        status: 'False',
        lastProbeTime: null,
        lastTransitionTime: old && old.status === 'False' && old.lastTransitionTime ? old.lastTransitionTime : ts,
        reason: 'Unschedulable',
        message
      };
      if (old) conds[conds.indexOf(old)] = c;
      else conds.push(c);
    });
    this.cluster.events.record(involvedOf(updated ?? pod), 'Warning', 'FailedScheduling', message, SCHEDULER_NAME);
    q.unschedulable = true;
    q.backoffUntil = this.cluster.sim.clock.now() + Math.min(INITIAL_BACKOFF_MS * 2 ** (q.attempts - 1), MAX_BACKOFF_MS);
  }
}

/** A node update that can change where pods fit (heartbeats do not). */
function nodeMatters(n: Node): string {
  return JSON.stringify([n.metadata.labels, n.spec?.taints?.map((t) => [t.key, t.value, t.effect]), n.spec?.unschedulable, n.status?.allocatable]);
}

// ---------------------------------------------------------------- filter plugins

function filterNode(pod: Pod, node: Node, pods: Pod[], nodes: Node[]): Rejection | null {
  const tol = pod.spec.tolerations;
  if (node.spec?.unschedulable && !taintTolerated({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' }, tol))
    return { reason: 'node(s) were unschedulable', resolvable: false };
  const taint = findUntoleratedTaint(node.spec?.taints, tol, doNotScheduleTaint);
  if (taint) return { reason: `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`, resolvable: false };
  if (!podMatchesNode(pod, node)) return { reason: "node(s) didn't match Pod's node affinity/selector", resolvable: false };
  const onNode = pods.filter((p) => p.spec.nodeName === node.metadata.name);
  if (!portsFree(pod, onNode)) return { reason: "node(s) didn't have free ports for the requested pod ports", resolvable: true };
  const maxPods = Number(node.status?.allocatable?.pods ?? '110');
  if (onNode.length + 1 > maxPods) return { reason: 'Too many pods', resolvable: true };
  return interPodAffinity(pod, node, pods, nodes);
}

function hostPorts(p: Pod): string[] {
  const out: string[] = [];
  for (const c of p.spec.containers ?? [])
    for (const port of c.ports ?? []) {
      const hp = port.hostPort ?? (p.spec.hostNetwork ? port.containerPort : undefined);
      if (hp) out.push(`${port.protocol ?? 'TCP'}/${hp}`);
    }
  return out;
}

function portsFree(pod: Pod, onNode: Pod[]): boolean {
  const want = hostPorts(pod);
  if (!want.length) return true;
  const used = new Set(onNode.flatMap(hostPorts));
  return !want.some((p) => used.has(p));
}

function termNamespaces(term: PodAffinityTerm & { namespaceSelector?: unknown }, owner: Pod): string[] | null {
  if (term.namespaces?.length) return term.namespaces;
  // An empty namespaceSelector ({}) selects every namespace.
  const sel = term.namespaceSelector;
  if (typeof sel === 'object' && sel !== null && Object.keys(sel).length === 0) return null;
  return [owner.metadata.namespace ?? 'default'];
}

function termMatches(term: PodAffinityTerm, owner: Pod, target: Pod): boolean {
  const nss = termNamespaces(term, owner);
  if (nss && !nss.includes(target.metadata.namespace ?? 'default')) return false;
  return matchLabelSelector(term.labelSelector, target.metadata.labels);
}

/** Pods in the same topology domain (same value of topologyKey) as `node`. */
function sameDomain(term: PodAffinityTerm, node: Node, pods: Pod[], nodes: Node[]): Pod[] | null {
  const value = node.metadata.labels?.[term.topologyKey];
  if (value === undefined) return null;
  const names = new Set(nodes.filter((n) => n.metadata.labels?.[term.topologyKey] === value).map((n) => n.metadata.name));
  return pods.filter((p) => names.has(p.spec.nodeName ?? ''));
}

function interPodAffinity(pod: Pod, node: Node, pods: Pod[], nodes: Node[]): Rejection | null {
  const affinity = pod.spec.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  for (const term of affinity) {
    const domain = sameDomain(term, node, pods, nodes);
    const anywhere = pods.some((p) => termMatches(term, pod, p));
    // The first pod of a group may go anywhere if it matches its own term.
    const selfOk = !anywhere && termMatches(term, pod, pod);
    if (domain === null || (!domain.some((p) => termMatches(term, pod, p)) && !selfOk))
      return { reason: "node(s) didn't match pod affinity rules", resolvable: false };
  }
  const anti = pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  for (const term of anti) {
    const domain = sameDomain(term, node, pods, nodes);
    if (domain?.some((p) => termMatches(term, pod, p))) return { reason: "node(s) didn't match pod anti-affinity rules", resolvable: true };
  }
  // Existing pods whose own anti-affinity forbids this pod next to them.
  for (const other of pods) {
    for (const term of other.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
      const domain = sameDomain(term, node, [other], nodes);
      if (domain?.length && termMatches(term, other, pod)) return { reason: "node(s) didn't satisfy existing pods anti-affinity rules", resolvable: true };
    }
  }
  return null;
}

/** framework.FitError.Error() plus the preemption post-filter's own diagnosis. */
export function fitErrorMessage(pod: Pod, total: number, rejected: Map<string, Rejection>): string {
  if (total === 0) return 'no nodes available to schedule pods';
  const histogram = (f: (r: Rejection) => string) => {
    const counts = new Map<string, number>();
    for (const r of rejected.values()) counts.set(f(r), (counts.get(f(r)) ?? 0) + 1);
    return [...counts].map(([k, v]) => `${v} ${k}`).sort();
  };
  let msg = `0/${total} nodes are available: ${histogram((r) => r.reason).join(', ')}.`;
  if (pod.spec.preemptionPolicy === 'Never') return `${msg} preemption: not eligible due to preemptionPolicy=Never.`;
  const pre = histogram((r) => (r.resolvable ? 'No preemption victims found for incoming pod' : 'Preemption is not helpful for scheduling'));
  msg += ` preemption: 0/${total} nodes are available: ${pre.join(', ')}.`;
  return msg;
}
