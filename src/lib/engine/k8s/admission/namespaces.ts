/**
 * Namespaces: defaulting (the immutable `kubernetes.io/metadata.name` label, the `kubernetes`
 * finalizer, phase Active) and NamespaceLifecycle's refusal to delete the system namespaces.
 */
import { fail, ok } from '../errors';
import type { AdmissionPlugin } from '../store';
import type { Namespace } from '../types';
import { isRecord } from './field';

/** NamespaceLifecycle's immortal namespaces. */
export const PROTECTED_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export function namespacePlugins(): AdmissionPlugin[] {
  return [
    {
      name: 'NamespaceDefaults',
      mutating: true,
      admit: (req) => {
        if (req.resource.kind !== 'Namespace' || req.resource.group !== '' || req.op === 'DELETE') return ok(req.object);
        const ns = req.object as Namespace;
        ns.metadata.labels = { ...(ns.metadata.labels ?? {}), 'kubernetes.io/metadata.name': ns.metadata.name };
        const spec = isRecord(ns.spec) ? ns.spec : {};
        spec.finalizers ??= ['kubernetes'];
        ns.spec = spec;
        const old = req.old as Namespace | undefined;
        ns.status = req.op === 'CREATE' ? { phase: 'Active' } : isRecord(ns.status) ? ns.status : (old?.status ?? { phase: 'Active' });
        return ok(ns);
      }
    },
    {
      name: 'NamespaceLifecycle',
      mutating: false,
      admit: (req) => {
        if (req.op === 'DELETE' && req.resource.kind === 'Namespace' && req.resource.group === '' && PROTECTED_NAMESPACES.includes(req.object.metadata.name))
          return fail(403, 'Forbidden', `namespaces "${req.object.metadata.name}" is forbidden: this namespace may not be deleted`);
        return ok(req.object);
      }
    }
  ];
}
