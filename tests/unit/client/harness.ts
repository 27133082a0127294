/**
 * The BGP lab with MetalLB peering with the router (as tests/fixtures/bgp.sh sets it up), the
 * article's webpod1/webpod2 pinned to myk8s-worker and myk8s-worker2, svc1–3 (Cluster), and
 * readers of the raw frames that do not go through the observe modules under test.
 */
import type { Lab } from '../../../src/lib/engine/lab';
import { METALLB_APPLY, METALLB_WAIT, PODS_APPLY, SERVICES_APPLY } from '../../../src/lib/shell/article';
import { BGP_APPLY } from '../../../src/lessons/11-bgp-mode/commands';
import { buildLab } from '../../../src/lib/shell/scenarios';
import { LabShell } from '../../../src/lib/shell/shell';

export const VIP = '172.18.255.200';
export const CLIENT_IP = '192.168.10.100';
export const WORKERS = ['myk8s-worker', 'myk8s-worker2', 'myk8s-worker3'];

/** Lesson 11's pool, BGPPeer and BGPAdvertisement, with the router's address the learner reads into $ROUTERIP. */
const BGP_CONFIG = BGP_APPLY.replace('$ROUTERIP', '172.18.0.6');

export interface BgpLab {
  lab: Lab;
  shell: LabShell;
  sh(cmd: string): Promise<{ out: string; err: string; code: number }>;
}

export async function bgpLabWithService(seed: number): Promise<BgpLab> {
  const lab = await buildLab({ scenario: 'bgp', seed });
  const shell = new LabShell(lab);
  const sh = async (cmd: string) => {
    const r = await shell.run(cmd);
    return { out: r.stdout, err: r.stderr, code: r.exitCode };
  };
  for (const cmd of [METALLB_APPLY, METALLB_WAIT, BGP_CONFIG, PODS_APPLY, SERVICES_APPLY, 'kubectl wait --for=condition=Ready pod/webpod1 pod/webpod2 --timeout=120s', 'sleep 10']) {
    const r = await sh(cmd);
    if (r.code !== 0) throw new Error(`${cmd.split('\n')[0]}: ${r.err}`);
  }
  return { lab, shell, sh };
}

/** Container name → its MAC on a network, straight from the Docker engine. */
export function macsOn(lab: Lab, network: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of lab.docker.containers()) {
    const e = lab.docker.endpoint(c, network);
    if (e) out.set(e.mac.toLowerCase(), c.name);
  }
  return out;
}

export function ipOf(lab: Lab, name: string, network = 'kind'): string {
  const c = lab.docker.find(name);
  const e = c ? lab.docker.endpoint(c, network) : undefined;
  if (!e) throw new Error(`${name} has no address on ${network}`);
  return e.ipv4;
}

const ip4 = (b: Uint8Array, o: number) => `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;
const mac = (b: Uint8Array, o: number) => [...b.subarray(o, o + 6)].map((x) => x.toString(16).padStart(2, '0')).join(':');

/** A TCP segment in an Ethernet frame, decoded by hand (offsets from RFC 791/793). */
export interface TcpFrame {
  t: number;
  seq: number;
  segment: string;
  srcMac: string;
  dstMac: string;
  src: string;
  dst: string;
  sport: number;
  dport: number;
  syn: boolean;
  ack: boolean;
  payload: Uint8Array;
}

export function tcpFrames(lab: Lab, sinceSeq = -1): TcpFrame[] {
  const out: TcpFrame[] = [];
  for (const e of lab.sim.trace.all()) {
    if (e.seq <= sinceSeq || e.type !== 'frame') continue;
    const b = e.bytes;
    if (b.length < 54 || b[12] !== 0x08 || b[13] !== 0x00 || b[23] !== 6) continue;
    const ihl = (b[14] & 0x0f) * 4;
    const l4 = 14 + ihl;
    const total = (b[16] << 8) | b[17];
    const dataOff = (b[l4 + 12] >> 4) * 4;
    const flags = b[l4 + 13];
    out.push({
      t: e.t,
      seq: e.seq,
      segment: e.segment,
      srcMac: mac(b, 6),
      dstMac: mac(b, 0),
      src: ip4(b, 26),
      dst: ip4(b, 30),
      sport: (b[l4] << 8) | b[l4 + 1],
      dport: (b[l4 + 2] << 8) | b[l4 + 3],
      syn: (flags & 0x02) !== 0,
      ack: (flags & 0x10) !== 0,
      payload: b.subarray(l4 + dataOff, 14 + total)
    });
  }
  return out;
}

/** The last trace seq so far (to read only what a command adds). */
export function lastSeq(lab: Lab): number {
  const all = lab.sim.trace.all();
  return all.length ? all[all.length - 1].seq : -1;
}

/**
 * Where the client's connections to the VIP entered the cluster: the node whose MAC the router
 * put on each SYN it forwarded onto the kind bridge.
 */
export function ingressNodes(lab: Lab, sinceSeq: number): string[] {
  const macs = macsOn(lab, 'kind');
  return tcpFrames(lab, sinceSeq)
    .filter((f) => f.segment === 'kind' && f.syn && !f.ack && f.src === CLIENT_IP && f.dst === VIP)
    .map((f) => macs.get(f.dstMac) ?? f.dstMac);
}

export function countBy(xs: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}
