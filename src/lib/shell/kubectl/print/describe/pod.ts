import type { Pod } from '../../../../engine/k8s/types';
import { formatRFC1123Z, translateTimestampSince } from '../duration';
import { arr, rec, str, type Loose } from '../util';
import { describeContainers, describeVolumes, podFieldResolver } from './containers';
import {
  controllerString,
  describeEvents,
  searchEvents,
  printAnnotationsMultiline,
  printLabelsMultiline,
  printTolerationsMultiline,
  type DescribeContext
} from './helpers';
import { LEVEL_0, LEVEL_1, PrefixWriter } from './writer';

/** qos.GetPodQOS: status.qosClass when set, else computed from requests and limits. */
export function podQOS(pod: Pod): string {
  if (pod.status?.qosClass) return pod.status.qosClass;
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  let anyResource = false;
  let guaranteed = true;
  for (const c of containers) {
    const res = rec((c as unknown as Loose).resources) ?? {};
    const req = rec(res.requests) ?? {};
    const lim = rec(res.limits) ?? {};
    for (const k of ['cpu', 'memory']) {
      if (req[k] !== undefined || lim[k] !== undefined) anyResource = true;
      const r = req[k] ?? lim[k];
      if (lim[k] === undefined || String(r) !== String(lim[k])) guaranteed = false;
    }
  }
  if (!anyResource) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export function describePod(pod: Pod, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  const spec = pod.spec ?? { containers: [] };
  const status = pod.status ?? { phase: 'Pending' };
  w.write(LEVEL_0, `Name:\t${pod.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${pod.metadata.namespace ?? ''}\n`);
  if (spec.priority !== undefined) w.write(LEVEL_0, `Priority:\t${spec.priority}\n`);
  if (spec.priorityClassName) w.write(LEVEL_0, `Priority Class Name:\t${spec.priorityClassName}\n`);
  const runtimeClass = str((spec as Loose).runtimeClassName);
  if (runtimeClass) w.write(LEVEL_0, `Runtime Class Name:\t${runtimeClass}\n`);
  if (spec.serviceAccountName) w.write(LEVEL_0, `Service Account:\t${spec.serviceAccountName}\n`);
  if (!spec.nodeName) w.write(LEVEL_0, 'Node:\t<none>\n');
  else w.write(LEVEL_0, `Node:\t${spec.nodeName}/${status.hostIP ?? ''}\n`);
  if (status.startTime) w.write(LEVEL_0, `Start Time:\t${formatRFC1123Z(status.startTime)}\n`);
  printLabelsMultiline(w, 'Labels', pod.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', pod.metadata.annotations);
  if (pod.metadata.deletionTimestamp && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
    w.write(LEVEL_0, `Status:\tTerminating (lasts ${translateTimestampSince(pod.metadata.deletionTimestamp, ctx.nowMs)})\n`);
    w.write(LEVEL_0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s\n`);
  } else {
    w.write(LEVEL_0, `Status:\t${status.phase}\n`);
  }
  if (status.reason) w.write(LEVEL_0, `Reason:\t${status.reason}\n`);
  if (status.message) w.write(LEVEL_0, `Message:\t${status.message}\n`);
  w.write(LEVEL_0, `IP:\t${status.podIP ?? ''}\n`);
  if (!status.podIPs?.length) w.write(LEVEL_0, 'IPs:\t<none>\n');
  else {
    w.write(LEVEL_0, 'IPs:\n');
    for (const ip of status.podIPs) w.write(LEVEL_1, `IP:\t${ip.ip}\n`);
  }
  const controlledBy = controllerString(pod);
  if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
  if (status.nominatedNodeName) w.write(LEVEL_0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
  const resolve = podFieldResolver(pod);
  if (spec.initContainers?.length) {
    const initStatuses = arr((status as unknown as Loose).initContainerStatuses) as Pod['status']['containerStatuses'];
    describeContainers(w, 'Init Containers', spec.initContainers, initStatuses ?? [], resolve, '');
  }
  describeContainers(w, 'Containers', spec.containers ?? [], status.containerStatuses ?? [], resolve, '');
  const gates = arr((spec as Loose).readinessGates);
  if (gates.length) {
    w.write(LEVEL_0, 'Readiness Gates:\n  Type\tStatus\n');
    for (const g of gates) {
      const t = str(rec(g)?.conditionType);
      const c = (status.conditions ?? []).find((x) => x.type === t);
      w.write(LEVEL_1, `${t} \t${c ? c.status : '<none>'} \n`);
    }
  }
  if (status.conditions?.length) {
    w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\n');
    for (const c of status.conditions) w.write(LEVEL_1, `${c.type} \t${c.status} \n`);
  }
  describeVolumes(w, spec.volumes, '');
  w.write(LEVEL_0, `QoS Class:\t${podQOS(pod)}\n`);
  printLabelsMultiline(w, 'Node-Selectors', spec.nodeSelector);
  printTolerationsMultiline(w, 'Tolerations', spec.tolerations);
  if (ctx.showEvents !== false) {
    // kubectl clears the kind of a pod reference; a mirror pod's events carry the static pod's uid
    const mirror = pod.metadata.annotations?.['kubernetes.io/config.mirror'];
    const events = searchEvents(ctx.api, {
      name: pod.metadata.name,
      namespace: pod.metadata.namespace,
      uid: (mirror !== undefined ? mirror : pod.metadata.uid) || undefined
    });
    describeEvents(w, events, ctx.nowMs);
  }
  return w.toString();
}
