/**
 * viewWorld: the topology picture's data, read off the Lab in one pass. Called every 100 ms by
 * the UI, so it lists each store once (containers, pods, services, speakers) and indexes them,
 * rather than querying per machine.
 */
import type { ContainerInfo } from '../docker/types';
import { KIND_NETWORK, type KindCluster } from '../k8s/cluster';
import type { Node, Pod, Service } from '../k8s/types';
import type { Lab } from '../lab';
import { speakerAnnouncements, runningSpeakers } from '../metallb/speaker/registry';
import { plainState, viewBgpWorld } from './bgp-world';
import type { MachineRole, MachineState, MemberState, ViewMachine, ViewPod, ViewSpeaker, ViewVip, WorldView } from './types';

export const EXCLUDE_LB_LABEL = 'node.kubernetes.io/exclude-from-external-load-balancers';

/** kubectl's STATUS column, simplified (printers.go printPod without init-container detail). */
export function podStatusText(pod: Pod): string {
  if (pod.metadata.deletionTimestamp) return 'Terminating';
  let reason: string = pod.status?.reason || pod.status?.phase || 'Pending';
  for (const s of pod.status?.containerStatuses ?? []) {
    const w = s.state?.waiting?.reason;
    const term = s.state?.terminated;
    if (w) reason = w;
    else if (term) reason = term.reason || `ExitCode:${term.exitCode}`;
  }
  return reason;
}

function podReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

function viewPod(p: Pod): ViewPod {
  const v: ViewPod = {
    namespace: p.metadata.namespace ?? '',
    name: p.metadata.name,
    ip: p.status?.podIP ?? '',
    phase: podStatusText(p),
    ready: podReady(p),
    hostNetwork: p.spec?.hostNetwork === true
  };
  const app = p.metadata.labels?.app;
  if (app !== undefined) v.app = app;
  return v;
}

function nodeReady(n: Node | undefined): boolean | null {
  if (!n) return null;
  const c = (n.status?.conditions ?? []).find((x) => x.type === 'Ready');
  return c ? c.status === 'True' : false;
}

function containerState(c: ContainerInfo, node: Node | undefined, isNode: boolean): MachineState {
  // The container wins: a stopped node is 'stopped' even while its Node object still says Ready.
  if (c.state === 'paused') return 'paused';
  if (c.state !== 'running') return 'stopped';
  if (!isNode) return 'running';
  const ready = nodeReady(node);
  return ready === null ? 'running' : ready ? 'Ready' : 'NotReady';
}

function isSpeakerPod(p: Pod): boolean {
  const l = p.metadata.labels ?? {};
  return l.component === 'speaker' && (l.app === 'metallb' || p.metadata.name.startsWith('speaker-'));
}

function mapMemberState(s: string): MemberState {
  return s === 'alive' || s === 'suspect' || s === 'dead' || s === 'left' ? s : 'dead';
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

interface ClusterIndex {
  roles: Map<string, 'control-plane' | 'worker'>;
  /** Node name → its position in the cluster's node list (for ordering). */
  order: Map<string, number>;
  nodes: Map<string, Node>;
  pods: Map<string, Pod[]>;
  speakers: Map<string, ViewSpeaker>;
  owns: Map<string, string[]>;
}

function indexCluster(cluster: KindCluster, into: ClusterIndex, vips: Map<string, ViewVip>, base: number, runningMachine: (n: string) => boolean): void {
  cluster.nodes.forEach((n, i) => {
    into.roles.set(n.name, n.role);
    into.order.set(n.name, base + i);
  });
  for (const n of cluster.api.list<Node>('nodes')) into.nodes.set(n.metadata.name, n);
  const speakerPods = new Map<string, Pod>();
  for (const p of cluster.api.list<Pod>('pods')) {
    const node = p.spec?.nodeName;
    if (!node) continue;
    let list = into.pods.get(node);
    if (!list) into.pods.set(node, (list = []));
    list.push(p);
    if (isSpeakerPod(p)) speakerPods.set(node, p);
  }
  const procs = new Map(runningSpeakers(cluster).map((s) => [s.nodeName, s]));
  for (const [node, pod] of speakerPods) {
    const proc = procs.get(node);
    const members = proc
      ? proc
          .memberStates()
          .map((m) => ({ name: m.name, state: mapMemberState(m.state) }))
          .sort(byName)
      : [];
    into.speakers.set(node, { pod: pod.metadata.name, running: proc !== undefined, members });
  }
  for (const s of cluster.api.list<Service>('services')) {
    for (const ing of s.status?.loadBalancer?.ingress ?? []) {
      if (!ing.ip) continue;
      const v = vipOf(vips, ing.ip);
      v.services.push(`${s.metadata.namespace ?? 'default'}/${s.metadata.name}`);
    }
  }
  for (const a of speakerAnnouncements(cluster)) {
    // a frozen or stopped node answers nothing, whatever its speaker last decided
    if (!runningMachine(a.node)) continue;
    const ips = [...new Set(a.layer2.flatMap((x) => x.ips))];
    into.owns.set(a.node, ips.sort());
    for (const ip of ips) vipOf(vips, ip).announcers.push(a.node);
    for (const b of a.bursting) vipOf(vips, b.ip).bursting = true;
  }
}

function vipOf(vips: Map<string, ViewVip>, ip: string): ViewVip {
  let v = vips.get(ip);
  if (!v) vips.set(ip, (v = { ip, services: [], owner: null, announcers: [], bursting: false }));
  return v;
}

function roleOf(c: ContainerInfo, idx: ClusterIndex): MachineRole {
  const r = idx.roles.get(c.name);
  if (r) return r;
  if (c.name === 'router' || c.spec.role === 'router') return 'router';
  return 'client';
}

function ipv4Sort(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 4; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/** The whole topology as plain data, at the current virtual time. */
export function viewWorld(lab: Lab): WorldView {
  const net = lab.docker.network(KIND_NETWORK);
  const containers = lab.docker.containers().filter((c) => !net || c.endpoints.some((e) => e.network === net.name));
  const running = new Set(containers.filter((c) => c.state === 'running').map((c) => c.name));
  const idx: ClusterIndex = { roles: new Map(), order: new Map(), nodes: new Map(), pods: new Map(), speakers: new Map(), owns: new Map() };
  const vips = new Map<string, ViewVip>();
  let base = 0;
  for (const name of lab.kind.names()) {
    const cluster = lab.kind.get(name);
    if (!cluster) continue;
    indexCluster(cluster, idx, vips, base, (n) => running.has(n));
    base += cluster.nodes.length;
  }

  const machines: ViewMachine[] = containers.map((c) => {
    const ep = net ? c.endpoints.find((e) => e.network === net.name) : c.endpoints[0];
    const role = roleOf(c, idx);
    const isNode = role === 'control-plane' || role === 'worker';
    const node = idx.nodes.get(c.name);
    const m: ViewMachine = {
      name: c.name,
      role,
      state: containerState(c, node, isNode),
      ip: ep?.ipv4 ?? '',
      mac: ep?.mac.toLowerCase() ?? '',
      pods: isNode ? (idx.pods.get(c.name) ?? []).map(viewPod) : [],
      owns: idx.owns.get(c.name) ?? [],
      excluded: node?.metadata.labels?.[EXCLUDE_LB_LABEL] !== undefined
    };
    const sp = idx.speakers.get(c.name);
    if (sp) m.speaker = sp;
    return m;
  });
  // control-plane first, then workers in the cluster's order, then the rest as docker lists them
  const rank = (m: ViewMachine) => (m.role === 'control-plane' ? 0 : m.role === 'worker' ? 1 : 2);
  const pos = new Map(containers.map((c, i) => [c.name, i]));
  machines.sort((a, b) => rank(a) - rank(b) || (idx.order.get(a.name) ?? 0) - (idx.order.get(b.name) ?? 0) || (pos.get(a.name) ?? 0) - (pos.get(b.name) ?? 0));

  const vipList = [...vips.values()].sort((a, b) => ipv4Sort(a.ip, b.ip));
  for (const v of vipList) {
    v.services = [...new Set(v.services)].sort();
    v.announcers.sort();
    v.owner = v.announcers[0] ?? null;
  }
  const world: WorldView = {
    now: lab.now(),
    network: net ? { name: net.name, subnet: net.subnet, gateway: net.gateway } : null,
    machines,
    vips: vipList
  };
  const bgp = viewBgpWorld(lab, (c, network) => {
    const ep = c.endpoints.find((e) => e.network === network);
    return { name: c.name, role: roleOf(c, idx), state: plainState(c), ip: ep?.ipv4 ?? '', mac: ep?.mac.toLowerCase() ?? '', pods: [], owns: [], excluded: false };
  });
  if (bgp) world.bgp = bgp;
  return world;
}
