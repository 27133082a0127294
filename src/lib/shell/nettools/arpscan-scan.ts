/**
 * arp-scan's main loop (arp-scan.c `main`, 1.10.0) run against the lab's bridge.
 *
 * The loop is arp-scan's own: the cursor walks the host list, a host is sent a request when the
 * last packet left at least `interval` ago and its own timeout has run out, the timeout grows by
 * the backoff factor after each try, a host that answers leaves the list, one that used up its
 * tries is removed (the first removal sweeps every host already timed out), and the scan ends
 * when the list is empty. Times are kept in microseconds from the start, so the closing line
 * reports what the real tool would: a /16 at the default 256 kbit/s costs 2 ms per request and
 * about 2 × 65536 requests, ≈ 262 s, and that much virtual time passes.
 *
 * Frame sampling: putting 131 072 request frames on the bridge would flood the trace, the packet
 * list and any capture for no lesson. Only hosts that could possibly answer get a real frame on
 * the wire: every address configured on a namespace attached to the segment (kernel ARP answers
 * for any local address) and every LoadBalancer IP a speaker may announce, plus the first
 * WIRE_SAMPLE addresses of the list so a capture elsewhere shows the sweep begin. The other
 * requests are accounted for (timing, counters) but never built. A host that is neither can only
 * answer if it appears in the middle of a scan; that case is the one thing this model misses.
 */
import type { Lab } from '../../engine/lab';
import { type Mac, formatIpv4 } from '../../engine/net/addr';
import { arpFrame, decodeArp } from '../../engine/net/arp';
import type { Bridge, FrameObservation } from '../../engine/net/bridge';
import { ETHERTYPE_ARP, decodeEthernet } from '../../engine/net/ethernet';
import type { NetHost } from '../../engine/net/host';
import type { ShellContext } from '../types';
import { aborted, breathe } from './common';

/** Requests to the first addresses of the list always go on the wire (see the file comment). */
export const WIRE_SAMPLE = 16;

export interface ScanPacket {
  op: number;
  srcMac: Mac; // Ethernet source
  dstMac: Mac; // Ethernet destination
  sha: Mac;
  spa: number | 'dest';
  tha: Mac;
  padding: Uint8Array | null;
}

export interface ScanParams {
  hosts: Uint32Array;
  /** Hosts that get real frames (index → true). */
  wire: Uint8Array;
  intervalUs: number;
  retry: number;
  timeoutMs: number;
  backoff: number;
  limit: number;
  /** Before the loop: opening pcap, reading the vendor files. */
  startupUs: number;
  packet: ScanPacket;
  /** Accept only frames sent to this MAC (the pcap filter `ether dst <arp_sha>`). */
  filterMac: Mac;
  verbose: number;
}

export interface ScanReply {
  /** Index in the host list. */
  index: number;
  ip: number;
  sha: Mac;
  ethSrc: Mac;
  /** Bytes after the 28-byte ARP packet. */
  extra: Uint8Array;
  /** Replies from this host so far, this one included. */
  numRecv: number;
  /** Round trip in µs from the host's last request. */
  rttUs: number;
}

export interface ScanOutcome {
  elapsedUs: number;
  responders: number;
  /** Frames the pcap filter let through. */
  received: number;
  interrupted: boolean;
}

interface Pending {
  atMs: number;
  bytes: Uint8Array;
}

/**
 * Run the scan. `onReply` is called in arrival order as replies come in (the caller prints
 * them), `onWarn` for verbose progress messages.
 */
export async function runScan(
  ctx: ShellContext,
  lab: Lab,
  host: NetHost,
  ifname: string,
  link: { bridge: Bridge; port: string } | null,
  p: ScanParams,
  onReply: (r: ScanReply) => void,
  onWarn: (s: string) => void
): Promise<ScanOutcome> {
  const N = p.hosts.length;
  const base = lab.now();
  const live = new Uint8Array(N).fill(1);
  const numSent = new Uint32Array(N);
  const numRecv = new Uint32Array(N);
  const lastSend = new Float64Array(N).fill(-1e15);
  const timeout = new Float64Array(N).fill(p.timeoutMs * 1000);
  const index = new Map<number, number>();
  for (let i = 0; i < N; i++) if (p.wire[i] && !index.has(p.hosts[i])) index.set(p.hosts[i], i);

  let liveCount = N;
  let cursor = 0;
  let responders = 0;
  let received = 0;
  let endUs: number | null = null;

  const pending: Pending[] = [];
  const stop = link?.bridge.observe((f: FrameObservation) => {
    if (!f.to.includes(link.port)) return;
    const eth = decodeEthernet(f.bytes);
    if (!eth || eth.ethertype !== ETHERTYPE_ARP || eth.dst !== p.filterMac) return;
    pending.push({ atMs: f.deliveredAt, bytes: f.bytes });
  });

  const usToMs = (us: number) => base + us / 1000;

  const advanceCursor = () => {
    if (!liveCount) return;
    do cursor = cursor === N - 1 ? 0 : cursor + 1;
    while (!live[cursor]);
  };
  const removeHost = (i: number) => {
    if (!live[i]) return;
    live[i] = 0;
    liveCount--;
    if (i === cursor) advanceCursor();
  };

  /** Bring the lab's clock to `us` after the start (never backwards). */
  const simTo = async (us: number) => {
    const target = usToMs(us);
    if (target > lab.now()) await ctx.advance(target - lab.now());
  };

  /** The pcap callback for every frame that arrived up to `us`. */
  const drain = (us: number) => {
    if (!pending.length) return;
    pending.sort((a, b) => a.atMs - b.atMs);
    while (pending.length && pending[0].atMs <= usToMs(us) + 1e-9) {
      const f = pending.shift() as Pending;
      received++;
      const eth = decodeEthernet(f.bytes);
      const arp = eth ? decodeArp(eth.payload) : null;
      if (!eth || !arp) continue;
      const atUs = (f.atMs - base) * 1000;
      const i = index.get(arp.spa);
      if (i === undefined) {
        if (p.verbose) onWarn(`---\tIgnoring ${f.bytes.length} bytes from unknown host ${formatIpv4(arp.spa)}`);
        continue;
      }
      numRecv[i]++;
      if (numRecv[i] === 1) responders++;
      onReply({ index: i, ip: arp.spa, sha: arp.sha, ethSrc: eth.src, extra: eth.payload.slice(28), numRecv: numRecv[i], rttUs: Math.max(0, Math.round(atUs - lastSend[i])) });
      if (live[i]) removeHost(i);
      if ((liveCount === 0 || (p.limit && responders >= p.limit)) && endUs === null) endUs = atUs;
    }
  };

  const send = (i: number, us: number) => {
    lastSend[i] = us;
    numSent[i]++;
    if (!p.wire[i]) return;
    const tpa = p.hosts[i];
    const spa = p.packet.spa === 'dest' ? tpa : p.packet.spa;
    let frame = arpFrame(p.packet.dstMac, p.packet.srcMac, { op: p.packet.op, sha: p.packet.sha, spa, tha: p.packet.tha, tpa }, false);
    if (p.packet.padding?.length) {
      const padded = new Uint8Array(frame.length + p.packet.padding.length);
      padded.set(frame);
      padded.set(p.packet.padding, frame.length);
      frame = padded;
    }
    host.sendFrame(ifname, frame, `arp-scan: who-has ${formatIpv4(tpa)} (try ${numSent[i]})`);
  };

  let now = p.startupUs;
  let lastPacket = -1e15;
  let firstTimeout = true;
  let passNo = 0;
  let iterations = 0;
  let interrupted = false;
  const I = p.intervalUs;

  try {
    while (liveCount > 0 && !(p.limit && responders >= p.limit)) {
      if (++iterations % 4096 === 0) {
        await breathe(ctx);
        if (aborted(ctx)) {
          interrupted = true;
          break;
        }
      }
      const h = cursor;
      let t = Math.max(now, lastPacket + I);
      const ready = lastSend[h] + timeout[h];
      if (ready > t) t = ready;
      // a host that can answer: let the lab run up to this instant and take in what arrived
      if (p.wire[h] || pending.length) {
        await simTo(t);
        drain(t);
      }
      now = t;
      if (endUs !== null) break;
      if (!live[h]) continue;
      if (p.verbose && numSent[h] > passNo) {
        onWarn(`---\tPass ${passNo + 1} complete`);
        passNo = numSent[h];
      }
      if (numSent[h] >= p.retry) {
        removeHost(h);
        if (firstTimeout) {
          while (liveCount && now - lastSend[cursor] >= timeout[cursor]) removeHost(cursor);
          firstTimeout = false;
        }
        lastPacket = now;
      } else {
        if (numSent[h]) timeout[h] *= p.backoff;
        if (p.wire[h]) await simTo(now);
        send(h, now);
        lastPacket = now;
        advanceCursor();
      }
    }
    if (!interrupted) {
      const end = endUs ?? now;
      await simTo(end);
      drain(end);
      endUs = end;
    }
  } finally {
    stop?.();
  }
  return { elapsedUs: endUs ?? now, responders, received, interrupted };
}
