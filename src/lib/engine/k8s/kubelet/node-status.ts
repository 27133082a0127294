/**
 * What the kubelet writes about its node: the Node object it registers (labels, annotations,
 * addresses, capacity, nodeInfo) and the status it posts (conditions with their events), and its
 * Lease in kube-node-lease. Values imitate a kindest/node:v1.31.0 container.
 */
import type { KObject, Node, NodeCondition, Taint } from '../types';
import { TAINT_CONTROL_PLANE, TAINT_NOT_READY } from './scheduling';

export const KUBELET_VERSION = 'v1.31.0';
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
export const LEASE_DURATION_SECONDS = 40;

const NOT_READY_MESSAGE =
  'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized';

export interface NodeIdentity {
  name: string;
  clusterName: string;
  controlPlane: boolean;
  /** Labels from the kind config's `labels:` of this node. */
  configLabels: Record<string, string>;
  internalIP: string;
  machineID: string;
  systemUUID: string;
  bootID: string;
}

export const NODE_CAPACITY: Record<string, string> = {
  cpu: '4',
  'ephemeral-storage': '101430960Ki',
  'hugepages-1Gi': '0',
  'hugepages-2Mi': '0',
  memory: '16318604Ki',
  pods: '110'
};

export function nodeLabels(id: NodeIdentity): Record<string, string> {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': id.name,
    'kubernetes.io/os': 'linux',
    ...id.configLabels
  };
  if (id.controlPlane) {
    labels['node-role.kubernetes.io/control-plane'] = '';
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
  }
  return labels;
}

/** The Node the kubelet creates when it first registers. Conditions come with the first status post. */
export function initialNode(id: NodeIdentity): KObject {
  // The kubelet registers with not-ready:NoSchedule so nothing lands before Ready; kubeadm adds
  // the control-plane taint.
  const taints: Taint[] = [{ key: TAINT_NOT_READY, effect: 'NoSchedule' }];
  if (id.controlPlane) taints.unshift({ key: TAINT_CONTROL_PLANE, effect: 'NoSchedule' });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: id.name,
      uid: '',
      resourceVersion: '',
      creationTimestamp: '',
      labels: nodeLabels(id),
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true'
      }
    },
    spec: { providerID: `kind://docker/${id.clusterName}/${id.name}`, taints },
    status: {}
  };
}

export interface StatusInputs {
  now: string;
  networkReady: boolean;
  images: { names: string[]; sizeBytes: number }[];
}

/** A condition change worth an event ("Node x status is now: NodeReady"). */
export type NodeEventReason = 'NodeHasSufficientMemory' | 'NodeHasNoDiskPressure' | 'NodeHasSufficientPID' | 'NodeReady' | 'NodeNotReady';

interface Desired {
  type: string;
  status: 'True' | 'False';
  reason: string;
  message: string;
  event: NodeEventReason;
  /** The kubelet's Ready setter only reports transitions of a condition it had posted before. */
  eventOnlyOnTransition: boolean;
}

function desiredConditions(networkReady: boolean): Desired[] {
  return [
    { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available', event: 'NodeHasSufficientMemory', eventOnlyOnTransition: false },
    { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure', event: 'NodeHasNoDiskPressure', eventOnlyOnTransition: false },
    { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available', event: 'NodeHasSufficientPID', eventOnlyOnTransition: false },
    networkReady
      ? { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', event: 'NodeReady', eventOnlyOnTransition: true }
      : { type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: NOT_READY_MESSAGE, event: 'NodeNotReady', eventOnlyOnTransition: true }
  ];
}

/**
 * Apply the kubelet's status setters to a copy of the node. Returns the events to record and
 * whether anything but heartbeats changed (the kubelet then posts at once instead of waiting
 * for nodeStatusReportFrequency).
 */
export function applyNodeStatus(node: Node, id: NodeIdentity, inp: StatusInputs): { events: NodeEventReason[]; changed: boolean } {
  node.status ??= {};
  const before = JSON.stringify({ ...node.status, conditions: (node.status.conditions ?? []).map((c) => ({ ...c, lastHeartbeatTime: '' })) });
  const events: NodeEventReason[] = [];
  const old = node.status.conditions ?? [];
  const next: NodeCondition[] = [];
  for (const d of desiredConditions(inp.networkReady)) {
    const cur = old.find((c) => c.type === d.type);
    const transition = !cur || cur.status !== d.status;
    if (transition && (cur || !d.eventOnlyOnTransition)) events.push(d.event);
    next.push({
      type: d.type,
      status: d.status,
      lastHeartbeatTime: inp.now,
      lastTransitionTime: transition ? inp.now : (cur?.lastTransitionTime ?? inp.now),
      reason: d.reason,
      message: d.message
    });
  }
  // Conditions owned by others (NetworkUnavailable from a CNI) are kept.
  for (const c of old) if (!next.some((n) => n.type === c.type)) next.push(c);
  node.status = {
    ...node.status,
    capacity: { ...NODE_CAPACITY },
    allocatable: { ...NODE_CAPACITY },
    conditions: next,
    addresses: [
      { type: 'InternalIP', address: id.internalIP },
      { type: 'Hostname', address: id.name }
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      architecture: 'amd64',
      bootID: id.bootID,
      containerRuntimeVersion: 'containerd://1.7.18',
      kernelVersion: '6.8.0-1015-aws',
      kubeProxyVersion: KUBELET_VERSION,
      kubeletVersion: KUBELET_VERSION,
      machineID: id.machineID,
      operatingSystem: 'linux',
      osImage: 'Debian GNU/Linux 12 (bookworm)',
      systemUUID: id.systemUUID
    },
    images: inp.images
  };
  const after = JSON.stringify({ ...node.status, conditions: next.map((c) => ({ ...c, lastHeartbeatTime: '' })) });
  return { events, changed: before !== after };
}

export function nodeLease(nodeName: string, nodeUid: string, renewTime: string): KObject {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name: nodeName,
      namespace: NODE_LEASE_NAMESPACE,
      uid: '',
      resourceVersion: '',
      creationTimestamp: '',
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: nodeUid }]
    },
    spec: { holderIdentity: nodeName, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime }
  };
}

/** RFC 3339 with microseconds, as metav1.MicroTime prints ("2024-10-03T09:01:02.123456Z"). */
export function rfc3339Micro(d: Date, extraMicros: number): string {
  return d.toISOString().replace(/Z$/, `${String(Math.max(0, Math.min(999, Math.floor(extraMicros)))).padStart(3, '0')}Z`);
}

/** A random RFC 4122 v4 uuid string (bootID, systemUUID) from the seeded PRNG. */
export function uuidFrom(hex: string): string {
  const h = hex.padEnd(32, '0').slice(0, 32).split('');
  h[12] = '4';
  h[16] = '89ab'[parseInt(h[16], 16) & 3];
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
