/**
 * The API server's admission chain for built-in kinds: defaulting and validation of Pods,
 * Services (with ClusterIP/NodePort allocation), Namespaces, apps/v1 workloads, CRDs (which start
 * serving their kinds at once) and custom objects (schema pruning, defaults, validation).
 *
 * Side channel for the shell: `lastWarnings(cluster)` returns the API warnings of the most recent
 * request (e.g. `unknown field "spec.foo"` for a pruned field of a custom object); kubectl prints
 * each as `Warning: <text>`. `findUnknownFields(api, obj)` tells in advance which fields would be
 * pruned, for kubectl's default `--validate=strict`.
 */
import type { KindCluster } from '../cluster';
import { crdPlugins, watchCrds } from './crds';
import { namespacePlugins } from './namespaces';
import { podPlugins } from './pods';
import { servicePlugins } from './services';
import { warningsOf, warningsResetPlugin } from './warnings';
import { workloadPlugins } from './workloads';

export function installAdmission(cluster: KindCluster): void {
  const api = cluster.api;
  // Separate streams, so allocations do not shift other random draws.
  const podRng = cluster.sim.rng.fork(`admission-pods-${cluster.name}`);
  const svcRng = cluster.sim.rng.fork(`admission-services-${cluster.name}`);
  for (const p of [
    warningsResetPlugin(api),
    ...namespacePlugins(),
    ...podPlugins(cluster, podRng),
    ...servicePlugins(cluster, svcRng),
    ...workloadPlugins(),
    ...crdPlugins(cluster)
  ])
    api.addAdmission(p);
  watchCrds(api);
}

/** API warnings of the last request admitted by this cluster's API server. */
export function lastWarnings(cluster: KindCluster): readonly string[] {
  return warningsOf(cluster.api);
}

export { findUnknownFields, CRD_RESOURCE } from './crds';
export { PROTECTED_NAMESPACES } from './namespaces';
