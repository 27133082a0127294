/** A 4-node kind network with one SpeakerList per node, for the speakerlist tests. */
import { Bridge, IPPROTO_TCP, IPPROTO_UDP, NetHost, decodeTcp, decodeUdp, formatIpv4, parseIpv4 } from '../../../../src/lib/engine/net';
import { type Sim, createSim } from '../../../../src/lib/engine/sim';
import { Rng } from '../../../../src/lib/engine/sim/prng';
import { type SpeakerListLogFields, SpeakerList } from '../../../../src/lib/engine/metallb/speakerlist';

export const NODES = [
  { name: 'myk8s-control-plane', ip: '172.18.0.2', mac: '02:42:ac:12:00:02' },
  { name: 'myk8s-worker', ip: '172.18.0.3', mac: '02:42:ac:12:00:03' },
  { name: 'myk8s-worker2', ip: '172.18.0.4', mac: '02:42:ac:12:00:04' },
  { name: 'myk8s-worker3', ip: '172.18.0.5', mac: '02:42:ac:12:00:05' }
] as const;

export interface LogLine extends Record<string, unknown> {
  t: number;
  node: string;
  level: string;
  caller: string;
}

export interface EventLine {
  t: number;
  observer: string;
  type: string;
  name: string;
  addr: string;
}

export interface Lab {
  sim: Sim;
  bridge: Bridge;
  hosts: Map<string, NetHost>;
  lists: Map<string, SpeakerList>;
  logs: LogLine[];
  events: EventLine[];
  syncs: Map<string, number>;
  /** Create (or re-create) the speaker of a node and start it. */
  startSpeaker(name: string, opts?: { joinNow?: boolean }): SpeakerList;
  discover(): string[];
}

export function buildLab(seed: number, opts: { secret?: string; startOffsets?: boolean } = {}): Lab {
  const sim = createSim(seed);
  const bridge = new Bridge('kind', sim);
  const hosts = new Map<string, NetHost>();
  for (const n of NODES) {
    const h = new NetHost(n.name, sim, { ipForward: true, traceNeigh: false });
    const r = h.attachBridge({ bridge, mac: n.mac, ip: parseIpv4(n.ip)!, prefix: 16, gateway: parseIpv4('172.18.0.1')! });
    if (!r.ok) throw new Error(r.error);
    hosts.set(n.name, h);
  }
  const lists = new Map<string, SpeakerList>();
  const logs: LogLine[] = [];
  const events: EventLine[] = [];
  const syncs = new Map<string, number>();
  const discover = () => NODES.filter((n) => hosts.get(n.name)!.up()).map((n) => n.ip);
  const lab: Lab = {
    sim,
    bridge,
    hosts,
    lists,
    logs,
    events,
    syncs,
    discover,
    startSpeaker(name, o = {}) {
      const n = NODES.find((x) => x.name === name)!;
      const created = SpeakerList.create({
        nodeName: n.name,
        bindAddr: n.ip,
        secret: opts.secret ?? 'bXlzZWNyZXQ=',
        host: hosts.get(name)!,
        sim,
        log: (f: SpeakerListLogFields) => {
          logs.push({ t: sim.scheduler.now(), node: name, ...f });
          if (f.msg === 'node event - forcing sync') {
            events.push({ t: sim.scheduler.now(), observer: name, type: String(f['node event']), name: String(f['node name']), addr: String(f['node addr']) });
          }
        },
        forceSync: () => syncs.set(name, (syncs.get(name) ?? 0) + 1)
      });
      if (!created.ok) throw new Error(created.error);
      lists.set(name, created.speakerList);
      created.speakerList.start(discover, o);
      return created.speakerList;
    }
  };
  return lab;
}

/** Start every speaker, a little apart as pods start, and let them converge. */
export async function startAll(lab: Lab, seed: number): Promise<void> {
  const r = new Rng(seed ^ 0x5eed);
  for (const n of NODES) {
    lab.startSpeaker(n.name);
    await lab.sim.scheduler.advance(100 + r.int(900));
  }
}

export function membersOf(lab: Lab, name: string): string[] {
  return [...lab.lists.get(name)!.usableSpeakers()].sort();
}

/** Drop memberlist traffic (UDP, and TCP too unless udpOnly) coming from the other group. */
export function partition(lab: Lab, a: readonly string[], b: readonly string[], udpOnly = false): () => void {
  const ipOf = (name: string) => parseIpv4(NODES.find((n) => n.name === name)!.ip)!;
  const undo: (() => void)[] = [];
  for (const [side, other] of [
    [a, b],
    [b, a]
  ] as const) {
    const otherIps = new Set(other.map(ipOf));
    for (const name of side) {
      undo.push(
        lab.hosts.get(name)!.addInputFilter((p) => {
          if (!otherIps.has(p.src)) return 'accept';
          if (p.protocol === IPPROTO_UDP) return decodeUdp(p.payload)?.dstPort === 7946 ? 'drop' : 'accept';
          if (p.protocol === IPPROTO_TCP && !udpOnly) {
            const s = decodeTcp(p.payload);
            return s && (s.dstPort === 7946 || s.srcPort === 7946) ? 'drop' : 'accept';
          }
          return 'accept';
        })
      );
    }
  }
  return () => undo.forEach((u) => u());
}

export function ipName(ip: number): string {
  return NODES.find((n) => n.ip === formatIpv4(ip))?.name ?? formatIpv4(ip);
}
