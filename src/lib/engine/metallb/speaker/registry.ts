/**
 * Introspection for tests, the UI and lessons: which speakers run in a cluster and what each one
 * announces right now. Not part of MetalLB; upstream's equivalents are the
 * `metallb_speaker_announced` gauge and the ServiceL2Status objects.
 */
import type { KindCluster } from '../../k8s/cluster';
import type { SpeakerProcess } from './main';

const running = new WeakMap<KindCluster, Set<SpeakerProcess>>();

export function registerSpeaker(cluster: KindCluster, s: SpeakerProcess): void {
  let set = running.get(cluster);
  if (!set) running.set(cluster, (set = new Set()));
  set.add(s);
}

export function unregisterSpeaker(cluster: KindCluster, s: SpeakerProcess): void {
  running.get(cluster)?.delete(s);
}

/** The speaker processes running in the cluster, by node name. */
export function runningSpeakers(cluster: KindCluster): SpeakerProcess[] {
  return [...(running.get(cluster) ?? [])].filter((s) => s.running()).sort((a, b) => (a.nodeName < b.nodeName ? -1 : a.nodeName > b.nodeName ? 1 : 0));
}

export interface SpeakerAnnouncements {
  node: string;
  pod: string;
  /** Services this speaker announces in layer 2, with their IPs. */
  layer2: { service: string; ips: string[] }[];
  /** Interfaces with an ARP responder. */
  arpInterfaces: string[];
  /** IPs whose gratuitous burst is running, with the deadline (virtual ms). */
  bursting: { ip: string; until: number }[];
}

/** What every running speaker announces right now. */
export function speakerAnnouncements(cluster: KindCluster): SpeakerAnnouncements[] {
  return runningSpeakers(cluster).map((s) => ({
    node: s.nodeName,
    pod: s.podName,
    layer2: s.announcer?.announced() ?? [],
    arpInterfaces: s.announcer?.GetInterfaces().filter((i) => i !== '') ?? [],
    bursting: s.announcer?.bursting() ?? []
  }));
}

/** The nodes whose speaker announces the service ("namespace/name") in layer 2 right now. */
export function currentOwners(cluster: KindCluster, serviceKey: string): string[] {
  return speakerAnnouncements(cluster)
    .filter((a) => a.layer2.some((x) => x.service === serviceKey))
    .map((a) => a.node);
}

/** The node announcing the service, or null. In a converged cluster there is at most one. */
export function currentOwner(cluster: KindCluster, serviceKey: string): string | null {
  return currentOwners(cluster, serviceKey)[0] ?? null;
}

/** The nodes whose speaker answers ARP for an IP right now. */
export function announcersOf(cluster: KindCluster, ip: string): string[] {
  return speakerAnnouncements(cluster)
    .filter((a) => a.layer2.some((x) => x.ips.includes(ip)))
    .map((a) => a.node);
}
