import type { ResourceInfo } from '../../../../engine/k8s/resources';
import type { KObject } from '../../../../engine/k8s/types';
import { configMapPrinter, createdAtPrinter, endpointSlicePrinter, endpointsPrinter, eventPrinter, nameAgePrinter, namespacePrinter, secretPrinter, serviceAccountPrinter } from './core';
import { customResourcePrinter } from './custom';
import { leasePrinter, roleBindingPrinter, storageClassPrinter, webhookConfigurationPrinter } from './misc';
import { nodePrinter } from './nodes';
import { podPrinter } from './pods';
import { servicePrinter } from './services';
import type { KindPrinter } from './types';
import { daemonSetPrinter, deploymentPrinter, replicaSetPrinter, statefulSetPrinter } from './workloads';

export type { ColumnDef, KindPrinter, RowContext } from './types';

const BUILTIN: Record<string, KindPrinter> = {
  '/Pod': podPrinter as KindPrinter,
  '/Service': servicePrinter as KindPrinter,
  '/Node': nodePrinter as KindPrinter,
  '/Namespace': namespacePrinter as KindPrinter,
  '/Endpoints': endpointsPrinter as KindPrinter,
  '/Event': eventPrinter as KindPrinter,
  'events.k8s.io/Event': eventPrinter as KindPrinter,
  '/ConfigMap': configMapPrinter as KindPrinter,
  '/Secret': secretPrinter as KindPrinter,
  '/ServiceAccount': serviceAccountPrinter,
  'apps/Deployment': deploymentPrinter as KindPrinter,
  'apps/ReplicaSet': replicaSetPrinter as KindPrinter,
  'apps/DaemonSet': daemonSetPrinter as KindPrinter,
  'apps/StatefulSet': statefulSetPrinter,
  'discovery.k8s.io/EndpointSlice': endpointSlicePrinter as KindPrinter,
  'rbac.authorization.k8s.io/Role': createdAtPrinter,
  'rbac.authorization.k8s.io/ClusterRole': createdAtPrinter,
  'rbac.authorization.k8s.io/RoleBinding': roleBindingPrinter,
  'rbac.authorization.k8s.io/ClusterRoleBinding': roleBindingPrinter,
  'apiextensions.k8s.io/CustomResourceDefinition': createdAtPrinter,
  'coordination.k8s.io/Lease': leasePrinter,
  'storage.k8s.io/StorageClass': storageClassPrinter,
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration': webhookConfigurationPrinter,
  'admissionregistration.k8s.io/MutatingWebhookConfiguration': webhookConfigurationPrinter
};

/** The printer the API server uses for a resource type. */
export function printerFor(resource: ResourceInfo): KindPrinter<KObject> {
  if (resource.custom) return customResourcePrinter(resource);
  return BUILTIN[`${resource.group}/${resource.kind}`] ?? nameAgePrinter;
}
