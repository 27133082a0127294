import type { ResourceInfo } from '../../../../engine/k8s/resources';
import type { ConfigMap, DaemonSet, Deployment, Endpoints, KObject, Namespace, Node, Pod, ReplicaSet, Secret, Service } from '../../../../engine/k8s/types';
import { describeConfigMap, describeEndpoints, describeNamespace, describeSecret, describeServiceAccount } from './core';
import { describeGeneric } from './generic';
import type { DescribeContext } from './helpers';
import { describeNode } from './node';
import { describePod } from './pod';
import { describeService } from './service';
import { describeDaemonSet, describeDeployment, describeReplicaSet } from './workloads';

export type { DescribeContext } from './helpers';
export { describeEvents, searchEvents } from './helpers';
export { describeGeneric, smartLabelFor } from './generic';
export { describeNode } from './node';
export { describePod, podQOS } from './pod';
export { describeService, formatEndpointSlices } from './service';
export { describeDaemonSet, describeDeployment, describeReplicaSet } from './workloads';
export { describeConfigMap, describeEndpoints, describeNamespace, describeSecret, describeServiceAccount } from './core';

/**
 * `kubectl describe` of one object: the kind's own describer (pods, services, nodes, deployments,
 * replica sets, daemon sets, endpoints, namespaces, config maps, secrets, service accounts) or
 * the generic one (custom resources and everything else). Ends with a newline.
 */
export function describeObject(obj: KObject, ctx: DescribeContext, resource?: Pick<ResourceInfo, 'group' | 'kind' | 'custom'>): string {
  const group = resource?.group ?? (obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '');
  const key = resource?.custom ? '' : `${group}/${obj.kind}`;
  switch (key) {
    case '/Pod':
      return describePod(obj as Pod, ctx);
    case '/Service':
      return describeService(obj as Service, ctx);
    case '/Node':
      return describeNode(obj as Node, ctx);
    case '/Endpoints':
      return describeEndpoints(obj as Endpoints, ctx);
    case '/Namespace':
      return describeNamespace(obj as Namespace);
    case '/ConfigMap':
      return describeConfigMap(obj as ConfigMap, ctx);
    case '/Secret':
      return describeSecret(obj as Secret);
    case '/ServiceAccount':
      return describeServiceAccount(obj, ctx);
    case 'apps/Deployment':
      return describeDeployment(obj as Deployment, ctx);
    case 'apps/ReplicaSet':
      return describeReplicaSet(obj as ReplicaSet, ctx);
    case 'apps/DaemonSet':
      return describeDaemonSet(obj as DaemonSet, ctx);
    default:
      return describeGeneric(obj, ctx);
  }
}

/** Several objects in one `kubectl describe`: kubectl prints "\n\n" between descriptions. */
export function joinDescriptions(descriptions: string[]): string {
  return descriptions.join('\n\n');
}
