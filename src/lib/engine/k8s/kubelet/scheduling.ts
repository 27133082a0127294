/**
 * Pod-to-node matching shared by the kubelet, kube-scheduler and the node controllers, as in
 * k8s.io/component-helpers/scheduling/corev1: taints and tolerations, label selectors, node
 * selector terms.
 */
import type { Json, LabelSelector, Node, Pod, Taint, Toleration } from '../types';

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const TAINT_CONTROL_PLANE = 'node-role.kubernetes.io/control-plane';

/** v1.Toleration.ToleratesTaint: effect and key must match (empty means any); Exists ignores the value. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  const op = t.operator ?? 'Equal';
  if (op === 'Exists') return true;
  if (op === 'Equal') return (t.value ?? '') === (taint.value ?? '');
  return false;
}

export function taintTolerated(taint: Taint, tolerations: readonly Toleration[] | undefined): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

/** The first taint passing `filter` that no toleration covers (FindMatchingUntoleratedTaint). */
export function findUntoleratedTaint(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[] | undefined,
  filter: (t: Taint) => boolean
): Taint | undefined {
  return (taints ?? []).find((t) => filter(t) && !taintTolerated(t, tolerations));
}

export const doNotScheduleTaint = (t: Taint): boolean => t.effect === 'NoSchedule' || t.effect === 'NoExecute';

/**
 * GetMatchingTolerations for NoExecute taints: whether every taint is tolerated, and the
 * tolerations that did it (the first match per taint).
 */
export function matchingTolerations(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined): { all: boolean; used: Toleration[] } {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const t = (tolerations ?? []).find((x) => toleratesTaint(x, taint));
    if (!t) return { all: false, used: [] };
    used.push(t);
  }
  return { all: true, used };
}

/** Shortest tolerationSeconds among the tolerations in ms; -1 means "forever" (none set). */
export function minTolerationMs(used: readonly Toleration[]): number {
  if (!used.length) return 0;
  let min = -1;
  for (const t of used) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    const ms = Math.max(0, t.tolerationSeconds) * 1000;
    if (min < 0 || ms < min) min = ms;
  }
  return min;
}

export function matchLabelSelector(sel: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  // A nil selector matches nothing; an empty one matches everything.
  if (!sel) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const r of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const vals = r.values ?? [];
    if (r.operator === 'In' && !(has && vals.includes(l[r.key]))) return false;
    if (r.operator === 'NotIn' && has && vals.includes(l[r.key])) return false;
    if (r.operator === 'Exists' && !has) return false;
    if (r.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

// ---------------------------------------------------------------- node affinity

export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values: string[];
}

export interface NodeSelectorTerm {
  matchExpressions: NodeSelectorRequirement[];
  matchFields: NodeSelectorRequirement[];
}

function asRecord(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

function requirements(v: unknown): NodeSelectorRequirement[] {
  if (!Array.isArray(v)) return [];
  const out: NodeSelectorRequirement[] = [];
  for (const x of v) {
    const r = asRecord(x);
    if (!r || typeof r.key !== 'string' || typeof r.operator !== 'string') continue;
    out.push({ key: r.key, operator: r.operator, values: Array.isArray(r.values) ? r.values.map(String) : [] });
  }
  return out;
}

/** requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms of a pod, or null if none. */
export function requiredNodeTerms(nodeAffinity: Json | undefined): NodeSelectorTerm[] | null {
  const na = asRecord(nodeAffinity);
  const req = asRecord(na?.requiredDuringSchedulingIgnoredDuringExecution);
  if (!req || !Array.isArray(req.nodeSelectorTerms)) return null;
  return req.nodeSelectorTerms.map((t) => {
    const r = asRecord(t) ?? {};
    return { matchExpressions: requirements(r.matchExpressions), matchFields: requirements(r.matchFields) };
  });
}

function matchRequirement(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const has = value !== undefined;
  switch (r.operator) {
    case 'In':
      return has && r.values.includes(value);
    case 'NotIn':
      return !has || !r.values.includes(value);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || r.values.length !== 1) return false;
      const a = Number(value);
      const b = Number(r.values[0]);
      if (!Number.isInteger(a) || !Number.isInteger(b)) return false;
      return r.operator === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

/** Terms are ORed; inside a term everything is ANDed; an empty term matches nothing. */
export function matchNodeSelectorTerms(terms: readonly NodeSelectorTerm[], node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  return terms.some((t) => {
    if (!t.matchExpressions.length && !t.matchFields.length) return false;
    if (!t.matchExpressions.every((r) => matchRequirement(r, Object.prototype.hasOwnProperty.call(labels, r.key) ? labels[r.key] : undefined))) return false;
    return t.matchFields.every((r) => matchRequirement(r, r.key === 'metadata.name' ? node.metadata.name : undefined));
  });
}

/** nodeSelector plus required node affinity (the NodeAffinity filter plugin). */
export function podMatchesNode(pod: Pod, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(pod.spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const terms = requiredNodeTerms(pod.spec.affinity?.nodeAffinity);
  return terms === null || matchNodeSelectorTerms(terms, node);
}

export function isPodTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

export function nodeReadyStatus(node: Node): 'True' | 'False' | 'Unknown' | undefined {
  return node.status?.conditions?.find((c) => c.type === 'Ready')?.status;
}
