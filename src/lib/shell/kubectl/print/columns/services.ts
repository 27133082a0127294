import type { Service, ServicePort } from '../../../../engine/k8s/types';
import { translateTimestampSince } from '../duration';
import { formatLabels, goStringLess } from '../labels';
import { col, type KindPrinter, type RowContext } from './types';

/** printers.go loadBalancerWidth: the non-wide clip width of printers.go. */
export const LOAD_BALANCER_WIDTH = 16;

/**
 * loadBalancerStatusStringer: ingress IPs (or hostnames), de-duplicated and sorted, comma-joined.
 * `clip` cuts to 16 characters with "..." — printers.go does this when not wide, but the API
 * server always renders tables with Wide=true (kubectl >= 1.11 prints tables server-side), so
 * real `kubectl get svc` never clips; the default here follows the real output.
 */
export function loadBalancerStatusString(svc: Service, clip = false): string {
  const set = new Set<string>();
  for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
    if (ing.ip) set.add(ing.ip);
    else if (ing.hostname) set.add(ing.hostname);
  }
  let r = [...set].sort(goStringLess).join(',');
  if (clip && r.length > LOAD_BALANCER_WIDTH) r = r.slice(0, LOAD_BALANCER_WIDTH - 3) + '...';
  return r;
}

/** printers.go getServiceExternalIP. */
export function serviceExternalIP(svc: Service, clip = false): string {
  const type = svc.spec?.type ?? 'ClusterIP';
  const externalIPs = svc.spec?.externalIPs ?? [];
  switch (type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerStatusString(svc, clip);
      if (externalIPs.length) {
        const results: string[] = lb ? lb.split(',') : [];
        return [...results, ...externalIPs].join(',');
      }
      return lb || '<pending>';
    }
    case 'ExternalName':
      return svc.spec?.externalName ?? '';
  }
  return '<unknown>';
}

/** printers.go makePortString: "80/TCP", "80:31234/TCP", comma-joined. */
export function servicePorts(ports: ServicePort[] | undefined): string {
  return (ports ?? [])
    .map((p) => {
      const proto = p.protocol ?? 'TCP';
      return p.nodePort && p.nodePort > 0 ? `${p.port}:${p.nodePort}/${proto}` : `${p.port}/${proto}`;
    })
    .join(',');
}

export const servicePrinter: KindPrinter<Service> = {
  columns: [col('Name'), col('Type'), col('Cluster-IP'), col('External-IP'), col('Port(s)'), col('Age'), col('Selector', 1)],
  cells(svc: Service, ctx: RowContext): string[] {
    const clusterIP = svc.spec?.clusterIPs?.[0] ?? svc.spec?.clusterIP ?? '<none>';
    const ports = servicePorts(svc.spec?.ports) || '<none>';
    return [
      svc.metadata.name,
      svc.spec?.type ?? 'ClusterIP',
      clusterIP || '<none>',
      serviceExternalIP(svc),
      ports,
      translateTimestampSince(svc.metadata.creationTimestamp, ctx.nowMs),
      formatLabels(svc.spec?.selector)
    ];
  }
};
