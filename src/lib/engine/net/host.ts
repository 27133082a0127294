/**
 * A network namespace: a container's or a kind node's view of the network. It owns its
 * interfaces (lo, eth0 on a bridge, ptp veths to pods), a routing table and one neighbour
 * cache per bridge interface, and it does what the kernel does with packets: route, resolve
 * next hops with ARP (queueing while INCOMPLETE, failing with EHOSTUNREACH after FAILED),
 * answer ARP for its own addresses, deliver locally, forward, and reply to unclaimed packets.
 * Everything is event-driven over the Scheduler.
 */
import type { Rng } from '../sim/prng';
import type { Scheduler } from '../sim/scheduler';
import type { Trace } from '../sim/trace';
import { type Mac, BROADCAST_MAC, ZERO_MAC, cidrBroadcast, formatIpv4, ipv6LinkLocalFromMac, isLoopbackIpv4, isMulticastMac, makeCidr, parseMac, prefixMask } from './addr';
import { arpInput } from './arp-input';
import { type ArpPacket, ARP_REQUEST, decodeArp, kernelArpReply, kernelArpRequest, metallbArpReply } from './arp';
import type { Bridge, FrameMeta } from './bridge';
import { ETHERTYPE_ARP, ETHERTYPE_IPV4, decodeEthernet, encodeEthernet } from './ethernet';
import { ICMP_DEST_UNREACH, ICMP_HOST_UNREACH } from './icmp';
import type { AddrScope, IfAddr4, IfAddr6, NetInterface } from './iface';
import { type Ipv4Packet, decodeIpv4, encodeIpv4 } from './ipv4';
import { icmpError, kernelReplyFor } from './kernel-replies';
import type {
  ArpResponder,
  ArpResponderOptions,
  BridgeAttachSpec,
  InputFilter,
  Ipv4Handler,
  Ipv4RxContext,
  NetHostOptions,
  NetResult,
  OutgoingIpv4,
  PtpAttachSpec,
  SendOptions,
  SendResult
} from './host-types';
import { LinkSet } from './link-set';
import { type NeighbourParams, NeighbourTable } from './neighbour';
import { RouteTable, flowOf } from './routing';

/** Delay of a ptp veth hop or a loopback delivery, in ms (like the bridge's 50 µs). */
export const LOCAL_HOP_MS = 0.05;

interface Sim {
  scheduler: Scheduler;
  rng: Rng;
  trace: Trace;
}

export class NetHost extends LinkSet {
  readonly name: string;
  readonly routes = new RouteTable();
  ipForward: boolean;
  /** Reply to unclaimed local packets (echo reply, RST, port unreachable). */
  kernelReplies = true;
  private readonly sim: Sim;
  private readonly rng: Rng;
  private readonly neighParams: Partial<NeighbourParams>;
  private readonly traceNeigh: boolean;
  private neigh = new Map<string, NeighbourTable>();
  private bridges = new Map<string, Bridge>();
  private handlers: Ipv4Handler[] = [];
  private filters: InputFilter[] = [];
  private responders: { fn: ArpResponder; opts: ArpResponderOptions }[] = [];
  private isUp = true;
  /** Bumped when the host goes down, so deliveries already scheduled are dropped. */
  private generation = 0;
  private ipId: number;

  constructor(name: string, sim: Sim, opts: NetHostOptions = {}) {
    super(opts.ipv6 ?? false);
    this.name = name;
    this.sim = sim;
    this.rng = sim.rng.fork(`net:${name}`);
    this.ipForward = opts.ipForward ?? false;
    this.neighParams = opts.neigh ?? {};
    this.traceNeigh = opts.traceNeigh ?? true;
    this.ipId = this.rng.int(0x10000);
    this.ifaces.set('lo', {
      name: 'lo',
      index: 1,
      kind: 'loopback',
      mac: ZERO_MAC,
      mtu: 65536,
      addrs: [{ ip: 0x7f000001, prefix: 8, scope: 'host' }],
      addrs6: this.ipv6 ? [{ addr: '::1', prefix: 128, scope: 'host' }] : []
    });
  }

  // ---------------------------------------------------------------- interfaces

  neighbours(ifname: string): NeighbourTable | undefined {
    return this.neigh.get(ifname);
  }

  up(): boolean {
    return this.isUp;
  }

  /** Connect an interface to a bridge (docker network connect / container start). */
  attachBridge(spec: BridgeAttachSpec): NetResult {
    const ifname = spec.ifname ?? 'eth0';
    if (this.ifaces.has(ifname)) return { ok: false, error: `interface ${ifname} already exists` };
    if (parseMac(spec.mac) !== spec.mac) return { ok: false, error: `invalid MAC address ${JSON.stringify(spec.mac)}` };
    const port = spec.portName ?? `${this.name}/${ifname}`;
    const ok = spec.bridge.attach({ name: port, mac: spec.mac, receive: (f, meta) => this.receiveFrame(ifname, f, meta) });
    if (!ok) return { ok: false, error: `port ${port} already on bridge ${spec.bridge.name}` };
    spec.bridge.setLinkUp(port, this.isUp);
    const carrier = spec.carrier ?? true;
    const iface: NetInterface = {
      name: ifname,
      index: spec.index ?? this.nextIndex++,
      kind: 'bridge',
      linkType: spec.linkType ?? 'veth',
      mac: spec.mac,
      mtu: spec.mtu ?? 1500,
      addrs: [],
      addrs6: this.ipv6 && carrier ? [{ addr: ipv6LinkLocalFromMac(spec.mac), prefix: 64, scope: 'link' }] : [],
      port,
      linkNetns: 0
    };
    if (!carrier) iface.carrier = false;
    if (spec.peerIndex !== undefined) iface.peerIndex = spec.peerIndex;
    this.ifaces.set(ifname, iface);
    this.bridges.set(ifname, spec.bridge);
    this.neigh.set(ifname, this.makeNeighbourTable(ifname));
    const net = makeCidr(spec.ip, spec.prefix);
    this.addAddress(ifname, { ip: spec.ip, prefix: spec.prefix, scope: 'global', brd: spec.prefix < 31 ? cidrBroadcast(net) : undefined });
    if (spec.gateway !== undefined) this.routes.add({ dst: { network: 0, prefix: 0 }, via: spec.gateway, dev: ifname });
    return { ok: true };
  }

  /** Add a point-to-point veth towards a pod. */
  attachPtp(spec: PtpAttachSpec): NetResult {
    if (this.ifaces.has(spec.ifname)) return { ok: false, error: `interface ${spec.ifname} already exists` };
    if (parseMac(spec.mac) !== spec.mac) return { ok: false, error: `invalid MAC address ${JSON.stringify(spec.mac)}` };
    const iface: NetInterface = {
      name: spec.ifname,
      index: spec.index ?? this.nextIndex++,
      kind: 'ptp',
      linkType: 'veth',
      mac: spec.mac,
      mtu: 1500,
      addrs: [],
      addrs6: this.ipv6 ? [{ addr: ipv6LinkLocalFromMac(spec.mac), prefix: 64, scope: 'link' }] : [],
      deliver: spec.deliver
    };
    if (spec.peerIndex !== undefined) iface.peerIndex = spec.peerIndex;
    if (spec.linkNetns !== undefined) iface.linkNetns = spec.linkNetns;
    this.ifaces.set(spec.ifname, iface);
    return { ok: true };
  }

  /**
   * `ip link set DEV down|up`. Down is NETDEV_DOWN: the port stops passing frames, neighbours are
   * flushed, IPv6 addresses are dropped (addrconf_ifdown), and fib_disable_ip() kills the next
   * hops through the device: single-path routes go, a multipath route keeps its other paths.
   * Up is NETDEV_UP: fib_add_ifaddr() puts back the subnet routes of the IPv4 addresses (which
   * stayed), fib_sync_up() revives the dead next hops, addrconf makes the link-local again.
   * Routes that were flushed (a default route, say) do not come back.
   */
  setLinkAdmin(ifname: string, up: boolean): NetResult {
    const iface = this.ifaces.get(ifname);
    if (!iface) return { ok: false, error: `Cannot find device "${ifname}"` };
    if ((iface.adminUp ?? true) === up || iface.kind === 'loopback') return { ok: true };
    const br = this.bridges.get(ifname);
    if (up) {
      delete iface.adminUp;
      if (br && iface.port) br.setLinkUp(iface.port, this.isUp);
      for (const a of iface.addrs) if (a.prefix < 32) this.routes.add({ dst: makeCidr(a.ip, a.prefix), dev: ifname, proto: 'kernel', scope: 'link', src: a.ip });
      this.routes.reviveDev(ifname);
      if (this.ipv6 && iface.carrier !== false) iface.addrs6 = [{ addr: ipv6LinkLocalFromMac(iface.mac), prefix: 64, scope: 'link' }];
    } else {
      iface.adminUp = false;
      if (br && iface.port) br.setLinkUp(iface.port, false);
      this.neigh.get(ifname)?.stop();
      iface.addrs6 = [];
      this.routes.disableDev(ifname, false);
    }
    return { ok: true };
  }

  /** Remove an interface with its addresses, routes and neighbours (docker network disconnect). */
  detach(ifname: string): NetResult {
    const iface = this.ifaces.get(ifname);
    if (!iface || iface.kind === 'loopback') return { ok: false, error: `Cannot find device "${ifname}"` };
    const br = this.bridges.get(ifname);
    if (br && iface.port) br.detach(iface.port);
    this.neigh.get(ifname)?.stop();
    this.neigh.delete(ifname);
    this.bridges.delete(ifname);
    this.routes.deleteDev(ifname);
    this.ifaces.delete(ifname);
    return { ok: true };
  }

  /**
   * `ip addr add`: the address becomes local, and a subnet shorter than /32 gets its
   * `proto kernel scope link` route, as the kernel adds it.
   */
  addAddress(ifname: string, a: { ip: number; prefix: number; scope?: AddrScope; brd?: number }): NetResult {
    const iface = this.ifaces.get(ifname);
    if (!iface) return { ok: false, error: `Cannot find device "${ifname}"` };
    if (iface.addrs.some((x) => x.ip === a.ip >>> 0 && x.prefix === a.prefix)) return { ok: false, error: 'RTNETLINK answers: File exists' };
    const addr: IfAddr4 = { ip: a.ip >>> 0, prefix: a.prefix, scope: a.scope ?? 'global' };
    if (a.brd !== undefined) addr.brd = a.brd >>> 0;
    iface.addrs.push(addr);
    if (a.prefix < 32 && iface.kind !== 'loopback') {
      this.routes.add({ dst: makeCidr(a.ip, a.prefix), dev: ifname, proto: 'kernel', scope: 'link', src: a.ip >>> 0 });
    }
    return { ok: true };
  }

  removeAddress(ifname: string, ip: number, prefix: number): NetResult {
    const iface = this.ifaces.get(ifname);
    if (!iface) return { ok: false, error: `Cannot find device "${ifname}"` };
    const i = iface.addrs.findIndex((x) => x.ip === ip >>> 0 && x.prefix === prefix);
    if (i < 0) return { ok: false, error: 'RTNETLINK answers: Cannot assign requested address' };
    iface.addrs.splice(i, 1);
    if (prefix < 32) this.routes.delete(makeCidr(ip, prefix), ifname);
    // fib_sync_down_addr(): routes preferring the address as source go, unless it is still local
    const u = ip >>> 0;
    if (!this.isLocal(u)) this.routes.remove(this.routes.list().filter((r) => r.src === u));
    // the last IPv4 address gone: fib_disable_ip(), as for a device going down
    if (!iface.addrs.length) this.routes.disableDev(ifname);
    return { ok: true };
  }

  /** Docker's global IPv6 address and the like, for `ip addr` only. */
  addAddress6(ifname: string, a: IfAddr6): NetResult {
    const iface = this.ifaces.get(ifname);
    if (!iface) return { ok: false, error: `Cannot find device "${ifname}"` };
    // global addresses are listed before the link-local one
    const ll = iface.addrs6.findIndex((x) => x.scope === 'link');
    if (a.scope !== 'link' && ll >= 0) iface.addrs6.splice(ll, 0, a);
    else iface.addrs6.push(a);
    return { ok: true };
  }

  /** Own address (any interface, loopback range included): the local routing table. */
  isLocal(ip: number): boolean {
    const u = ip >>> 0;
    if (isLoopbackIpv4(u)) return true;
    for (const i of this.ifaces.values()) if (i.addrs.some((a) => a.ip === u)) return true;
    return false;
  }

  /** First address of the interface (what `hostname -i` would say for eth0). */
  primaryAddress(ifname = 'eth0'): number | null {
    return this.ifaces.get(ifname)?.addrs[0]?.ip ?? null;
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * A stopped (or paused, or cut-off) container: links down, neighbour caches and their timers
   * gone, in-flight deliveries dropped. Bringing it up again starts from empty caches.
   */
  setUp(up: boolean): void {
    if (up === this.isUp) return;
    this.isUp = up;
    if (!up) {
      this.generation++;
      for (const t of this.neigh.values()) t.stop();
    }
    for (const [ifname, br] of this.bridges) {
      const port = this.ifaces.get(ifname)?.port;
      if (port) br.setLinkUp(port, up);
    }
  }

  // ---------------------------------------------------------------- hooks

  onIpv4(h: Ipv4Handler): () => void {
    this.handlers.push(h);
    return () => {
      this.handlers = this.handlers.filter((x) => x !== h);
    };
  }

  addInputFilter(f: InputFilter): () => void {
    this.filters.push(f);
    return () => {
      this.filters = this.filters.filter((x) => x !== f);
    };
  }

  addArpResponder(fn: ArpResponder, opts: ArpResponderOptions = {}): () => void {
    const entry = { fn, opts };
    this.responders.push(entry);
    return () => {
      this.responders = this.responders.filter((x) => x !== entry);
    };
  }

  // ---------------------------------------------------------------- sending

  /** Next IP identification value (a per-host counter from a random start). */
  nextIpId(): number {
    const id = this.ipId;
    this.ipId = (this.ipId + 1) & 0xffff;
    return id;
  }

  /**
   * Route and send an IPv4 packet. Synchronous errors come back as values; a next hop that
   * never answers ARP is reported later through opts.onError.
   */
  sendIpv4(input: OutgoingIpv4 | Uint8Array, opts: SendOptions = {}): SendResult {
    if (!this.isUp) return { ok: false, error: 'ENETDOWN' };
    const p = this.normalize(input);
    if (!p) return { ok: false, error: 'EINVAL' };
    if (this.isLocal(p.dst)) {
      if (p.src === 0) p.src = isLoopbackIpv4(p.dst) ? 0x7f000001 : p.dst;
      this.loopback(p);
      return { ok: true, src: p.src };
    }
    const m = this.routes.lookup(p.dst, flowOf(p));
    const iface = m ? this.ifaces.get(m.route.dev) : undefined;
    if (!m || !iface) return { ok: false, error: 'ENETUNREACH' };
    if (p.src === 0) p.src = m.route.src ?? this.sourceFor(iface, m.nextHop) ?? 0;
    this.transmit(iface, m.nextHop, p, opts, false);
    return { ok: true, src: p.src };
  }

  /** Put a raw frame on a bridge interface (MetalLB's gratuitous ARP). */
  sendFrame(ifname: string, frame: Uint8Array, why?: string): boolean {
    const iface = this.ifaces.get(ifname);
    const br = this.bridges.get(ifname);
    if (!this.isUp || !iface?.port || !br) return false;
    return br.send(frame, iface.port, why);
  }

  /** Upper-layer confirmation that a neighbour is reachable (TCP made progress). */
  confirmNeighbour(ip: number): void {
    const m = this.routes.lookup(ip);
    if (m) this.neigh.get(m.route.dev)?.confirm(m.nextHop);
  }

  /** A packet arriving from a pod over a ptp veth. */
  receiveFromPtp(ifname: string, p: Ipv4Packet): void {
    if (!this.isUp || this.ifaces.get(ifname)?.kind !== 'ptp') return;
    this.receiveIpv4(p, { host: this, iface: ifname, local: this.isLocal(p.dst) });
  }

  // ---------------------------------------------------------------- internals

  private normalize(input: OutgoingIpv4 | Uint8Array): Ipv4Packet | null {
    if (input instanceof Uint8Array) return decodeIpv4(input);
    return {
      tos: input.tos ?? 0,
      id: input.id ?? this.nextIpId(),
      df: input.df ?? true,
      ttl: input.ttl ?? 64,
      protocol: input.protocol,
      src: (input.src ?? 0) >>> 0,
      dst: input.dst >>> 0,
      payload: input.payload
    };
  }

  /** inet_select_addr: an address of the interface on the next hop's subnet, else its first. */
  private sourceFor(iface: NetInterface, nextHop: number): number | null {
    const onLink = iface.addrs.find((a) => ((a.ip ^ nextHop) & prefixMask(a.prefix)) === 0 && a.scope !== 'host');
    const any = iface.addrs.find((a) => a.scope !== 'host') ?? [...this.ifaces.values()].flatMap((i) => i.addrs).find((a) => a.scope === 'global');
    return (onLink ?? any)?.ip ?? null;
  }

  private loopback(p: Ipv4Packet): void {
    const gen = this.generation;
    this.sim.scheduler.at(hop(this.sim.scheduler.now()), `${this.name} lo`, () => {
      if (gen !== this.generation || !this.isUp) return;
      this.receiveIpv4(p, { host: this, iface: 'lo', local: true });
    });
  }

  private transmit(iface: NetInterface, nextHop: number, p: Ipv4Packet, opts: SendOptions, forwarded: boolean): void {
    if (iface.kind === 'ptp') {
      const gen = this.generation;
      const deliver = iface.deliver;
      this.sim.scheduler.at(hop(this.sim.scheduler.now()), `${this.name} ${iface.name}`, () => {
        if (gen === this.generation && this.isUp && deliver) deliver(p);
      });
      return;
    }
    const table = this.neigh.get(iface.name);
    const br = this.bridges.get(iface.name);
    if (!table || !br || !iface.port) return;
    const port = iface.port;
    const bytes = encodeIpv4(p);
    table.output(nextHop, {
      srcHint: p.src,
      deliver: (mac) => {
        const frame = encodeEthernet({ dst: mac, src: iface.mac, ethertype: ETHERTYPE_IPV4, payload: bytes });
        br.send(frame, port, opts.why);
      },
      fail: () => {
        if (forwarded) this.hostUnreachable(p);
        else opts.onError?.('EHOSTUNREACH');
      }
    });
  }

  /** A forwarded packet whose next hop failed: ICMP host unreachable back to its source. */
  private hostUnreachable(p: Ipv4Packet): void {
    const back = this.routes.lookup(p.src);
    const iface = back ? this.ifaces.get(back.route.dev) : undefined;
    const from = iface ? this.sourceFor(iface, back?.nextHop ?? p.src) : null;
    if (from === null) return;
    this.sendIpv4(icmpError(p, ICMP_DEST_UNREACH, ICMP_HOST_UNREACH, this.nextIpId(), from), { why: 'neighbour FAILED while forwarding' });
  }

  private makeNeighbourTable(ifname: string): NeighbourTable {
    return new NeighbourTable(
      ifname,
      this.sim.scheduler,
      this.rng.fork(`neigh:${ifname}`),
      {
        solicit: (ip, dstMac, srcHint) => this.solicit(ifname, ip, dstMac, srcHint),
        changed: (e, from) => {
          if (!this.traceNeigh) return;
          const text = `${this.name} ${ifname} ${formatIpv4(e.ip)} ${from} → ${e.state}${e.mac && e.state !== 'FAILED' ? ` ${e.mac}` : ''}`;
          this.sim.trace.emit(this.sim.scheduler.now(), { type: 'note', topic: 'neigh', text });
        }
      },
      this.neighParams
    );
  }

  /** arp_solicit: the sender IP is the queued packet's source if it is ours (arp_announce=0). */
  private solicit(ifname: string, target: number, dstMac: Mac | null, srcHint: number | undefined): void {
    const iface = this.ifaces.get(ifname);
    if (!iface) return;
    const src = srcHint !== undefined && srcHint !== 0 && this.isLocal(srcHint) && !isLoopbackIpv4(srcHint) ? srcHint : this.sourceFor(iface, target);
    if (src === null) return;
    const frame = kernelArpRequest(iface.mac, src, target, dstMac ?? BROADCAST_MAC);
    const why = dstMac ? `neighbour probe for ${formatIpv4(target)} (PROBE)` : `resolve ${formatIpv4(target)} (INCOMPLETE)`;
    this.sendFrame(ifname, frame, why);
  }

  private receiveFrame(ifname: string, frame: Uint8Array, _meta: FrameMeta): void {
    if (!this.isUp) return;
    const iface = this.ifaces.get(ifname);
    const eth = decodeEthernet(frame);
    if (!iface || !eth) return;
    // what the NIC filters: frames for another host (PACKET_OTHERHOST) go no further
    const toUs = eth.dst === iface.mac;
    if (!toUs && !isMulticastMac(eth.dst)) return;
    if (eth.ethertype === ETHERTYPE_ARP) {
      const arp = decodeArp(eth.payload);
      if (arp) this.receiveArp(iface, arp, eth.dst);
    } else if (eth.ethertype === ETHERTYPE_IPV4) {
      const p = decodeIpv4(eth.payload);
      if (!p) return;
      const local = this.isLocal(p.dst) || this.isBroadcastFor(p.dst);
      // a link-layer broadcast that is not for us is never forwarded
      if (!local && !toUs) return;
      this.receiveIpv4(p, { host: this, iface: ifname, local, srcMac: eth.src });
    }
  }

  private isBroadcastFor(ip: number): boolean {
    const u = ip >>> 0;
    if (u === 0xffffffff) return true;
    for (const i of this.ifaces.values()) if (i.addrs.some((a) => a.brd === u)) return true;
    return false;
  }

  private receiveArp(iface: NetInterface, arp: ArpPacket, ethDst: Mac): void {
    const table = this.neigh.get(iface.name);
    const br = this.bridges.get(iface.name);
    if (!table || !br || !iface.port) return;
    arpInput(table, arp, {
      toUs: ethDst === iface.mac,
      isLocal: (ip) => this.isLocal(ip),
      reply: (ownIp, req) => this.sendFrame(iface.name, kernelArpReply(iface.mac, ownIp, req), `kernel ARP reply: ${formatIpv4(ownIp)} is ${this.name}'s`)
    });
    // user-space listeners (raw sockets) see every request, whatever the kernel did
    if (arp.op !== ARP_REQUEST) return;
    for (const { fn, opts } of [...this.responders]) {
      const mac = fn(arp.tpa, arp, { host: this, iface: iface.name, ethDst });
      if (mac === null) continue;
      const frame = opts.padded === false ? kernelArpReply(mac, arp.tpa, arp) : metallbArpReply(mac, arp.tpa, arp);
      const why = typeof opts.why === 'function' ? opts.why(arp.tpa) : opts.why;
      this.sendFrame(iface.name, frame, why ?? `ARP reply for ${formatIpv4(arp.tpa)} from ${this.name}`);
    }
  }

  /** The receive path: input filters, then handlers, then the kernel's own behaviour. */
  private receiveIpv4(p: Ipv4Packet, ctx: Ipv4RxContext): void {
    for (const f of this.filters) if (f(p, ctx) === 'drop') return;
    for (const h of [...this.handlers]) if (h(p, ctx)) return;
    if (ctx.local) {
      // nothing answers broadcasts (icmp_echo_ignore_broadcasts=1, no errors about broadcasts)
      if (!this.kernelReplies || !this.isLocal(p.dst)) return;
      const r = kernelReplyFor(p, this.nextIpId());
      if (r) this.sendIpv4(r, { why: `kernel reply from ${this.name}` });
      return;
    }
    this.forward(p);
  }

  /** ip_forward: decrement TTL and route out again; without forwarding the packet is dropped. */
  forward(p: Ipv4Packet, opts: SendOptions = {}): boolean {
    if (!this.ipForward || !this.isUp || p.ttl <= 1) return false;
    const m = this.routes.lookup(p.dst, flowOf(p));
    const iface = m ? this.ifaces.get(m.route.dev) : undefined;
    if (!m || !iface) return false;
    this.transmit(iface, m.nextHop, { ...p, ttl: p.ttl - 1 }, opts, true);
    return true;
  }
}


/** Time after one local hop, rounded to whole nanoseconds like the bridge's. */
function hop(now: number): number {
  return Math.round((now + LOCAL_HOP_MS) * 1e6) / 1e6;
}
