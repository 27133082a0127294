import { parseSelector } from '../../engine/k8s/labels';
import { type ResourceInfo, resourceId } from '../../engine/k8s/resources';
import type { KObject } from '../../engine/k8s/types';
import type { Session } from './context';
import { type KubectlError, apiErr, plain } from './errors';
import { matchesFields, parseFieldSelector, unsupportedField } from './selectors';

/**
 * Turning `TYPE[,TYPE] [NAME…]` or `TYPE/NAME…` arguments into API reads, as cli-runtime's
 * resource builder does (ResourceTypeOrNameArgs, label/field selectors, -A).
 */

/** One thing to read: a named object, or every object of a type. */
export interface Ref {
  resource: ResourceInfo;
  name?: string;
}

export interface Info {
  resource: ResourceInfo;
  obj: KObject;
}

/** The `all` category of v1.31, in its order (only kinds the lab serves are kept). */
const ALL_CATEGORY = [
  'pods',
  'replicationcontrollers',
  'services',
  'daemonsets.apps',
  'deployments.apps',
  'replicasets.apps',
  'statefulsets.apps',
  'horizontalpodautoscalers.autoscaling',
  'cronjobs.batch',
  'jobs.batch'
];

export type RefsResult = { ok: true; refs: Ref[]; /** one TYPE/NAME or TYPE NAME: kubectl prints the object itself, not a List */ singleItem: boolean } | { ok: false; error: KubectlError };

/** Resolve a type argument ("svc", "pods", "deployment.apps", "Pod"). */
export function resolveType(s: Session, name: string): ResourceInfo | KubectlError {
  const r = s.api.resolve(name);
  if (r) return r;
  // Only the resource part is quoted, as mappingFor does ("foo.bar" → "foo").
  return plain(`the server doesn't have a resource type ${JSON.stringify(name.split('.')[0])}`);
}

function expandTypes(s: Session, spec: string): ResourceInfo[] | KubectlError {
  const out: ResourceInfo[] = [];
  for (const t of spec.split(',').filter(Boolean)) {
    if (t === 'all') {
      for (const id of ALL_CATEGORY) {
        const r = s.api.resourceById(id);
        if (r && !out.includes(r)) out.push(r);
      }
      continue;
    }
    const r = resolveType(s, t);
    if ('t' in r) return r;
    if (!out.includes(r)) out.push(r);
  }
  return out;
}

/**
 * Parse resource arguments. With `TYPE/NAME` forms every argument must be one; otherwise the
 * first argument lists types and the rest are names applied to each type.
 */
export function parseRefs(s: Session, args: string[]): RefsResult {
  if (!args.length) return { ok: true, refs: [], singleItem: false };
  const slashed = args.filter((a) => a.includes('/'));
  if (slashed.length) {
    if (slashed.length !== args.length)
      return {
        ok: false,
        error: plain(
          "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'"
        )
      };
    const refs: Ref[] = [];
    for (const a of args) {
      const i = a.indexOf('/');
      const type = a.slice(0, i);
      const name = a.slice(i + 1);
      if (!type || !name || name.includes('/')) return { ok: false, error: plain('arguments in resource/name form must have a single resource and name') };
      const r = resolveType(s, type);
      if ('t' in r) return { ok: false, error: r };
      refs.push({ resource: r, name });
    }
    return { ok: true, refs, singleItem: refs.length === 1 };
  }
  const types = expandTypes(s, args[0]);
  if ('t' in types) return { ok: false, error: types };
  const names = args.slice(1);
  if (!names.length) return { ok: true, refs: types.map((resource) => ({ resource })), singleItem: false };
  const refs: Ref[] = [];
  for (const resource of types) for (const name of names) refs.push({ resource, name });
  return { ok: true, refs, singleItem: refs.length === 1 && !args[0].includes(',') };
}

export interface FetchOptions {
  selector?: string;
  fieldSelector?: string;
  allNamespaces?: boolean;
  /** Drop NotFound errors (--ignore-not-found). */
  ignoreNotFound?: boolean;
}

/** `"/v1, Resource=pods"`: how cli-runtime names a GroupVersionResource in list errors. */
function gvr(r: ResourceInfo): string {
  return `${r.group}/${r.version}, Resource=${r.plural}`;
}

function listError(r: ResourceInfo, sel: string, fsel: string, why: string): KubectlError {
  return apiErr({
    kind: 'ApiError',
    code: 400,
    reason: 'BadRequest',
    message: `Unable to find ${JSON.stringify(gvr(r))} that match label selector ${JSON.stringify(sel)}, field selector ${JSON.stringify(fsel)}: ${why}`
  });
}

/** Read everything the refs name: objects found, and the errors for the others (in order). */
export function fetchRefs(s: Session, refs: Ref[], opts: FetchOptions = {}): { infos: Info[]; errors: KubectlError[] } {
  const infos: Info[] = [];
  const errors: KubectlError[] = [];
  const sel = opts.selector ?? '';
  const fsel = opts.fieldSelector ?? '';
  if ((sel || fsel) && refs.some((r) => r.name !== undefined)) return { infos, errors: [plain('name cannot be provided when a selector is specified')] };
  if (opts.allNamespaces && refs.some((r) => r.name !== undefined && r.resource.namespaced))
    return { infos, errors: [plain('a resource cannot be retrieved by name across all namespaces')] };
  const parsed = parseSelector(sel);
  const fields = parseFieldSelector(fsel);
  for (const ref of refs) {
    const r = ref.resource;
    const ns = r.namespaced ? s.namespace : undefined;
    if (ref.name !== undefined) {
      const o = s.api.get(resourceId(r), ns, ref.name);
      if (o) infos.push({ resource: r, obj: o });
      else if (!opts.ignoreNotFound) errors.push(apiErr({ kind: 'ApiError', code: 404, reason: 'NotFound', message: `${resourceId(r)} "${ref.name}" not found` }));
      continue;
    }
    if (!parsed.ok) {
      errors.push(listError(r, sel, fsel, parsed.error));
      continue;
    }
    if (!fields.ok) {
      errors.push(listError(r, sel, fsel, fields.error));
      continue;
    }
    const bad = unsupportedField(r.kind, fields.reqs);
    if (bad) {
      errors.push(listError(r, sel, fsel, `field label not supported: ${bad}`));
      continue;
    }
    const list = s.api.list(resourceId(r), opts.allNamespaces || !r.namespaced ? undefined : s.namespace);
    for (const o of list) if (parsed.selector.matches(o.metadata.labels) && matchesFields(fields.reqs, o)) infos.push({ resource: r, obj: o });
  }
  return { infos, errors };
}

/** `pod/webpod1`, `deployment.apps/controller`: the name printer's form. */
export function kindName(r: ResourceInfo, name: string): string {
  return `${r.group ? `${r.kind.toLowerCase()}.${r.group}` : r.kind.toLowerCase()}/${name}`;
}

/** `pod "webpod1"`: delete's form. */
export function kindQuoted(r: ResourceInfo, name: string): string {
  return `${r.group ? `${r.kind.toLowerCase()}.${r.group}` : r.kind.toLowerCase()} "${name}"`;
}
