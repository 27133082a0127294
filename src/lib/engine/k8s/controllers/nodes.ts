/**
 * Node-matching predicates the DaemonSet controller evaluates itself (v1helper): taints against
 * tolerations, nodeSelector and required node affinity.
 */
import { matchesMap } from '../labels';
import type { Node, PodSpec, Taint, Toleration } from '../types';
import { isRecord } from '../admission/field';

/** Toleration.ToleratesTaint. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if ((t.operator ?? 'Equal') === 'Exists') return true;
  return (t.value ?? '') === (taint.value ?? '');
}

/** Taints of `effects` that no toleration covers. */
export function untolerated(taints: Taint[] | undefined, tolerations: Toleration[] | undefined, effects: Taint['effect'][]): Taint[] {
  return (taints ?? []).filter((taint) => effects.includes(taint.effect) && !(tolerations ?? []).some((t) => toleratesTaint(t, taint)));
}

function exprMatches(expr: Record<string, unknown>, value: string | undefined): boolean {
  const values = Array.isArray(expr.values) ? expr.values.map(String) : [];
  switch (expr.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || !/^-?\d+$/.test(value) || values.length !== 1) return false;
      return expr.operator === 'Gt' ? Number(value) > Number(values[0]) : Number(value) < Number(values[0]);
    }
    default:
      return false;
  }
}

function records(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter((x: unknown): x is Record<string, unknown> => isRecord(x)) : [];
}

/** requiredDuringSchedulingIgnoredDuringExecution: terms are ORed, expressions ANDed. */
export function matchesRequiredAffinity(node: Node, spec: PodSpec): boolean {
  const na = spec.affinity?.nodeAffinity;
  const req = isRecord(na) ? na.requiredDuringSchedulingIgnoredDuringExecution : undefined;
  const terms = isRecord(req) && Array.isArray(req.nodeSelectorTerms) ? req.nodeSelectorTerms : null;
  if (!terms) return true;
  return terms.some((term) => {
    if (!isRecord(term)) return false;
    const exprs = records(term.matchExpressions);
    const fields = records(term.matchFields);
    if (!exprs.length && !fields.length) return false;
    const labels = node.metadata.labels ?? {};
    return (
      exprs.every((e) => exprMatches(e, Object.prototype.hasOwnProperty.call(labels, String(e.key)) ? labels[String(e.key)] : undefined)) &&
      fields.every((f) => f.key === 'metadata.name' && exprMatches(f, node.metadata.name))
    );
  });
}

export function nodeSelectorMatches(node: Node, spec: PodSpec): boolean {
  return matchesMap(node.metadata.labels, spec.nodeSelector) && matchesRequiredAffinity(node, spec);
}
