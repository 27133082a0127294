import type { KObject, Node, Pod } from '../../../../engine/k8s/types';
import { nodeRoles } from '../columns/nodes';
import { formatRFC1123Z, translateTimestampSince } from '../duration';
import { goStringLess } from '../labels';
import { addQuantity, formatQuantity, parseQuantity, quantityMilli, quantityValue, zeroQuantity, type Quantity } from '../quantity';
import { rec, str, type Loose } from '../util';
import { describeEvents, printAnnotationsMultiline, printLabelsMultiline, printTaintsMultiline, searchEvents, type DescribeContext } from './helpers';
import { LEVEL_0, LEVEL_1, PrefixWriter } from './writer';

type ResourceMap = Map<string, Quantity>;

function addTo(m: ResourceMap, name: string, q: Quantity): void {
  const cur = m.get(name);
  m.set(name, cur ? addQuantity(cur, q) : q);
}

function containerList(c: unknown, key: 'requests' | 'limits'): ResourceMap {
  const res = rec(rec(c)?.resources) ?? {};
  const out: ResourceMap = new Map();
  const src = rec(res[key]) ?? {};
  // API defaulting: a limit without a request makes the request equal to the limit
  const fallback = key === 'requests' ? (rec(res.limits) ?? {}) : {};
  for (const k of new Set([...Object.keys(src), ...Object.keys(fallback)])) {
    const q = parseQuantity(src[k] ?? fallback[k]);
    if (q) out.set(k, q);
  }
  return out;
}

/** resourcehelper.PodRequests / PodLimits: sum of containers, at least each init container. */
export function podResources(pod: Pod, key: 'requests' | 'limits'): ResourceMap {
  const total: ResourceMap = new Map();
  for (const c of pod.spec?.containers ?? []) for (const [k, q] of containerList(c, key)) addTo(total, k, q);
  for (const c of pod.spec?.initContainers ?? []) {
    for (const [k, q] of containerList(c, key)) {
      const cur = total.get(k);
      if (!cur || q.milli > cur.milli) total.set(k, cur ? { milli: q.milli, format: cur.format } : q);
    }
  }
  return total;
}

function fraction(num: bigint, den: bigint): number {
  if (den === 0n) return 0;
  return Math.trunc((Number(num) / Number(den)) * 100);
}

function lookupQuantity(m: Record<string, unknown> | undefined, name: string): Quantity {
  return parseQuantity(m?.[name]) ?? zeroQuantity();
}

function describeNodeResource(w: PrefixWriter, pods: Pod[], node: Node, nowMs: number): void {
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(LEVEL_1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(LEVEL_1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const capacity = node.status?.capacity ?? {};
  const allocatable = Object.keys(node.status?.allocatable ?? {}).length ? (node.status?.allocatable ?? {}) : capacity;
  const allocCpu = quantityMilli(lookupQuantity(allocatable, 'cpu'));
  const allocMem = quantityValue(lookupQuantity(allocatable, 'memory'));
  const allocEph = quantityValue(lookupQuantity(allocatable, 'ephemeral-storage'));
  const reqs: ResourceMap = new Map();
  const limits: ResourceMap = new Map();
  for (const pod of pods) {
    const req = podResources(pod, 'requests');
    const lim = podResources(pod, 'limits');
    for (const [k, q] of req) addTo(reqs, k, q);
    for (const [k, q] of lim) addTo(limits, k, q);
    const cpuReq = req.get('cpu') ?? zeroQuantity();
    const cpuLim = lim.get('cpu') ?? zeroQuantity();
    const memReq = req.get('memory') ?? zeroQuantity('BinarySI');
    const memLim = lim.get('memory') ?? zeroQuantity('BinarySI');
    w.write(
      LEVEL_1,
      `${pod.metadata.namespace ?? ''}\t${pod.metadata.name}\t\t${formatQuantity(cpuReq)} (${fraction(cpuReq.milli, allocCpu)}%)\t${formatQuantity(cpuLim)} (${fraction(
        cpuLim.milli,
        allocCpu
      )}%)\t${formatQuantity(memReq)} (${fraction(quantityValue(memReq), allocMem)}%)\t${formatQuantity(memLim)} (${fraction(
        quantityValue(memLim),
        allocMem
      )}%)\t${translateTimestampSince(pod.metadata.creationTimestamp, nowMs)}\n`
    );
  }
  w.write(LEVEL_0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(LEVEL_1, 'Resource\tRequests\tLimits\n');
  w.write(LEVEL_1, '--------\t--------\t------\n');
  const get = (m: ResourceMap, k: string) => m.get(k) ?? zeroQuantity();
  const row = (name: string, r: Quantity, l: Quantity, pr: number, pl: number) =>
    w.write(LEVEL_1, `${name}\t${formatQuantity(r)} (${pr}%)\t${formatQuantity(l)} (${pl}%)\n`);
  row('cpu', get(reqs, 'cpu'), get(limits, 'cpu'), fraction(get(reqs, 'cpu').milli, allocCpu), fraction(get(limits, 'cpu').milli, allocCpu));
  row(
    'memory',
    get(reqs, 'memory'),
    get(limits, 'memory'),
    fraction(quantityValue(get(reqs, 'memory')), allocMem),
    fraction(quantityValue(get(limits, 'memory')), allocMem)
  );
  row(
    'ephemeral-storage',
    get(reqs, 'ephemeral-storage'),
    get(limits, 'ephemeral-storage'),
    fraction(quantityValue(get(reqs, 'ephemeral-storage')), allocEph),
    fraction(quantityValue(get(limits, 'ephemeral-storage')), allocEph)
  );
  const names = Object.keys(allocatable).sort(goStringLess);
  for (const r of names.filter((n) => n.startsWith('hugepages-'))) {
    const alloc = quantityValue(lookupQuantity(allocatable, r));
    row(r, get(reqs, r), get(limits, r), fraction(quantityValue(get(reqs, r)), alloc), fraction(quantityValue(get(limits, r)), alloc));
  }
  for (const r of names.filter((n) => !n.startsWith('hugepages-') && !['cpu', 'memory', 'ephemeral-storage', 'pods'].includes(n))) {
    w.write(LEVEL_1, `${r}\t${formatQuantity(get(reqs, r))}\t${formatQuantity(get(limits, r))}\n`);
  }
}

export function describeNode(node: Node, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  w.write(LEVEL_0, `Name:\t${node.metadata.name}\n`);
  const roles = nodeRoles(node);
  w.write(LEVEL_0, `Roles:\t${roles.length ? roles.join(',') : '<none>'}\n`);
  printLabelsMultiline(w, 'Labels', node.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', node.metadata.annotations);
  w.write(LEVEL_0, `CreationTimestamp:\t${formatRFC1123Z(node.metadata.creationTimestamp)}\n`);
  printTaintsMultiline(w, 'Taints', node.spec?.taints);
  w.write(LEVEL_0, `Unschedulable:\t${node.spec?.unschedulable === true}\n`);

  if (ctx.api) {
    const lease = ctx.api.get<KObject>('leases.coordination.k8s.io', 'kube-node-lease', node.metadata.name);
    if (lease) {
      const spec = rec((lease as unknown as Loose).spec) ?? {};
      w.write(LEVEL_0, 'Lease:\n');
      w.write(LEVEL_1, `HolderIdentity:\t${str(spec.holderIdentity) || '<unset>'}\n`);
      w.write(LEVEL_1, `AcquireTime:\t${str(spec.acquireTime) ? formatRFC1123Z(spec.acquireTime) : '<unset>'}\n`);
      w.write(LEVEL_1, `RenewTime:\t${str(spec.renewTime) ? formatRFC1123Z(spec.renewTime) : '<unset>'}\n`);
    } else {
      w.write(LEVEL_0, `Lease:\tFailed to get lease: leases.coordination.k8s.io "${node.metadata.name}" not found\n`);
    }
  }

  const conditions = node.status?.conditions ?? [];
  if (conditions.length) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of conditions) {
      w.write(
        LEVEL_1,
        `${c.type} \t${c.status} \t${formatRFC1123Z(c.lastHeartbeatTime)} \t${formatRFC1123Z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`
      );
    }
  }
  w.write(LEVEL_0, 'Addresses:\n');
  for (const a of node.status?.addresses ?? []) w.write(LEVEL_1, `${a.type}:\t${a.address}\n`);

  const printResourceList = (list: Record<string, string>) => {
    for (const k of Object.keys(list).sort(goStringLess)) {
      const q = parseQuantity(list[k]);
      w.write(LEVEL_0, `  ${k}:\t${q ? formatQuantity(q) : String(list[k])}\n`);
    }
  };
  const capacity = node.status?.capacity ?? {};
  const allocatable = node.status?.allocatable ?? {};
  if (Object.keys(capacity).length) {
    w.write(LEVEL_0, 'Capacity:\n');
    printResourceList(capacity);
  }
  if (Object.keys(allocatable).length) {
    w.write(LEVEL_0, 'Allocatable:\n');
    printResourceList(allocatable);
  }
  const info = node.status?.nodeInfo;
  w.write(LEVEL_0, 'System Info:\n');
  w.write(LEVEL_0, `  Machine ID:\t${info?.machineID ?? ''}\n`);
  w.write(LEVEL_0, `  System UUID:\t${info?.systemUUID ?? ''}\n`);
  w.write(LEVEL_0, `  Boot ID:\t${info?.bootID ?? ''}\n`);
  w.write(LEVEL_0, `  Kernel Version:\t${info?.kernelVersion ?? ''}\n`);
  w.write(LEVEL_0, `  OS Image:\t${info?.osImage ?? ''}\n`);
  w.write(LEVEL_0, `  Operating System:\t${info?.operatingSystem ?? ''}\n`);
  w.write(LEVEL_0, `  Architecture:\t${info?.architecture ?? ''}\n`);
  w.write(LEVEL_0, `  Container Runtime Version:\t${info?.containerRuntimeVersion ?? ''}\n`);
  w.write(LEVEL_0, `  Kubelet Version:\t${info?.kubeletVersion ?? ''}\n`);
  // v1.31 still prints it (removed in v1.35); kubelets of 1.31 still fill it in.
  w.write(LEVEL_0, `  Kube-Proxy Version:\t${info?.kubeProxyVersion ?? ''}\n`);
  if (node.spec?.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${node.spec.podCIDR}\n`);
  if (node.spec?.podCIDRs?.length) w.write(LEVEL_0, `PodCIDRs:\t${node.spec.podCIDRs.join(',')}\n`);
  if (node.spec?.providerID) w.write(LEVEL_0, `ProviderID:\t${node.spec.providerID}\n`);
  if (ctx.api) {
    const pods = ctx.api
      .list<Pod>('pods')
      .filter((p) => p.spec?.nodeName === node.metadata.name && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
    describeNodeResource(w, pods, node, ctx.nowMs);
  }
  if (ctx.showEvents !== false) {
    const byUid = searchEvents(ctx.api, { name: node.metadata.name, kind: 'Node', uid: node.metadata.uid || undefined });
    const byName = searchEvents(ctx.api, { name: node.metadata.name, kind: 'Node', uid: node.metadata.name });
    describeEvents(w, [...byUid, ...byName], ctx.nowMs);
  }
  return w.toString();
}

