import type { PrinterColumn } from './types';

/** What the API server knows about one resource type (what `kubectl api-resources` lists). */
export interface ResourceInfo {
  group: string; // '' for core
  version: string;
  kind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  namespaced: boolean;
  /** CRD printer columns of the served version; builtins have printers in the shell. */
  printerColumns?: PrinterColumn[];
  /** true for kinds served from a CustomResourceDefinition. */
  custom?: boolean;
  /** All versions served (CRDs may serve several). */
  versions?: string[];
}

/** "group/version", or "v1" for the core group. */
export function apiVersionOf(r: ResourceInfo, version = r.version): string {
  return r.group ? `${r.group}/${version}` : version;
}

/** The resource id used as a store key and in kubectl output: plural, plus ".group" if any. */
export function resourceId(r: Pick<ResourceInfo, 'plural' | 'group'>): string {
  return r.group ? `${r.plural}.${r.group}` : r.plural;
}

/** What `kubectl apply` prints before the slash: lower-case kind, plus ".group". */
export function kindDotGroup(r: Pick<ResourceInfo, 'kind' | 'group'>): string {
  return r.group ? `${r.kind.toLowerCase()}.${r.group}` : r.kind.toLowerCase();
}

function res(group: string, version: string, kind: string, plural: string, shortNames: string[], namespaced: boolean): ResourceInfo {
  return { group, version, kind, plural, singular: kind.toLowerCase(), shortNames, namespaced };
}

/** The built-in kinds of a v1.31 API server that the lab serves. */
export const BUILTIN_RESOURCES: ResourceInfo[] = [
  res('', 'v1', 'Binding', 'bindings', [], true),
  res('', 'v1', 'ConfigMap', 'configmaps', ['cm'], true),
  res('', 'v1', 'Endpoints', 'endpoints', ['ep'], true),
  res('', 'v1', 'Event', 'events', ['ev'], true),
  res('', 'v1', 'Namespace', 'namespaces', ['ns'], false),
  res('', 'v1', 'Node', 'nodes', ['no'], false),
  res('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', ['pvc'], true),
  res('', 'v1', 'PersistentVolume', 'persistentvolumes', ['pv'], false),
  res('', 'v1', 'Pod', 'pods', ['po'], true),
  res('', 'v1', 'Secret', 'secrets', [], true),
  res('', 'v1', 'ServiceAccount', 'serviceaccounts', ['sa'], true),
  res('', 'v1', 'Service', 'services', ['svc'], true),
  res('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', ['crd', 'crds'], false),
  res('admissionregistration.k8s.io', 'v1', 'ValidatingWebhookConfiguration', 'validatingwebhookconfigurations', [], false),
  res('admissionregistration.k8s.io', 'v1', 'MutatingWebhookConfiguration', 'mutatingwebhookconfigurations', [], false),
  res('apps', 'v1', 'DaemonSet', 'daemonsets', ['ds'], true),
  res('apps', 'v1', 'Deployment', 'deployments', ['deploy'], true),
  res('apps', 'v1', 'ReplicaSet', 'replicasets', ['rs'], true),
  res('apps', 'v1', 'StatefulSet', 'statefulsets', ['sts'], true),
  res('coordination.k8s.io', 'v1', 'Lease', 'leases', [], true),
  res('discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices', [], true),
  res('events.k8s.io', 'v1', 'Event', 'events', ['ev'], true),
  res('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', [], false),
  res('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', [], false),
  res('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', [], true),
  res('rbac.authorization.k8s.io', 'v1', 'Role', 'roles', [], true),
  res('storage.k8s.io', 'v1', 'StorageClass', 'storageclasses', ['sc'], false)
];

/**
 * The resource types one API server serves, and how kubectl names map to them
 * (plural, singular, short name, kind, each optionally qualified with ".group").
 */
export class ResourceRegistry {
  private list: ResourceInfo[] = [];

  constructor(initial: ResourceInfo[] = BUILTIN_RESOURCES) {
    for (const r of initial) this.add({ ...r });
  }

  add(r: ResourceInfo): void {
    this.list = this.list.filter((x) => !(x.group === r.group && x.plural === r.plural));
    this.list.push(r);
  }

  remove(group: string, plural: string): void {
    this.list = this.list.filter((x) => !(x.group === group && x.plural === plural));
  }

  all(): readonly ResourceInfo[] {
    return this.list;
  }

  /** Resolve a name as kubectl does. Core and apps are preferred over events.k8s.io for "events". */
  resolve(name: string): ResourceInfo | null {
    const lower = name.toLowerCase();
    const dot = lower.indexOf('.');
    const head = dot < 0 ? lower : lower.slice(0, dot);
    const group = dot < 0 ? null : lower.slice(dot + 1);
    const matches = this.list.filter((r) => {
      if (group !== null && r.group !== group && !(group && r.group.startsWith(group + '.')) && `${r.version}.${r.group}` !== group) return false;
      return r.plural === head || r.singular === head || r.kind.toLowerCase() === head || r.shortNames.includes(head);
    });
    if (!matches.length) return null;
    // kubectl prefers the core group, then the first group in discovery order.
    return matches.find((r) => r.group === '') ?? matches[0];
  }

  byKind(apiVersion: string, kind: string): ResourceInfo | null {
    const slash = apiVersion.indexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
    return (
      this.list.find((r) => r.group === group && r.kind === kind && (r.version === version || (r.versions ?? []).includes(version))) ?? null
    );
  }

  /** The group/kind is known but the version is not served: for the right error text. */
  kindKnownInGroup(apiVersion: string, kind: string): boolean {
    const slash = apiVersion.indexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    return this.list.some((r) => r.group === group && r.kind === kind);
  }
}
