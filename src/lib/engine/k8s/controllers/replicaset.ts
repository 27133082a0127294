import type { KindCluster } from '../cluster';
import { involvedOf } from '../events';
import { matchesMap, matchesSelector } from '../labels';
import type { WatchEvent } from '../store';
import type { Pod, ReplicaSet } from '../types';
import { QueueController, keyOf, splitKey } from './base';
import { claim, controllerRef, isPodActive, isPodReady, podFromTemplate } from './util';

const RS = 'replicasets.apps';
const COMPONENT = 'replicaset-controller';

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function readySince(p: Pod): string {
  return p.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime ?? '';
}

function restarts(p: Pod): number {
  return (p.status?.containerStatuses ?? []).reduce((n, c) => n + c.restartCount, 0);
}

/**
 * The order controller.ActivePodsWithRanks deletes in: unscheduled, then pending, then not
 * ready, then pods doubled up on a node, then the most recently ready, most restarted, newest.
 */
export function deletionOrder(pods: Pod[]): Pod[] {
  const perNode = new Map<string, number>();
  for (const p of pods) if (p.spec.nodeName) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
  const cmp = (a: Pod, b: Pod): number => {
    const sa = a.spec.nodeName ? 1 : 0;
    const sb = b.spec.nodeName ? 1 : 0;
    if (sa !== sb) return sa - sb;
    const pa = PHASE_RANK[a.status?.phase ?? 'Pending'] ?? 0;
    const pb = PHASE_RANK[b.status?.phase ?? 'Pending'] ?? 0;
    if (pa !== pb) return pa - pb;
    const ra = isPodReady(a) ? 1 : 0;
    const rb = isPodReady(b) ? 1 : 0;
    if (ra !== rb) return ra - rb;
    if (sa && sb) {
      const na = perNode.get(a.spec.nodeName!) ?? 0;
      const nb = perNode.get(b.spec.nodeName!) ?? 0;
      if (na !== nb) return nb - na;
    }
    if (ra && rb && readySince(a) !== readySince(b)) return readySince(a) > readySince(b) ? -1 : 1;
    if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
    const ca = a.metadata.creationTimestamp;
    const cb = b.metadata.creationTimestamp;
    if (ca !== cb) return ca > cb ? -1 : 1;
    return a.metadata.name > b.metadata.name ? -1 : a.metadata.name < b.metadata.name ? 1 : 0;
  };
  return [...pods].sort(cmp);
}

/**
 * ReplicaSets → Pods: keeps `spec.replicas` active pods (`<rs>-<5 chars>`) matching the
 * selector, ignoring pods being deleted (so an evicted pod is replaced at once), deleting the
 * cheapest ones first when scaling down, and reporting replicas/ready/available in the status.
 */
export class ReplicaSetController extends QueueController {
  readonly name = 'replicaset';

  constructor(cluster: KindCluster) {
    super(cluster, 20);
  }

  protected watched(): string[] {
    return [RS, 'pods'];
  }

  protected keysFor(e: WatchEvent): string[] {
    if (e.resource.kind === 'ReplicaSet') return [keyOf(e.object)];
    const keys: string[] = [];
    const ns = e.object.metadata.namespace;
    for (const o of [e.object, e.old]) {
      const ref = o && controllerRef(o);
      if (ref?.kind === 'ReplicaSet') keys.push(`${ns}/${ref.name}`);
    }
    // An orphan may be adopted by any ReplicaSet whose selector matches it.
    if (e.type !== 'DELETED' && !controllerRef(e.object))
      for (const rs of this.cluster.api.list<ReplicaSet>(RS, ns)) if (matchesSelector(e.object.metadata.labels, rs.spec.selector)) keys.push(keyOf(rs));
    return keys;
  }

  protected allKeys(): string[] {
    return this.cluster.api.list(RS).map(keyOf);
  }

  protected sync(key: string): void {
    const api = this.cluster.api;
    const [ns, name] = splitKey(key);
    const rs = api.get<ReplicaSet>(RS, ns, name);
    if (!rs || rs.metadata.deletionTimestamp) return;
    const active = claim(this.cluster, 'pods', rs, rs.spec.selector, api.list<Pod>('pods', ns)).filter(isPodActive);
    const want = rs.spec.replicas ?? 1;
    const podsRes = api.resourceById('pods')!;
    if (active.length < want) {
      for (let i = active.length; i < want; i++) {
        const res = api.create<Pod>(podFromTemplate(rs.spec.template, rs, `${rs.metadata.name}-`));
        if (res.ok) this.cluster.events.record(involvedOf(rs), 'Normal', 'SuccessfulCreate', `Created pod: ${res.value.metadata.name}`, COMPONENT);
        else {
          this.cluster.events.record(involvedOf(rs), 'Warning', 'FailedCreate', `Error creating: ${res.error.message}`, COMPONENT);
          break;
        }
      }
    } else if (active.length > want) {
      for (const p of deletionOrder(active).slice(0, active.length - want)) {
        const res = api.delete(podsRes, ns, p.metadata.name);
        if (res.ok) this.cluster.events.record(involvedOf(rs), 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, COMPONENT);
      }
    }
    this.updateStatus(rs);
  }

  private updateStatus(rs: ReplicaSet): void {
    const api = this.cluster.api;
    const pods = api
      .list<Pod>('pods', rs.metadata.namespace)
      .filter((p) => controllerRef(p)?.uid === rs.metadata.uid && isPodActive(p));
    const ready = pods.filter(isPodReady).length;
    const labelled = pods.filter((p) => matchesMap(p.metadata.labels, rs.spec.template.metadata?.labels)).length;
    api.modify<ReplicaSet>(RS, rs.metadata.namespace, rs.metadata.name, (o) => {
      // Zero counts are omitted, as the Go struct's omitempty does (replicas is always there).
      o.status = {
        replicas: pods.length,
        ...(labelled ? { fullyLabeledReplicas: labelled } : {}),
        ...(ready ? { readyReplicas: ready, availableReplicas: ready } : {}),
        observedGeneration: o.metadata.generation ?? 1
      };
    });
  }
}
