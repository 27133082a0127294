import type { KObject } from '../../engine/k8s/types';

/**
 * Field selectors (`--field-selector spec.nodeName=myk8s-worker,status.phase!=Running`) as the
 * API server evaluates them. Label selectors come from the engine (k8s/labels.ts).
 */

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

export type FieldSelectorResult = { ok: true; reqs: FieldRequirement[] } | { ok: false; error: string };

/** fields.ParseSelector: `a=b`, `a==b`, `a!=b`, comma separated. */
export function parseFieldSelector(s: string): FieldSelectorResult {
  const reqs: FieldRequirement[] = [];
  if (!s.trim()) return { ok: true, reqs };
  for (const part of s.split(',')) {
    const m = /^([^=!]+)(==|!=|=)(.*)$/.exec(part.trim());
    if (!m) return { ok: false, error: `invalid selector: '${s}'; can't understand '${part}'` };
    reqs.push({ field: m[1].trim(), op: m[2] === '!=' ? '!=' : '=', value: m[3].trim() });
  }
  return { ok: true, reqs };
}

/** The fields each kind's registry strategy allows in a field selector (besides metadata.*). */
const FIELDS: Record<string, string[]> = {
  Pod: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
  Node: ['spec.unschedulable'],
  Event: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type'
  ],
  Secret: ['type'],
  Namespace: ['status.phase'],
  ReplicaSet: ['status.replicas'],
  Service: ['spec.clusterIP', 'spec.type']
};

/** The unsupported field of a selector for this kind, if any. */
export function unsupportedField(kind: string, reqs: FieldRequirement[]): string | null {
  const allowed = ['metadata.name', 'metadata.namespace', ...(FIELDS[kind] ?? [])];
  return reqs.find((r) => !allowed.includes(r.field))?.field ?? null;
}

function fieldValue(o: KObject, field: string): string {
  if (field === 'source') {
    const src = (o as unknown as { source?: { component?: string } }).source;
    return src?.component ?? '';
  }
  let cur: unknown = o;
  for (const p of field.split('.')) {
    if (cur === null || typeof cur !== 'object') return '';
    cur = (cur as Record<string, unknown>)[p];
  }
  if (cur === undefined || cur === null) return field === 'spec.hostNetwork' || field === 'spec.unschedulable' ? 'false' : '';
  return String(cur);
}

export function matchesFields(reqs: FieldRequirement[], o: KObject): boolean {
  return reqs.every((r) => (fieldValue(o, r.field) === r.value) === (r.op === '='));
}
