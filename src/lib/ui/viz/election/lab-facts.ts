/**
 * Reads what the election explorer needs off a running Lab: the cluster's nodes with the reason
 * each one is not a layer-2 candidate (the filters of the engine's `speakersForPool`, in its
 * order), and the LoadBalancer IPs with their services. Plain data, so a change is a change of
 * its JSON.
 */
import type { Lab } from '../../../engine/lab';
import type { Node, Service } from '../../../engine/k8s/types';
import { cidrContains } from '../../../engine/metallb/config/cidr';
import { parseIP } from '../../../engine/metallb/config/ip';
import type { Pool } from '../../../engine/metallb/config/types';
import { type SpeakerListPort, poolMatchesNodeL2, usableSpeakerNames } from '../../../engine/metallb/speaker/layer2-controller';
import type { SpeakerProcess } from '../../../engine/metallb/speaker/main';
import { activeEndpointExists, epSlicesForService, nodesWithServingEndpoint } from '../../../engine/metallb/speaker/epslices';
import { IsNetworkUnavailable, IsNodeExcludedFromBalancers } from '../../../engine/metallb/speaker/nodes';
import { runningSpeakers } from '../../../engine/metallb/speaker/registry';
import type { LabFacts, LabNode, LabVip, NotCandidate } from './model';

/**
 * The memberlist view a speaker's layer-2 handler elects with (its SpeakerListPort's
 * UsableSpeakers: members alive or suspect). The engine keeps the port private to the handler;
 * this reads that one method and nothing else.
 */
function usableView(s: SpeakerProcess): Set<string> | null {
  const port = (s.layer2 as unknown as { sList?: SpeakerListPort } | null)?.sList;
  return port ? new Set(usableSpeakerNames(port.UsableSpeakers())) : null;
}

function ipKey(ip: string): number {
  const p = ip.split('.').map(Number);
  return p.length === 4 && p.every((x) => Number.isInteger(x)) ? ((p[0] * 256 + p[1]) * 256 + p[2]) * 256 + p[3] : Number.MAX_SAFE_INTEGER;
}

function poolOf(pools: Iterable<Pool>, ip: string): Pool | undefined {
  const addr = parseIP(ip);
  if (!addr) return undefined;
  for (const p of pools) if (p.cidrs.some((c) => cidrContains(c, addr))) return p;
  return undefined;
}

/** The explorer's reading of the lab. Empty before a cluster exists. */
export function readLabFacts(lab: Lab): LabFacts {
  const cluster = lab.cluster();
  if (!cluster) return { nodes: [], vips: [] };
  const nodeObjs = cluster.api.list<Node>('nodes').sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
  const speakers = runningSpeakers(cluster);
  const withSpeaker = new Set(speakers.map((s) => s.nodeName));
  // The speakers that still think (a paused container's speaker is frozen in the past).
  const live = speakers.filter((s) => cluster.containerOf(s.nodeName)?.state === 'running');
  const usable = new Set<string>();
  for (const s of live) for (const n of usableView(s) ?? []) usable.add(n);

  const nodes: LabNode[] = nodeObjs.map((n) => {
    const name = n.metadata.name;
    let reason: NotCandidate | null = null;
    if (!usable.has(name)) reason = withSpeaker.has(name) ? 'memberlist' : 'no-speaker';
    else if (IsNetworkUnavailable(n)) reason = 'network-unavailable';
    else if (IsNodeExcludedFromBalancers(n)) reason = 'excluded';
    return { name, reason };
  });

  const pools = live.map((s) => s.controller?.config?.pools.byName).find((p) => p && p.size > 0);
  const byIp = new Map<string, string[]>();
  const svcByKey = new Map<string, Service>();
  for (const svc of cluster.api.list<Service>('services')) {
    if (svc.spec.type !== 'LoadBalancer') continue;
    const key = `${svc.metadata.namespace ?? 'default'}/${svc.metadata.name}`;
    svcByKey.set(key, svc);
    for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
      if (!ing.ip || parseIP(ing.ip)?.v6) continue;
      const list = byIp.get(ing.ip) ?? [];
      list.push(key);
      byIp.set(ing.ip, list);
    }
  }
  const vips: LabVip[] = [...byIp.entries()]
    .sort((a, b) => ipKey(a[0]) - ipKey(b[0]))
    .map(([ip, services]) => {
      const vip: LabVip = { ip, services: services.sort() };
      const pool = pools ? poolOf(pools.values(), ip) : undefined;
      if (pool) {
        const out = nodes.filter((n) => !poolMatchesNodeL2(pool, n.name)).map((n) => n.name);
        if (out.length > 0) vip.notAdvertised = out;
      }
      // ShouldAnnounce's endpoint checks, per service: none ready → not announced at all;
      // Local → only nodes with a ready endpoint (a shared IP: the first service, by name)
      const svc = svcByKey.get(vip.services[0]!);
      if (svc) {
        const eps = epSlicesForService(cluster.api, svc.metadata.namespace ?? 'default', svc.metadata.name);
        if (!activeEndpointExists(eps)) vip.noEndpoints = true;
        else if (svc.spec.externalTrafficPolicy === 'Local') {
          const serving = nodesWithServingEndpoint(eps);
          const out = nodes.filter((n) => !serving.has(n.name)).map((n) => n.name);
          if (out.length > 0) vip.noLocalEndpoint = out;
        }
      }
      return vip;
    });
  return { nodes, vips };
}
