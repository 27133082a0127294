import type { KindCluster } from '../cluster';
import { involvedOf } from '../events';
import { matchesSelector } from '../labels';
import type { WatchEvent } from '../store';
import type { DaemonSet, Json, KObject, Node, Pod, PodSpec, Toleration } from '../types';
import { isRecord, stableStringify } from '../admission/field';
import { QueueController, keyOf, splitKey } from './base';
import { nodeSelectorMatches, untolerated } from './nodes';
import { byCreation, claim, controllerRef, isPodReady, podFromTemplate, scaledValue, templateHash } from './util';

const DS = 'daemonsets.apps';
const COMPONENT = 'daemonset-controller';
const HASH = 'controller-revision-hash';

/** util.AddOrUpdateDaemonPodTolerations: what every DaemonSet pod tolerates, in this order. */
export function daemonTolerations(spec: PodSpec): Toleration[] {
  const auto: Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }
  ];
  if (spec.hostNetwork) auto.push({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
  const out = [...(spec.tolerations ?? [])];
  for (const t of auto) {
    const i = out.findIndex((x) => x.key === t.key && x.effect === t.effect && (x.operator ?? 'Equal') === t.operator && (x.value ?? '') === '');
    if (i >= 0) out[i] = t;
    else out.push(t);
  }
  return out;
}

/** nodeShouldRunDaemonPod: may a new pod go there, and may an existing one stay. */
export function nodeShouldRun(node: Node, ds: DaemonSet): { run: boolean; stay: boolean } {
  const spec = ds.spec.template.spec;
  if (!nodeSelectorMatches(node, spec)) return { run: false, stay: false };
  const tol = daemonTolerations(spec);
  return {
    run: untolerated(node.spec?.taints, tol, ['NoSchedule', 'NoExecute']).length === 0,
    stay: untolerated(node.spec?.taints, tol, ['NoExecute']).length === 0
  };
}

/** The node a daemon pod is for: spec.nodeName, or the matchFields target of its affinity. */
function podNode(p: Pod): string | undefined {
  if (p.spec.nodeName) return p.spec.nodeName;
  const na = p.spec.affinity?.nodeAffinity;
  const req = isRecord(na) ? na.requiredDuringSchedulingIgnoredDuringExecution : undefined;
  const terms = isRecord(req) && Array.isArray(req.nodeSelectorTerms) ? req.nodeSelectorTerms : [];
  for (const t of terms) {
    const fields = isRecord(t) && Array.isArray(t.matchFields) ? t.matchFields : [];
    for (const f of fields)
      if (isRecord(f) && f.key === 'metadata.name' && f.operator === 'In' && Array.isArray(f.values) && f.values.length === 1) return String(f.values[0]);
  }
  return undefined;
}

function nodeAffinityFor(node: string, existing: Json | undefined): Json {
  const base = isRecord(existing) ? (existing as { [k: string]: Json }) : {};
  return { ...base, requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }] } };
}

/**
 * DaemonSets → one pod per eligible node (`<ds>-<5 chars>`). Eligible: the node matches the
 * nodeSelector/affinity and every NoSchedule/NoExecute taint is tolerated (with the automatic
 * DaemonSet tolerations). The pod carries the matchFields node affinity the real controller sets,
 * and also `spec.nodeName` directly: v1.31 leaves the binding to kube-scheduler, but binding it
 * here keeps DaemonSet pods independent of the scheduler's matchFields support and of its delay.
 */
export class DaemonSetController extends QueueController {
  readonly name = 'daemonset';

  constructor(cluster: KindCluster) {
    super(cluster, 30);
  }

  protected watched(): string[] {
    return [DS, 'pods', 'nodes'];
  }

  protected keysFor(e: WatchEvent): string[] {
    if (e.resource.kind === 'DaemonSet') return [keyOf(e.object)];
    if (e.resource.kind === 'Node') {
      // Heartbeats do not change eligibility; labels, taints and unschedulable do.
      const shape = (n: KObject | undefined) => stableStringify([n?.metadata.labels, (n as Node | undefined)?.spec?.taints, (n as Node | undefined)?.spec?.unschedulable]);
      if (e.type === 'MODIFIED' && shape(e.object) === shape(e.old)) return [];
      return this.allKeys();
    }
    const ns = e.object.metadata.namespace;
    const keys: string[] = [];
    for (const o of [e.object, e.old]) {
      const ref = o && controllerRef(o);
      if (ref?.kind === 'DaemonSet') keys.push(`${ns}/${ref.name}`);
    }
    if (e.type !== 'DELETED' && !controllerRef(e.object))
      for (const ds of this.cluster.api.list<DaemonSet>(DS, ns)) if (matchesSelector(e.object.metadata.labels, ds.spec.selector)) keys.push(keyOf(ds));
    return keys;
  }

  protected allKeys(): string[] {
    return this.cluster.api.list(DS).map(keyOf);
  }

  protected sync(key: string): void {
    const api = this.cluster.api;
    const [ns, name] = splitKey(key);
    const ds = api.get<DaemonSet>(DS, ns, name);
    if (!ds || ds.metadata.deletionTimestamp) return;
    const nodes = api.list<Node>('nodes');
    const hash = templateHash(ds.spec.template);
    const byNode = this.podsByNode(ds);
    const known = new Set(nodes.map((n) => n.metadata.name));
    // Pods bound to nodes that no longer exist are removed outright, as pod GC does.
    for (const [node, pods] of byNode) if (!known.has(node)) for (const p of pods) api.finalize('pods', ns, p.metadata.name);
    for (const node of nodes) {
      const pods = byNode.get(node.metadata.name) ?? [];
      const { run, stay } = nodeShouldRun(node, ds);
      if (run && !pods.length) this.createPod(ds, node.metadata.name, hash);
      else if (stay) {
        const live = pods.filter((p) => !p.metadata.deletionTimestamp);
        for (const p of live.filter((p) => p.status?.phase === 'Failed')) {
          this.event(ds, 'Warning', 'FailedDaemonPod', `Found failed daemon pod ${ns}/${p.metadata.name} on node ${node.metadata.name}, will try to kill it`);
          this.deletePod(ds, p);
        }
        // More than one pod on a node: keep the oldest.
        const healthy = live.filter((p) => p.status?.phase !== 'Failed').sort(byCreation);
        for (const p of healthy.slice(1)) this.deletePod(ds, p);
      } else for (const p of pods) if (!p.metadata.deletionTimestamp) this.deletePod(ds, p);
    }
    this.rollingUpdate(ds, nodes, hash);
    this.updateStatus(ds, nodes, hash);
  }

  private podsByNode(ds: DaemonSet): Map<string, Pod[]> {
    const pods = claim(this.cluster, 'pods', ds, ds.spec.selector, this.cluster.api.list<Pod>('pods', ds.metadata.namespace));
    const byNode = new Map<string, Pod[]>();
    for (const p of pods) {
      const n = podNode(p);
      if (n) byNode.set(n, [...(byNode.get(n) ?? []), p]);
    }
    return byNode;
  }

  private createPod(ds: DaemonSet, node: string, hash: string): void {
    const pod = podFromTemplate(ds.spec.template, ds, `${ds.metadata.name}-`);
    pod.metadata.labels = { ...pod.metadata.labels, [HASH]: hash, 'pod-template-generation': String(ds.metadata.generation ?? 1) };
    pod.spec.nodeName = node;
    pod.spec.affinity = { ...(pod.spec.affinity ?? {}), nodeAffinity: nodeAffinityFor(node, pod.spec.affinity?.nodeAffinity) };
    pod.spec.tolerations = daemonTolerations(pod.spec);
    const res = this.cluster.api.create<Pod>(pod);
    if (res.ok) this.event(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${res.value.metadata.name}`);
    else this.event(ds, 'Warning', 'FailedCreate', `Error creating: ${res.error.message}`);
  }

  private deletePod(ds: DaemonSet, p: Pod): void {
    const res = this.cluster.api.delete(this.cluster.api.resourceById('pods')!, p.metadata.namespace, p.metadata.name);
    if (res.ok) this.event(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`);
  }

  /** RollingUpdate: replace outdated pods, at most maxUnavailable nodes without a ready pod. */
  private rollingUpdate(ds: DaemonSet, nodes: Node[], hash: string): void {
    const st = ds.spec.updateStrategy as { type?: string; rollingUpdate?: { maxUnavailable?: unknown } } | undefined;
    if (st?.type === 'OnDelete') return;
    const byNode = this.podsByNode(ds);
    const eligible = nodes.filter((n) => nodeShouldRun(n, ds).run);
    const maxUnavailable = scaledValue(st?.rollingUpdate?.maxUnavailable ?? 1, eligible.length, true);
    let unavailable = 0;
    const outdated: Pod[] = [];
    for (const n of eligible) {
      const live = (byNode.get(n.metadata.name) ?? []).filter((p) => !p.metadata.deletionTimestamp);
      if (!live.some(isPodReady)) unavailable++;
      outdated.push(...live.filter((p) => p.metadata.labels?.[HASH] !== hash));
    }
    for (const p of outdated.sort(byCreation)) {
      // Pods that are not ready anyway go at once; ready ones only within the budget.
      if (!isPodReady(p)) this.deletePod(ds, p);
      else if (unavailable < maxUnavailable) {
        this.deletePod(ds, p);
        unavailable++;
      }
    }
  }

  private updateStatus(ds: DaemonSet, nodes: Node[], hash: string): void {
    const byNode = this.podsByNode(ds);
    let desired = 0;
    let current = 0;
    let mis = 0;
    let ready = 0;
    let updated = 0;
    for (const n of nodes) {
      const pods = [...(byNode.get(n.metadata.name) ?? [])].sort(byCreation);
      if (nodeShouldRun(n, ds).run) {
        desired++;
        if (!pods.length) continue;
        current++;
        if (isPodReady(pods[0])) ready++;
        if (pods[0].metadata.labels?.[HASH] === hash) updated++;
      } else if (pods.length) mis++;
    }
    this.cluster.api.modify<DaemonSet>(DS, ds.metadata.namespace, ds.metadata.name, (o) => {
      o.status = {
        currentNumberScheduled: current,
        desiredNumberScheduled: desired,
        numberMisscheduled: mis,
        numberReady: ready,
        ...(ready ? { numberAvailable: ready } : {}),
        ...(desired - ready > 0 ? { numberUnavailable: desired - ready } : {}),
        observedGeneration: o.metadata.generation ?? 1,
        ...(updated ? { updatedNumberScheduled: updated } : {})
      };
    });
  }

  private event(ds: DaemonSet, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.cluster.events.record(involvedOf(ds), type, reason, message, COMPONENT);
  }
}
