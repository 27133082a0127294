/** Two hosts on a bridge running BGP speakers, and an independent reader of BGP on the wire. */
import { BgpSpeaker, type SpeakerOptions } from '../../../src/lib/engine/bgp/speaker';
import { CONNECT_RETRY_MS } from '../../../src/lib/engine/bgp/fsm/timers';
import { Bridge, type FrameObservation, NetHost, parseIpv4 } from '../../../src/lib/engine/net';
import { type Sim, createSim } from '../../../src/lib/engine/sim';

export const ip = (s: string): number => parseIpv4(s) ?? 0;

export interface Pair {
  sim: Sim;
  bridge: Bridge;
  frames: FrameObservation[];
  routerHost: NetHost;
  nodeHost: NetHost;
  router: BgpSpeaker;
  node: BgpSpeaker;
}

export const FRR_OPTS = (asn: number, id: string): SpeakerOptions => ({
  asn,
  routerId: ip(id),
  listen: true,
  owner: 'bgpd',
  session: { holdTimeS: 180, keepaliveS: 60, enforceHold: true, retryDelayMs: () => CONNECT_RETRY_MS, style: 'frr', owner: 'bgpd' }
});

export const NATIVE_OPTS = (asn: number, id: string): SpeakerOptions => ({
  asn,
  routerId: ip(id),
  listen: false,
  owner: 'speaker',
  session: { holdTimeS: 90, keepaliveS: 30, enforceHold: false, activeOnly: true, retryDelayMs: (n) => (n === 0 ? 0 : Math.min(120_000, 1000 * 2 ** (n - 1))), style: 'metallb', owner: 'speaker' }
});

/** An FRR-like router (172.18.0.5, AS 64512) and a MetalLB-native-like node (172.18.0.2, AS 64513). */
export function routerAndNode(seed = 3): Pair {
  const sim = createSim(seed);
  const bridge = new Bridge('kind', sim);
  const frames: FrameObservation[] = [];
  bridge.observe((f) => frames.push(f));
  const routerHost = new NetHost('router', sim, { ipForward: true });
  routerHost.attachBridge({ bridge, mac: '02:42:ac:12:00:05', ip: ip('172.18.0.5'), prefix: 16, gateway: ip('172.18.0.1') });
  const nodeHost = new NetHost('myk8s-worker', sim, {});
  nodeHost.attachBridge({ bridge, mac: '02:42:ac:12:00:02', ip: ip('172.18.0.2'), prefix: 16, gateway: ip('172.18.0.1') });
  const router = new BgpSpeaker(routerHost, sim, FRR_OPTS(64512, '172.18.0.5'));
  router.addNeighbor(ip('172.18.0.2'), 64513, {}, false);
  const node = new BgpSpeaker(nodeHost, sim, NATIVE_OPTS(64513, '172.18.0.2'));
  node.addNeighbor(ip('172.18.0.5'), 64512, {}, false);
  return { sim, bridge, frames, routerHost, nodeHost, router, node };
}

export interface WireMessage {
  t: number;
  src: string;
  dst: string;
  type: number;
  bytes: Uint8Array;
}

const dotted = (n: number) => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

/**
 * BGP messages found in TCP payloads on the wire, parsed here from the raw frame bytes
 * (Ethernet 14, IPv4 IHL, TCP data offset), not with the engine's decoders. Retransmitted
 * segments are skipped by sequence number.
 */
export function bgpOnWire(frames: readonly { t: number; bytes: Uint8Array }[]): WireMessage[] {
  const out: WireMessage[] = [];
  const seen = new Set<string>();
  const partial = new Map<string, number[]>();
  for (const f of frames) {
    const b = f.bytes;
    if (b.length < 34 || b[12] !== 0x08 || b[13] !== 0x00 || b[23] !== 6) continue;
    const ihl = (b[14] & 0x0f) * 4;
    const totalLen = (b[16] << 8) | b[17];
    const tcp = 14 + ihl;
    const sport = (b[tcp] << 8) | b[tcp + 1];
    const dport = (b[tcp + 2] << 8) | b[tcp + 3];
    if (sport !== 179 && dport !== 179) continue;
    const seq = ((b[tcp + 4] << 24) | (b[tcp + 5] << 16) | (b[tcp + 6] << 8) | b[tcp + 7]) >>> 0;
    const doff = (b[tcp + 12] >> 4) * 4;
    const payload = b.slice(tcp + doff, 14 + totalLen);
    if (!payload.length) continue;
    const src = dotted(((b[26] << 24) | (b[27] << 16) | (b[28] << 8) | b[29]) >>> 0);
    const dst = dotted(((b[30] << 24) | (b[31] << 16) | (b[32] << 8) | b[33]) >>> 0);
    const flow = `${src}:${sport}>${dport}`;
    if (seen.has(`${flow}#${seq}`)) continue;
    seen.add(`${flow}#${seq}`);
    const buf = [...(partial.get(flow) ?? []), ...payload];
    let off = 0;
    while (buf.length - off >= 19) {
      const len = (buf[off + 16] << 8) | buf[off + 17];
      if (buf.length - off < len) break;
      out.push({ t: f.t, src, dst, type: buf[off + 18], bytes: Uint8Array.from(buf.slice(off, off + len)) });
      off += len;
    }
    partial.set(flow, buf.slice(off));
  }
  return out;
}
