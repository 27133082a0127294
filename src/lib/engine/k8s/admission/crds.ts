/**
 * CustomResourceDefinitions: defaulting, validation and status (NamesAccepted/Established, set at
 * once instead of after the real ~ms establishing delay), serving the kind from the registry as
 * soon as the CRD is stored, and the schema step for custom objects (prune, default, validate).
 */
import type { KindCluster } from '../cluster';
import { ok } from '../errors';
import type { AdmissionPlugin, ApiServer } from '../store';
import type { CrdVersion, CustomResourceDefinition, KObject } from '../types';
import { deepClone } from '../types';
import { GoLiteral, field, invalidResult, isRecord } from './field';
import { applyDefaults, asSchema, prune, validateValue } from './schema';
import { addWarning } from './warnings';

export const CRD_RESOURCE = 'customresourcedefinitions.apiextensions.k8s.io';

/** Kube-aware version priority (v1 > v1beta2 > v1beta1 > v1alpha1 > others), as discovery sorts. */
export function compareKubeVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return null;
    return { major: Number(m[1]), stage: m[2] === 'alpha' ? 0 : m[2] === 'beta' ? 1 : 2, minor: m[3] ? Number(m[3]) : 0 };
  };
  const pa = parse(a);
  const pb = parse(b);
  if (!pa || !pb) return pa ? -1 : pb ? 1 : a < b ? -1 : a > b ? 1 : 0;
  if (pa.stage !== pb.stage) return pb.stage - pa.stage;
  if (pa.major !== pb.major) return pb.major - pa.major;
  return pb.minor - pa.minor;
}

function versionsOf(crd: CustomResourceDefinition): CrdVersion[] {
  return Array.isArray(crd.spec?.versions) ? crd.spec.versions : [];
}

/** Serve the CRD's kind: preferred version, served versions, names and printer columns. */
export function registerCrd(api: ApiServer, crd: CustomResourceDefinition): void {
  const spec = crd.spec;
  if (!spec?.group || !spec.names?.plural || !spec.names.kind) return;
  const served = versionsOf(crd)
    .filter((v) => v.served)
    .sort((a, b) => compareKubeVersions(a.name, b.name));
  if (!served.length) {
    api.registry.remove(spec.group, spec.names.plural);
    return;
  }
  const preferred = served[0];
  const columns = preferred.additionalPrinterColumns ?? served.find((v) => v.additionalPrinterColumns?.length)?.additionalPrinterColumns;
  api.registry.add({
    group: spec.group,
    version: preferred.name,
    kind: spec.names.kind,
    plural: spec.names.plural,
    singular: spec.names.singular ?? spec.names.kind.toLowerCase(),
    shortNames: spec.names.shortNames ?? [],
    namespaced: spec.scope !== 'Cluster',
    printerColumns: columns ? deepClone(columns) : undefined,
    custom: true,
    versions: served.map((v) => v.name)
  });
}

function validateCrd(crd: CustomResourceDefinition): string[] {
  const errs: string[] = [];
  const spec = isRecord(crd.spec) ? crd.spec : undefined;
  if (!spec) return [field.required('spec')];
  if (!spec.group) errs.push(field.required('spec.group'));
  if (!spec.names?.plural) errs.push(field.required('spec.names.plural'));
  if (!spec.names?.kind) errs.push(field.required('spec.names.kind'));
  if (spec.group && spec.names?.plural && crd.metadata.name !== `${spec.names.plural}.${spec.group}`)
    errs.push(field.invalid('metadata.name', crd.metadata.name, 'must be spec.names.plural+"."+spec.group'));
  if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') errs.push(field.notSupported('spec.scope', String(spec.scope ?? ''), ['Cluster', 'Namespaced']));
  const versions = versionsOf(crd);
  if (!versions.length) errs.push(field.required('spec.versions'));
  else if (versions.filter((v) => v.storage).length !== 1)
    errs.push(field.invalid('spec.versions', new GoLiteral('[]apiextensions.CustomResourceDefinitionVersion{...}'), 'must have exactly one version marked as storage version'));
  versions.forEach((v, i) => {
    if (!v.name) errs.push(field.required(`spec.versions[${i}].name`));
    if (!isRecord(v.schema) || !isRecord(v.schema.openAPIV3Schema)) errs.push(field.required(`spec.versions[${i}].schema.openAPIV3Schema`, 'schemas are required'));
  });
  return errs;
}

function crdDefaultsAndStatus(crd: CustomResourceDefinition, old: CustomResourceDefinition | undefined, now: string): void {
  const names = crd.spec.names;
  names.singular ??= names.kind.toLowerCase();
  names.listKind ??= `${names.kind}List`;
  crd.spec.conversion ??= { strategy: 'None' };
  const oldStatus = isRecord(old?.status) ? old.status : {};
  const oldConds = Array.isArray(oldStatus.conditions) ? oldStatus.conditions : [];
  const since = (type: string) => {
    const c = oldConds.find((x: unknown) => isRecord(x) && x.type === type);
    return isRecord(c) && typeof c.lastTransitionTime === 'string' ? c.lastTransitionTime : now;
  };
  const storage = versionsOf(crd).find((v) => v.storage)?.name;
  const stored = Array.isArray(oldStatus.storedVersions) ? oldStatus.storedVersions.map(String) : [];
  if (storage && !stored.includes(storage)) stored.push(storage);
  crd.status = {
    acceptedNames: { ...deepClone(names) },
    conditions: [
      { lastTransitionTime: since('NamesAccepted'), message: 'no conflicts found', reason: 'NoConflicts', status: 'True', type: 'NamesAccepted' },
      { lastTransitionTime: since('Established'), message: 'the initial names have been accepted', reason: 'InitialNamesAccepted', status: 'True', type: 'Established' }
    ],
    storedVersions: stored
  };
}

/** The CRD and schema of a custom object's version, or null when it has none. */
function schemaFor(api: ApiServer, obj: KObject, group: string, plural: string): { kind: string; schema: ReturnType<typeof asSchema> } | null {
  const crd = api.get<CustomResourceDefinition>(CRD_RESOURCE, undefined, `${plural}.${group}`);
  if (!crd) return null;
  const version = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[1] : obj.apiVersion;
  const v = versionsOf(crd).find((x) => x.name === version);
  return { kind: crd.spec.names.kind, schema: asSchema(isRecord(v?.schema) ? v.schema.openAPIV3Schema : undefined) };
}

/**
 * The paths of fields a custom object carries that its schema does not know (what the server
 * would prune). kubectl's default `--validate=strict` turns them into `Error from server
 * (BadRequest): error when creating "x.yaml": IPAddressPool in version "v1beta1" cannot be handled
 * as a IPAddressPool: strict decoding error: unknown field "spec.foo"`; with `--validate=warn`
 * they are the `Warning: unknown field "spec.foo"` lines; with `--validate=false` they are
 * dropped silently. Nothing is stored by this check.
 */
export function findUnknownFields(api: ApiServer, obj: KObject): string[] {
  const r = api.resourceFor(obj);
  if (!r?.custom) return [];
  const found = schemaFor(api, obj, r.group, r.plural);
  const out: string[] = [];
  if (found?.schema) prune(deepClone(obj), found.schema, '', out, true);
  return out;
}

export function crdPlugins(cluster: KindCluster): AdmissionPlugin[] {
  const api = cluster.api;
  return [
    {
      name: 'CustomResourceDefinitions',
      mutating: true,
      admit: (req) => {
        if (req.resource.group !== 'apiextensions.k8s.io' || req.resource.kind !== 'CustomResourceDefinition' || req.op === 'DELETE') return ok(req.object);
        const crd = req.object as CustomResourceDefinition;
        const errs = validateCrd(crd);
        if (errs.length) return invalidResult('CustomResourceDefinition', crd.metadata.name, errs);
        crdDefaultsAndStatus(crd, req.old as CustomResourceDefinition | undefined, api.now());
        return ok(crd);
      }
    },
    {
      name: 'CustomResourceSchema',
      mutating: true,
      admit: (req) => {
        if (!req.resource.custom || req.op === 'DELETE') return ok(req.object);
        const obj = req.object;
        const found = schemaFor(api, obj, req.resource.group, req.resource.plural);
        if (!found?.schema) return ok(obj);
        const pruned: string[] = [];
        prune(obj, found.schema, '', pruned, true);
        for (const p of pruned) addWarning(api, `unknown field "${p}"`);
        applyDefaults(obj, found.schema);
        // The status subresource's part is kept when an update leaves it out.
        if (req.op === 'UPDATE' && obj.status === undefined && req.old?.status !== undefined) obj.status = req.old.status;
        const errs: string[] = [];
        validateValue(obj, found.schema, '', errs);
        return errs.length ? invalidResult(found.kind, obj.metadata.name, errs) : ok(obj);
      }
    }
  ];
}

/** Serve every stored CRD now and each one created or changed later. */
export function watchCrds(api: ApiServer): () => void {
  for (const crd of api.list<CustomResourceDefinition>(CRD_RESOURCE)) registerCrd(api, crd);
  return api.watch(CRD_RESOURCE, (e) => {
    if (e.type !== 'DELETED') registerCrd(api, e.object as CustomResourceDefinition);
  });
}
