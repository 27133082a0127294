import type { Node } from '../../../../engine/k8s/types';
import { translateTimestampSince } from '../duration';
import { goStringLess } from '../labels';
import { col, type KindPrinter, type RowContext } from './types';

const ROLE_PREFIX = 'node-role.kubernetes.io/';
const ROLE_LABEL = 'kubernetes.io/role';

/** findNodeRoles: node-role.kubernetes.io/<role> labels and kubernetes.io/role=<role>, sorted. */
export function nodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith(ROLE_PREFIX)) {
      const role = k.slice(ROLE_PREFIX.length);
      if (role) roles.add(role);
    } else if (k === ROLE_LABEL && v !== '') roles.add(v);
  }
  return [...roles].sort(goStringLess);
}

/** printNode STATUS: Ready / NotReady from the Ready condition, "Unknown" without one, then ",SchedulingDisabled". */
export function nodeStatus(node: Node): string {
  const status: string[] = [];
  // conditionMap keeps the last condition of each type
  let ready: string | undefined;
  for (const c of node.status?.conditions ?? []) if (c.type === 'Ready') ready = c.status;
  if (ready !== undefined) status.push(ready === 'True' ? 'Ready' : 'NotReady');
  if (!status.length) status.push('Unknown');
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

function address(node: Node, type: string): string {
  return node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';
}

export const nodePrinter: KindPrinter<Node> = {
  columns: [
    col('Name'),
    col('Status'),
    col('Roles'),
    col('Age'),
    col('Version'),
    col('Internal-IP', 1),
    col('External-IP', 1),
    col('OS-Image', 1),
    col('Kernel-Version', 1),
    col('Container-Runtime', 1)
  ],
  cells(node: Node, ctx: RowContext): string[] {
    const info = node.status?.nodeInfo;
    return [
      node.metadata.name,
      nodeStatus(node),
      nodeRoles(node).join(',') || '<none>',
      translateTimestampSince(node.metadata.creationTimestamp, ctx.nowMs),
      info?.kubeletVersion ?? '',
      address(node, 'InternalIP'),
      address(node, 'ExternalIP'),
      info?.osImage || '<unknown>',
      info?.kernelVersion || '<unknown>',
      info?.containerRuntimeVersion || '<unknown>'
    ];
  }
};
