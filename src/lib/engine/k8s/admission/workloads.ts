/**
 * Deployments, ReplicaSets and DaemonSets through the API server: apps/v1 defaulting (replicas,
 * strategies, history limits, pod template defaults) and validation (selector present, matching
 * the template labels and immutable; the template is a valid pod spec).
 */
import { ok } from '../errors';
import { matchesSelector } from '../labels';
import type { AdmissionPlugin } from '../store';
import type { KObject, LabelSelector, PodSpec, PodTemplateSpec } from '../types';
import { GoLiteral, field, goMap, invalidResult, isRecord, stableStringify } from './field';
import { defaultPodSpec, validatePodSpec } from './podspec';

const KINDS = ['Deployment', 'ReplicaSet', 'DaemonSet'];

interface WorkloadSpec {
  replicas?: number;
  selector?: LabelSelector;
  template?: PodTemplateSpec;
  strategy?: unknown;
  updateStrategy?: unknown;
  revisionHistoryLimit?: number;
  progressDeadlineSeconds?: number;
  [k: string]: unknown;
}

function specOf(o: KObject): WorkloadSpec {
  if (!isRecord(o.spec)) o.spec = {};
  return o.spec as WorkloadSpec;
}

function defaultRolling(s: unknown, defaults: Record<string, string | number>): Record<string, unknown> {
  const st = isRecord(s) ? s : {};
  st.type ??= 'RollingUpdate';
  if (st.type === 'RollingUpdate') {
    const ru = isRecord(st.rollingUpdate) ? st.rollingUpdate : {};
    for (const [k, v] of Object.entries(defaults)) ru[k] ??= v;
    st.rollingUpdate = ru;
  }
  return st;
}

function applyDefaults(o: KObject): void {
  const spec = specOf(o);
  if (isRecord(spec.template) && isRecord(spec.template.spec)) defaultPodSpec(spec.template.spec as PodSpec);
  if (o.kind === 'Deployment') {
    spec.replicas ??= 1;
    spec.strategy = defaultRolling(spec.strategy, { maxSurge: '25%', maxUnavailable: '25%' });
    spec.revisionHistoryLimit ??= 10;
    spec.progressDeadlineSeconds ??= 600;
  } else if (o.kind === 'ReplicaSet') {
    spec.replicas ??= 1;
  } else {
    spec.updateStrategy = defaultRolling(spec.updateStrategy, { maxSurge: 0, maxUnavailable: 1 });
    spec.revisionHistoryLimit ??= 10;
  }
}

/** %#v of a metav1.LabelSelector, as field errors print it. */
function goSelector(sel: LabelSelector | undefined): GoLiteral {
  const ml = sel?.matchLabels ? goMap(sel.matchLabels).text : 'map[string]string(nil)';
  const me = sel?.matchExpressions?.length
    ? `[]v1.LabelSelectorRequirement{${sel.matchExpressions
        .map((e) => `v1.LabelSelectorRequirement{Key:${JSON.stringify(e.key)}, Operator:${JSON.stringify(e.operator)}, Values:${e.values ? `[]string{${e.values.map((v) => JSON.stringify(v)).join(', ')}}` : '[]string(nil)'}}`)
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return new GoLiteral(`v1.LabelSelector{MatchLabels:${ml}, MatchExpressions:${me}}`);
}

function validate(o: KObject, old: KObject | undefined): string[] {
  const spec = specOf(o);
  const errs: string[] = [];
  const sel: LabelSelector | undefined = isRecord(spec.selector) ? spec.selector : undefined;
  if (!sel) errs.push(field.required('spec.selector'));
  else if (!Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length)
    errs.push(field.invalid('spec.selector', goSelector(sel), `empty selector is invalid for ${o.kind.toLowerCase()}`));
  else if (!matchesSelector(spec.template?.metadata?.labels, sel))
    errs.push(field.invalid('spec.template.metadata.labels', goMap(spec.template?.metadata?.labels), '`selector` does not match template `labels`'));
  if (spec.replicas !== undefined && (!Number.isInteger(spec.replicas) || spec.replicas < 0))
    errs.push(field.invalid('spec.replicas', spec.replicas, 'must be greater than or equal to 0'));
  if (!isRecord(spec.template)) errs.push(field.required('spec.template'));
  else {
    errs.push(...validatePodSpec(spec.template.spec, 'spec.template.spec'));
    const rp = isRecord(spec.template.spec) ? spec.template.spec.restartPolicy : undefined;
    if (rp !== undefined && rp !== 'Always') errs.push(field.notSupported('spec.template.spec.restartPolicy', String(rp), ['Always']));
  }
  if (old) {
    const oldSel = (old.spec as WorkloadSpec | undefined)?.selector;
    if (sel && stableStringify(sel) !== stableStringify(oldSel)) errs.push(field.invalid('spec.selector', goSelector(sel), 'field is immutable'));
  }
  return errs;
}

export function workloadPlugins(): AdmissionPlugin[] {
  const isWorkload = (o: KObject, group: string) => group === 'apps' && KINDS.includes(o.kind);
  return [
    {
      name: 'WorkloadDefaults',
      mutating: true,
      admit: (req) => {
        if (!isWorkload(req.object, req.resource.group) || req.op === 'DELETE') return ok(req.object);
        applyDefaults(req.object);
        // Status is the controller's: empty on create, kept when an update omits it.
        if (req.op === 'CREATE') req.object.status = {};
        else if (req.object.status === undefined) req.object.status = req.old?.status;
        return ok(req.object);
      }
    },
    {
      name: 'WorkloadValidation',
      mutating: false,
      admit: (req) => {
        if (!isWorkload(req.object, req.resource.group) || req.op === 'DELETE') return ok(req.object);
        const errs = validate(req.object, req.op === 'UPDATE' ? req.old : undefined);
        return errs.length ? invalidResult(req.object.kind, req.object.metadata.name, errs) : ok(req.object);
      }
    }
  ];
}
