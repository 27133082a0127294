/**
 * Helpers the workload controllers share (pkg/controller/controller_utils.go and friends): pod
 * readiness, controller references, adoption, the pod-template-hash, pods from templates.
 */
import type { KindCluster } from '../cluster';
import { matchesSelector } from '../labels';
import type { KObject, LabelSelector, OwnerReference, Pod, PodTemplateSpec } from '../types';
import { deepClone } from '../types';
import { stableStringify } from '../admission/field';

export function isPodReady(p: Pod): boolean {
  return (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

export function isTerminal(p: Pod): boolean {
  return p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
}

/** controller.IsPodActive: not finished and not being deleted. */
export function isPodActive(p: Pod): boolean {
  return !p.metadata.deletionTimestamp && !isTerminal(p);
}

export function controllerRef(o: KObject): OwnerReference | undefined {
  return o.metadata.ownerReferences?.find((r) => r.controller);
}

export function ownerRef(owner: KObject): OwnerReference {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true };
}

/**
 * The objects `owner` controls among `candidates`: those whose controller reference points at it,
 * plus orphans matching the selector, which are adopted (given the reference) on the way.
 */
export function claim<T extends KObject>(cluster: KindCluster, resource: string, owner: KObject, selector: LabelSelector | undefined, candidates: T[]): T[] {
  const out: T[] = [];
  for (const c of candidates) {
    const ref = controllerRef(c);
    if (ref) {
      if (ref.uid !== owner.metadata.uid) continue;
      if (c.metadata.deletionTimestamp || matchesSelector(c.metadata.labels, selector)) out.push(c);
      // Relabelled out of the selector: released, and the owner makes a replacement.
      else
        cluster.api.modify<T>(resource, c.metadata.namespace, c.metadata.name, (o) => {
          o.metadata.ownerReferences = o.metadata.ownerReferences?.filter((r) => r.uid !== owner.metadata.uid);
        });
      continue;
    }
    if (c.metadata.deletionTimestamp || !matchesSelector(c.metadata.labels, selector)) continue;
    const adopted = cluster.api.modify<T>(resource, c.metadata.namespace, c.metadata.name, (o) => {
      o.metadata.ownerReferences = [...(o.metadata.ownerReferences ?? []), ownerRef(owner)];
    });
    if (adopted) out.push(adopted);
  }
  return out;
}

/** FNV-1a, 32 bit, over the UTF-16 code units (ASCII for our JSON). */
export function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i) & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** rand.SafeEncodeString: each byte mapped into the consonant/digit alphabet. */
export function safeEncode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += ALPHANUMS[s.charCodeAt(i) % ALPHANUMS.length];
  return out;
}

/**
 * controller.ComputeHash: FNV-32a of the template (here its canonical JSON, the real one hashes
 * Go's printed struct), printed in decimal and safe-encoded, so it is up to 10 characters from
 * `456789bcdf` like `6f6b679f8f`.
 */
export function templateHash(template: PodTemplateSpec, collisionCount?: number): string {
  let s = stableStringify(template);
  if (collisionCount) s += `#${collisionCount}`;
  return safeEncode(String(fnv32a(s)));
}

/** A new pod object (not yet created) from a template, owned by `owner`. */
export function podFromTemplate(template: PodTemplateSpec, owner: KObject, generateName: string): Pod {
  const meta = template.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: '',
      generateName,
      namespace: owner.metadata.namespace,
      uid: '',
      resourceVersion: '',
      creationTimestamp: '',
      labels: { ...(meta.labels ?? {}) },
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
      ownerReferences: [ownerRef(owner)]
    },
    spec: deepClone(template.spec),
    status: { phase: 'Pending' }
  };
}

/** intstr.GetScaledValueFromIntOrPercent. */
export function scaledValue(v: unknown, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const m = /^(\d+)%$/.exec(v);
    if (m) {
      const x = (Number(m[1]) * total) / 100;
      return roundUp ? Math.ceil(x) : Math.floor(x);
    }
    if (/^\d+$/.test(v)) return Number(v);
  }
  return 0;
}

/** Older first, by creation time then name (the controllers' usual tie-break). */
export function byCreation(a: KObject, b: KObject): number {
  const ta = a.metadata.creationTimestamp;
  const tb = b.metadata.creationTimestamp;
  return ta < tb ? -1 : ta > tb ? 1 : a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}
