import type { KindCluster } from '../cluster';

/**
 * The API server's admission chain for built-in kinds (stub: to be implemented): defaulting and
 * validation of Pods and Services, ClusterIP and NodePort allocation, CRDs serving their kinds.
 */
export function installAdmission(cluster: KindCluster): void {
  void cluster;
}
