import type { KindCluster } from '../cluster';
import { involvedOf } from '../events';
import { matchesSelector } from '../labels';
import type { WatchEvent } from '../store';
import type { Deployment, Pod, PodTemplateSpec, ReplicaSet } from '../types';
import { deepClone } from '../types';
import { stableStringify } from '../admission/field';
import { QueueController, keyOf, splitKey } from './base';
import { byCreation, claim, controllerRef, isPodActive, ownerRef, scaledValue, templateHash } from './util';

const DEPLOY = 'deployments.apps';
const RS = 'replicasets.apps';
const COMPONENT = 'deployment-controller';
const HASH = 'pod-template-hash';
const REVISION = 'deployment.kubernetes.io/revision';
const DESIRED = 'deployment.kubernetes.io/desired-replicas';
const MAX = 'deployment.kubernetes.io/max-replicas';

type Condition = NonNullable<NonNullable<Deployment['status']>['conditions']>[number];

function rolling(d: Deployment): { maxSurge: number; maxUnavailable: number } | null {
  const st = d.spec.strategy as { type?: string; rollingUpdate?: { maxSurge?: unknown; maxUnavailable?: unknown } } | undefined;
  if (st?.type === 'Recreate') return null;
  const desired = d.spec.replicas ?? 1;
  const surge = scaledValue(st?.rollingUpdate?.maxSurge ?? '25%', desired, true);
  let unavailable = scaledValue(st?.rollingUpdate?.maxUnavailable ?? '25%', desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { maxSurge: surge, maxUnavailable: Math.min(unavailable, desired) };
}

function withoutHash(t: PodTemplateSpec): string {
  const c = deepClone(t);
  if (c.metadata?.labels) delete c.metadata.labels[HASH];
  return stableStringify(c);
}

function revisionOf(rs: ReplicaSet): number {
  return Number(rs.metadata.annotations?.[REVISION] ?? 0) || 0;
}

function collisionCount(d: Deployment): number | undefined {
  const c = (d.status as Record<string, unknown> | undefined)?.collisionCount;
  return typeof c === 'number' ? c : undefined;
}

const sum = (list: ReplicaSet[], f: (rs: ReplicaSet) => number | undefined) => list.reduce((n, rs) => n + (f(rs) ?? 0), 0);

/**
 * Deployments → ReplicaSets: one ReplicaSet `<deploy>-<pod-template-hash>` per pod template,
 * rolled with the RollingUpdate arithmetic (maxSurge / maxUnavailable) or Recreate, with the
 * ScalingReplicaSet events, revision annotations and Available/Progressing conditions.
 */
export class DeploymentController extends QueueController {
  readonly name = 'deployment';

  constructor(cluster: KindCluster) {
    super(cluster, 20);
  }

  protected watched(): string[] {
    return [DEPLOY, RS];
  }

  protected keysFor(e: WatchEvent): string[] {
    if (e.resource.kind === 'Deployment') return [keyOf(e.object)];
    const ns = e.object.metadata.namespace;
    const keys: string[] = [];
    for (const o of [e.object, e.old]) {
      const ref = o && controllerRef(o);
      if (ref?.kind === 'Deployment') keys.push(`${ns}/${ref.name}`);
    }
    if (e.type !== 'DELETED' && !controllerRef(e.object))
      for (const d of this.cluster.api.list<Deployment>(DEPLOY, ns)) if (matchesSelector(e.object.metadata.labels, d.spec.selector)) keys.push(keyOf(d));
    return keys;
  }

  protected allKeys(): string[] {
    return this.cluster.api.list(DEPLOY).map(keyOf);
  }

  protected sync(key: string): void {
    const api = this.cluster.api;
    const [ns, name] = splitKey(key);
    const d = api.get<Deployment>(DEPLOY, ns, name);
    if (!d || d.metadata.deletionTimestamp) return;
    const all = claim(this.cluster, RS, d, d.spec.selector, api.list<ReplicaSet>(RS, ns)).sort(byCreation);
    const want = withoutHash(d.spec.template);
    let newRS = all.find((rs) => withoutHash(rs.spec.template) === want);
    const old = all.filter((rs) => rs !== newRS);
    const maxOldRevision = Math.max(0, ...old.map(revisionOf));
    let created = false;
    if (!newRS) {
      newRS = this.createReplicaSet(d, old, maxOldRevision + 1);
      if (!newRS) return;
      created = true;
    } else if (revisionOf(newRS) <= maxOldRevision) {
      // Rolling back to an older template makes its ReplicaSet the newest revision.
      newRS = this.annotate(newRS, { [REVISION]: String(maxOldRevision + 1) }) ?? newRS;
    }
    if (!created) this.rollout(d, newRS, old);
    // The Deployment shows its current revision (a re-apply may have dropped the annotation).
    const revision = newRS.metadata.annotations?.[REVISION];
    if (revision)
      api.modify<Deployment>(DEPLOY, ns, name, (o) => {
        o.metadata.annotations = { ...(o.metadata.annotations ?? {}), [REVISION]: revision };
      });
    this.cleanup(d, old);
    this.syncStatus(d.metadata.namespace, d.metadata.name, newRS.metadata.name, created);
  }

  private createReplicaSet(d: Deployment, old: ReplicaSet[], revision: number): ReplicaSet | undefined {
    const api = this.cluster.api;
    const desired = d.spec.replicas ?? 1;
    const r = rolling(d);
    const hash = templateHash(d.spec.template, collisionCount(d));
    const template = deepClone(d.spec.template);
    template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [HASH]: hash } };
    let replicas = desired;
    const oldActive = old.filter((rs) => (rs.spec.replicas ?? 0) > 0);
    if (oldActive.length) {
      if (!r) replicas = 0;
      else {
        const maxTotal = desired + r.maxSurge;
        const current = sum(old, (rs) => rs.spec.replicas);
        replicas = current >= maxTotal ? 0 : Math.min(maxTotal - current, desired);
      }
    }
    const res = api.create<ReplicaSet>({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        uid: '',
        resourceVersion: '',
        creationTimestamp: '',
        labels: { ...(template.metadata.labels ?? {}) },
        annotations: { [DESIRED]: String(desired), [MAX]: String(desired + (r?.maxSurge ?? 0)), [REVISION]: String(revision) },
        ownerReferences: [ownerRef(d)]
      },
      spec: {
        replicas,
        selector: { ...deepClone(d.spec.selector), matchLabels: { ...(d.spec.selector.matchLabels ?? {}), [HASH]: hash } },
        template
      }
    });
    if (!res.ok) {
      if (res.error.reason === 'AlreadyExists')
        // A different template hashed to the same name: bump collisionCount and try again.
        this.cluster.api.modify<Deployment>(DEPLOY, d.metadata.namespace, d.metadata.name, (o) => {
          o.status = { ...(o.status ?? {}), collisionCount: (collisionCount(o) ?? 0) + 1 } as Deployment['status'];
        });
      else this.event(d, 'Warning', 'FailedCreate', `Failed to create new replica set "${d.metadata.name}-${hash}": ${res.error.message}`);
      return undefined;
    }
    if (replicas > 0) this.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${res.value.metadata.name} to ${replicas}`);
    return res.value;
  }

  private rollout(d: Deployment, newRS: ReplicaSet, old: ReplicaSet[]): void {
    const desired = d.spec.replicas ?? 1;
    const r = rolling(d);
    const oldActive = old.filter((rs) => (rs.spec.replicas ?? 0) > 0);
    if (!r) {
      for (const rs of oldActive) this.scale(d, rs, 0);
      const oldUids = new Set(old.map((rs) => rs.metadata.uid));
      const oldPodsLeft = this.cluster.api.list<Pod>('pods', d.metadata.namespace).some((p) => oldUids.has(controllerRef(p)?.uid ?? '') && isPodActive(p));
      if (!oldPodsLeft) this.scale(d, newRS, desired);
      return;
    }
    if (!oldActive.length) {
      this.scale(d, newRS, desired);
      return;
    }
    const all = [newRS, ...old];
    // reconcileNewReplicaSet: grow the new set within maxSurge.
    const newReplicas = newRS.spec.replicas ?? 0;
    if (newReplicas > desired) this.scale(d, newRS, desired);
    else if (newReplicas < desired) {
      const maxTotal = desired + r.maxSurge;
      const current = sum(all, (rs) => rs.spec.replicas);
      if (current < maxTotal) this.scale(d, newRS, newReplicas + Math.min(maxTotal - current, desired - newReplicas));
    }
    // reconcileOldReplicaSets: shrink old sets while keeping desired - maxUnavailable available.
    const fresh = (rs: ReplicaSet) => this.cluster.api.get<ReplicaSet>(RS, rs.metadata.namespace, rs.metadata.name) ?? rs;
    const nowNew = fresh(newRS);
    const nowOld = old.map(fresh);
    const minAvailable = desired - r.maxUnavailable;
    const newUnavailable = (nowNew.spec.replicas ?? 0) - (nowNew.status?.availableReplicas ?? 0);
    let maxScaleDown = sum([nowNew, ...nowOld], (rs) => rs.spec.replicas) - minAvailable - newUnavailable;
    if (maxScaleDown <= 0) return;
    // First the old sets' unhealthy replicas, then available ones down to minAvailable.
    for (const rs of nowOld) {
      const unhealthy = (rs.spec.replicas ?? 0) - (rs.status?.availableReplicas ?? 0);
      const n = Math.min(maxScaleDown, unhealthy);
      if (n > 0) {
        this.scale(d, rs, (rs.spec.replicas ?? 0) - n);
        maxScaleDown -= n;
      }
    }
    const after = nowOld.map(fresh);
    let toRemove = Math.min(maxScaleDown, sum([nowNew, ...after], (rs) => rs.status?.availableReplicas) - minAvailable);
    for (const rs of after) {
      if (toRemove <= 0) break;
      const n = Math.min(rs.spec.replicas ?? 0, toRemove);
      if (n > 0) this.scale(d, rs, (rs.spec.replicas ?? 0) - n);
      toRemove -= n;
    }
  }

  private scale(d: Deployment, rs: ReplicaSet, to: number): void {
    const from = rs.spec.replicas ?? 0;
    const desired = d.spec.replicas ?? 1;
    const ann = { [DESIRED]: String(desired), [MAX]: String(desired + (rolling(d)?.maxSurge ?? 0)) };
    this.cluster.api.modify<ReplicaSet>(RS, rs.metadata.namespace, rs.metadata.name, (o) => {
      o.spec.replicas = to;
      o.metadata.annotations = { ...(o.metadata.annotations ?? {}), ...ann };
    });
    if (from !== to) this.event(d, 'Normal', 'ScalingReplicaSet', `Scaled ${to > from ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${to}`);
  }

  private annotate(rs: ReplicaSet, ann: Record<string, string>): ReplicaSet | undefined {
    return this.cluster.api.modify<ReplicaSet>(RS, rs.metadata.namespace, rs.metadata.name, (o) => {
      o.metadata.annotations = { ...(o.metadata.annotations ?? {}), ...ann };
    });
  }

  /** Old, empty ReplicaSets beyond revisionHistoryLimit are deleted, oldest first. */
  private cleanup(d: Deployment, old: ReplicaSet[]): void {
    const limit = d.spec.revisionHistoryLimit ?? 10;
    const extra = old.length - limit;
    if (extra <= 0) return;
    const r = this.cluster.api.resourceById(RS)!;
    for (const rs of [...old].sort(byCreation).slice(0, extra)) {
      const cur = this.cluster.api.get<ReplicaSet>(RS, rs.metadata.namespace, rs.metadata.name);
      if (cur && (cur.spec.replicas ?? 0) === 0 && (cur.status?.replicas ?? 0) === 0) this.cluster.api.delete(r, rs.metadata.namespace, rs.metadata.name);
    }
  }

  private syncStatus(ns: string | undefined, name: string, newName: string, created: boolean): void {
    const api = this.cluster.api;
    const d = api.get<Deployment>(DEPLOY, ns, name);
    if (!d) return;
    const all = api.list<ReplicaSet>(RS, ns).filter((rs) => controllerRef(rs)?.uid === d.metadata.uid);
    const newRS = all.find((rs) => rs.metadata.name === newName);
    const desired = d.spec.replicas ?? 1;
    const r = rolling(d);
    const replicas = sum(all, (rs) => rs.status?.replicas);
    const updated = newRS?.status?.replicas ?? 0;
    const ready = sum(all, (rs) => rs.status?.readyReplicas);
    const available = sum(all, (rs) => rs.status?.availableReplicas);
    const unavailable = Math.max(0, sum(all, (rs) => rs.spec.replicas) - available);
    const prev = d.status ?? {};
    const now = api.now();
    const conds = [...(prev.conditions ?? [])];
    const set = (c: Omit<Condition, 'lastUpdateTime' | 'lastTransitionTime'>, touch = false) => {
      const i = conds.findIndex((x) => x.type === c.type);
      const cur = i >= 0 ? conds[i] : undefined;
      if (cur && cur.status === c.status && cur.reason === c.reason && !touch) return;
      const next: Condition = { ...c, lastUpdateTime: now, lastTransitionTime: cur && cur.status === c.status ? cur.lastTransitionTime : now };
      if (i >= 0) conds[i] = next;
      else conds.push(next);
    };
    const availableOk = available >= desired - (r?.maxUnavailable ?? 0);
    set(
      availableOk
        ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
        : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' }
    );
    const complete = updated === desired && replicas === desired && available === desired;
    const progressed = updated > (prev.updatedReplicas ?? 0) || ready > (prev.readyReplicas ?? 0) || available > (prev.availableReplicas ?? 0) || replicas - updated < (prev.replicas ?? 0) - (prev.updatedReplicas ?? 0);
    if (created) set({ type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', message: `Created new replica set "${newName}"` }, true);
    else if (complete) set({ type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${newName}" has successfully progressed.` });
    else if (progressed) set({ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${newName}" is progressing.` }, true);
    else if (!conds.some((c) => c.type === 'Progressing')) set({ type: 'Progressing', status: 'True', reason: 'FoundNewReplicaSet', message: `Found new replica set "${newName}"` });
    const ordered = ['Available', 'Progressing'].map((t) => conds.find((c) => c.type === t)).filter((c): c is Condition => !!c);
    const collision = collisionCount(d);
    api.modify<Deployment>(DEPLOY, ns, name, (o) => {
      // Zero counts are left out, as the Go struct's omitempty does.
      o.status = {
        observedGeneration: o.metadata.generation ?? 1,
        ...(replicas ? { replicas } : {}),
        ...(updated ? { updatedReplicas: updated } : {}),
        ...(ready ? { readyReplicas: ready } : {}),
        ...(available ? { availableReplicas: available } : {}),
        ...(unavailable ? { unavailableReplicas: unavailable } : {}),
        conditions: ordered,
        ...(collision ? { collisionCount: collision } : {})
      };
    });
  }

  private event(d: Deployment, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.cluster.events.record(involvedOf(d), type, reason, message, COMPONENT);
  }
}
