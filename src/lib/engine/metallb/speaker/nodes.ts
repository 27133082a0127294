/**
 * Node helpers the speaker uses, mirroring MetalLB v0.14.8 `internal/k8s/nodes/nodes.go`
 * (IsNetworkUnavailable, IsNodeExcludedFromBalancers).
 */
import type { Node } from '../../k8s/types';

/** kubeadm puts this label on control-plane nodes; any value excludes the node. */
export const LABEL_EXCLUDE_LB = 'node.kubernetes.io/exclude-from-external-load-balancers';

/** IsNetworkUnavailable: the node has the condition NetworkUnavailable=True. A missing node is not. */
export function IsNetworkUnavailable(n: Node | undefined | null): boolean {
  if (!n) return false;
  return (n.status?.conditions ?? []).some((c) => c.type === 'NetworkUnavailable' && c.status === 'True');
}

/** IsNodeExcludedFromBalancers: the exclude-from-external-load-balancers label is present (any value). */
export function IsNodeExcludedFromBalancers(n: Node | undefined | null): boolean {
  if (!n) return false;
  return Object.prototype.hasOwnProperty.call(n.metadata.labels ?? {}, LABEL_EXCLUDE_LB);
}
