import type { EndpointSlice, Service } from '../../../../engine/k8s/types';
import { joinHostPort } from '../columns/core';
import { formatLabels } from '../labels';
import { describeEvents, eventsFor, printAnnotationsMultiline, printLabelsMultiline, type DescribeContext } from './helpers';
import { LEVEL_0, PrefixWriter } from './writer';

/** buildIngressString: "172.18.255.200 (VIP)", comma-space separated. */
export function ingressString(svc: Service): string {
  return (svc.status?.loadBalancer?.ingress ?? [])
    .map((ing) => (ing.ip ? (ing.ipMode ? `${ing.ip} (${ing.ipMode})` : ing.ip) : (ing.hostname ?? '')))
    .join(', ');
}

/**
 * formatEndpointSlices for one service port name: ready endpoints (ready unset counts as ready)
 * as ip:port, at most 3 then " + N more..."; "<none>" when the service has no slice at all.
 */
export function formatEndpointSlices(slices: EndpointSlice[], portName: string | null): string {
  if (!slices.length) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const s of slices) {
    const eps = s.endpoints ?? [];
    const ports = s.ports ?? [];
    if (!ports.length) {
      for (const e of eps) {
        if (list.length === max) more = true;
        if (e.conditions?.ready === false) continue;
        if (!more) list.push(e.addresses[0]);
        count++;
      }
      continue;
    }
    for (const p of ports) {
      if (portName !== null && (p.name ?? '') !== portName) continue;
      for (const e of eps) {
        if (list.length === max) more = true;
        if (e.conditions?.ready === false) continue;
        if (!more) list.push(joinHostPort(e.addresses[0], p.port));
        count++;
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

/** The EndpointSlices of a service (label kubernetes.io/service-name), as kubectl lists them. */
export function serviceSlices(ctx: DescribeContext, svc: Service): EndpointSlice[] {
  if (!ctx.api) return [];
  return ctx.api
    .list<EndpointSlice>('endpointslices.discovery.k8s.io', svc.metadata.namespace)
    .filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc.metadata.name);
}

export function describeService(svc: Service, ctx: DescribeContext): string {
  const w = new PrefixWriter();
  const spec = svc.spec ?? {};
  const slices = serviceSlices(ctx, svc);
  w.write(LEVEL_0, `Name:\t${svc.metadata.name}\n`);
  w.write(LEVEL_0, `Namespace:\t${svc.metadata.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', svc.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', svc.metadata.annotations);
  w.write(LEVEL_0, `Selector:\t${formatLabels(spec.selector)}\n`);
  w.write(LEVEL_0, `Type:\t${spec.type ?? 'ClusterIP'}\n`);
  if (spec.ipFamilyPolicy) w.write(LEVEL_0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
  if (spec.ipFamilies?.length) w.write(LEVEL_0, `IP Families:\t${spec.ipFamilies.join(',')}\n`);
  else w.write(LEVEL_0, 'IP Families:\t<none>\n');
  w.write(LEVEL_0, `IP:\t${spec.clusterIP ?? ''}\n`);
  if (spec.clusterIPs?.length) w.write(LEVEL_0, `IPs:\t${spec.clusterIPs.join(',')}\n`);
  else w.write(LEVEL_0, 'IPs:\t<none>\n');
  if (spec.externalIPs?.length) w.write(LEVEL_0, `External IPs:\t${spec.externalIPs.join(',')}\n`);
  if (spec.loadBalancerIP) w.write(LEVEL_0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
  if (spec.externalName) w.write(LEVEL_0, `External Name:\t${spec.externalName}\n`);
  if (svc.status?.loadBalancer?.ingress?.length) w.write(LEVEL_0, `LoadBalancer Ingress:\t${ingressString(svc)}\n`);
  for (const sp of spec.ports ?? []) {
    const name = sp.name || '<unset>';
    const proto = sp.protocol ?? 'TCP';
    w.write(LEVEL_0, `Port:\t${name}\t${sp.port}/${proto}\n`);
    const target = sp.targetPort ?? sp.port;
    w.write(LEVEL_0, `TargetPort:\t${target}/${proto}\n`);
    if (sp.appProtocol) w.write(LEVEL_0, `AppProtocol:\t${sp.appProtocol}\n`);
    if (sp.nodePort) w.write(LEVEL_0, `NodePort:\t${name}\t${sp.nodePort}/${proto}\n`);
    w.write(LEVEL_0, `Endpoints:\t${formatEndpointSlices(slices, sp.name ?? '')}\n`);
  }
  w.write(LEVEL_0, `Session Affinity:\t${spec.sessionAffinity ?? 'None'}\n`);
  if (spec.externalTrafficPolicy) w.write(LEVEL_0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
  if (spec.internalTrafficPolicy) w.write(LEVEL_0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
  if (spec.healthCheckNodePort) w.write(LEVEL_0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
  const ranges = spec.loadBalancerSourceRanges;
  if (Array.isArray(ranges) && ranges.length) w.write(LEVEL_0, `LoadBalancer Source Ranges:\t${ranges.join(',')}\n`);
  if (typeof spec.trafficDistribution === 'string') w.write(LEVEL_0, `Traffic Distribution:\t${spec.trafficDistribution}\n`);
  const events = eventsFor(ctx, svc);
  if (events) describeEvents(w, events, ctx.nowMs);
  return w.toString();
}
