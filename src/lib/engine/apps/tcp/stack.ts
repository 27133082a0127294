/**
 * A host's TCP stack: the socket table of one network namespace. It sits on NetHost's receive
 * hook, demultiplexes segments to connections and listeners (leaving unclaimed ones to the
 * kernel's RST), turns ICMP destination-unreachable and neighbour failures into socket errors,
 * and hands out ephemeral ports and initial sequence numbers from the seeded PRNG.
 */
import type { Clock } from '../../sim/clock';
import type { Rng } from '../../sim/prng';
import type { Scheduler, Timer } from '../../sim/scheduler';
import type { Trace } from '../../sim/trace';
import { isLoopbackIpv4, prefixMask } from '../../net/addr';
import type { NetHost } from '../../net/host';
import type { Ipv4RxContext } from '../../net/host-types';
import { ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, ICMP_HOST_UNREACH, ICMP_NET_UNREACH, ICMP_PORT_UNREACH, ICMP_PROT_UNREACH, decodeIcmp } from '../../net/icmp';
import { IPPROTO_ICMP, IPPROTO_TCP, type Ipv4Packet } from '../../net/ipv4';
import { TCP_ACK, TCP_RST, TCP_SYN, type TcpSegment, decodeTcp, encodeTcp, tcpChecksumOk } from '../../net/tcp';
import { Connection, type ConnectionHooks, connKey } from './connection';
import { wheelFireAt } from './timer-wheel';
import type { ConnectError, ConnectHandle, ConnectOptions, ConnectResult, ListenOptions, ListenResult, Listener, TcpSim, TcpSocket, TcpState } from './types';

/** net.ipv4.ip_local_port_range. */
export const EPHEMERAL_LOW = 32768;
export const EPHEMERAL_HIGH = 60999;
/** MSS Linux announces on loopback (MTU 65536). */
const LOOPBACK_MSS = 65495;

interface ListenerEntry {
  port: number;
  addr: number;
  owner: string;
  onConnection: (socket: TcpSocket) => void;
  open: boolean;
}

/** A row of `ss -tan`: what the stack holds. */
export interface SocketInfo {
  state: TcpState | 'LISTEN';
  localIp: number;
  localPort: number;
  remoteIp: number;
  remotePort: number;
  owner: string;
}

const stacks = new WeakMap<NetHost, TcpStack>();
/** The simulation behind each clock, learnt from the stacks attached so far. */
const simByClock = new WeakMap<Clock, TcpSim>();
/** Apps waiting for a simulation to become known (see TcpStack.whenSim). */
const simWaiters = new WeakMap<Clock, ((sim: TcpSim) => void)[]>();

export class TcpStack {
  readonly host: NetHost;
  /** The scheduler the stack's timers run on (apps use it for their own delays). */
  readonly scheduler: Scheduler;
  private readonly trace: Trace | undefined;
  private readonly rng: Rng;
  /** The jiffies counter at virtual time 0 (where the timer wheel's bucket edges fall). */
  private readonly jiffiesOffset: number;
  private conns = new Map<string, Connection>();
  private listeners: ListenerEntry[] = [];
  /** Per (source, destination, port): where the next ephemeral port search starts (table_perturb). */
  private perturb = new Map<string, number>();
  private readonly hooks: ConnectionHooks;

  /** The stack of a host, if one was attached. */
  static of(host: NetHost): TcpStack | undefined {
    return stacks.get(host);
  }

  /** The stack of a host, created on first use. */
  static attach(host: NetHost, sim: TcpSim): TcpStack {
    let s = stacks.get(host);
    if (!s) {
      s = new TcpStack(host, sim);
      stacks.set(host, s);
    }
    const clock = sim.scheduler.clock;
    if (!simByClock.has(clock)) {
      simByClock.set(clock, sim);
      const waiting = simWaiters.get(clock) ?? [];
      simWaiters.delete(clock);
      for (const fn of waiting) fn(sim);
    }
    return s;
  }

  /**
   * Run fn with the simulation that drives `clock`, now if a stack on it was attached already,
   * else as soon as one is. For apps built with only a clock in hand (the app registry's
   * factories) that must open sockets.
   */
  static whenSim(clock: Clock, fn: (sim: TcpSim) => void): void {
    const sim = simByClock.get(clock);
    if (sim) {
      fn(sim);
      return;
    }
    const list = simWaiters.get(clock) ?? [];
    list.push(fn);
    simWaiters.set(clock, list);
  }

  private constructor(host: NetHost, sim: TcpSim) {
    this.host = host;
    this.scheduler = sim.scheduler;
    this.trace = sim.trace;
    this.rng = sim.rng.fork(`tcp:${host.name}`);
    this.jiffiesOffset = this.rng.int(1 << 22);
    this.hooks = {
      now: () => this.scheduler.now(),
      timer: (delayMs, label, fn) => this.timer(delayMs, label, fn),
      soon: (label, fn) => this.scheduler.after(0, `${this.host.name} ${label}`, fn),
      send: (conn, seg, why) => this.transmit(conn, seg, why),
      remove: (conn) => {
        if (this.conns.get(conn.key()) === conn) this.conns.delete(conn.key());
      },
      confirm: (ip) => this.host.confirmNeighbour(ip),
      note: (text) => this.trace?.emit(this.scheduler.now(), { type: 'note', topic: 'tcp', text: `${this.host.name} ${text}` })
    };
    host.onIpv4((p, ctx) => this.input(p, ctx));
  }

  // ------------------------------------------------------------------ API

  /** listen() on a port (all local addresses unless opts.addr). */
  listen(port: number, onConnection: (socket: TcpSocket) => void, opts: ListenOptions = {}): ListenResult {
    if (!Number.isInteger(port) || port < 1 || port > 65535) return { ok: false, error: 'EINVAL' };
    const addr = (opts.addr ?? 0) >>> 0;
    if (this.listeners.some((l) => l.port === port && (l.addr === 0 || addr === 0 || l.addr === addr))) return { ok: false, error: 'EADDRINUSE' };
    const entry: ListenerEntry = { port, addr, owner: opts.owner ?? `:${port}`, onConnection, open: true };
    this.listeners.push(entry);
    const listener: Listener = {
      port,
      close: () => {
        entry.open = false;
        this.listeners = this.listeners.filter((l) => l !== entry);
      }
    };
    return { ok: true, listener };
  }

  /**
   * connect(): the callback fires once, from a scheduled event, with the socket or the errno.
   * A destination with no route fails with ENETUNREACH right away (still through the callback).
   */
  connect(dst: number, port: number, opts: ConnectOptions, cb: (r: ConnectResult) => void): ConnectHandle {
    const d = dst >>> 0;
    const owner = opts.owner ?? 'tcp';
    const src = this.host.up() ? this.sourceFor(d) : null;
    const srcPort = src === null ? null : (opts.srcPort ?? this.ephemeralPort(src, d, port));
    if (src === null || srcPort === null) {
      let cancelled = false;
      this.scheduler.after(0, `${this.host.name} ${owner}: connect failed`, () => {
        if (!cancelled) cb({ ok: false, error: 'ENETUNREACH' });
      });
      return { cancel: () => (cancelled = true), localPort: 0, localIp: 0 };
    }
    const conn = new Connection({ localIp: src, localPort: srcPort, remoteIp: d, remotePort: port, iss: this.rng.nextU32(), ourMss: this.mssFor(d), owner }, this.hooks);
    this.conns.set(conn.key(), conn);
    conn.openActive((r) => cb(r.ok ? { ok: true, socket: conn } : { ok: false, error: r.error }), opts.timeoutMs);
    return { cancel: () => conn.cancel(), localPort: srcPort, localIp: src };
  }

  /** Every socket, listeners first (for `ss`/`netstat` and tests). */
  sockets(): SocketInfo[] {
    return [
      ...this.listeners.map((l) => ({ state: 'LISTEN' as const, localIp: l.addr, localPort: l.port, remoteIp: 0, remotePort: 0, owner: l.owner })),
      ...[...this.conns.values()].map((c) => ({ state: c.state, localIp: c.localIp, localPort: c.localPort, remoteIp: c.remoteIp, remotePort: c.remotePort, owner: c.owner }))
    ];
  }

  // ------------------------------------------------------------------ input

  private input(p: Ipv4Packet, ctx: Ipv4RxContext): boolean {
    if (!ctx.local || !this.host.isLocal(p.dst)) return false;
    if (p.protocol === IPPROTO_TCP) return this.inputTcp(p);
    if (p.protocol === IPPROTO_ICMP) return this.inputIcmp(p);
    return false;
  }

  private inputTcp(p: Ipv4Packet): boolean {
    const seg = decodeTcp(p.payload);
    // a corrupt segment is dropped by the stack, not answered
    if (!seg || !tcpChecksumOk(p.payload, p.src, p.dst)) return true;
    const conn = this.conns.get(connKey(p.dst, seg.dstPort, p.src, seg.srcPort));
    if (conn) {
      conn.input(seg);
      return true;
    }
    const l = this.findListener(p.dst, seg.dstPort);
    if (l && (seg.flags & (TCP_SYN | TCP_ACK | TCP_RST)) === TCP_SYN) {
      this.passiveOpen(l, p, seg);
      return true;
    }
    // no socket: the kernel answers RST (or ignores a RST)
    return false;
  }

  private passiveOpen(l: ListenerEntry, p: Ipv4Packet, syn: TcpSegment): void {
    const conn = new Connection(
      { localIp: p.dst, localPort: syn.dstPort, remoteIp: p.src, remotePort: syn.srcPort, iss: this.rng.nextU32(), ourMss: this.mssFor(p.src), owner: l.owner },
      this.hooks
    );
    this.conns.set(conn.key(), conn);
    conn.openPassive(syn, (c) => {
      if (!l.open) return false;
      l.onConnection(c);
      return true;
    });
  }

  /** ICMP destination unreachable quoting one of our segments (tcp_v4_err). */
  private inputIcmp(p: Ipv4Packet): boolean {
    const m = decodeIcmp(p.payload);
    if (!m || m.type !== ICMP_DEST_UNREACH || m.code === ICMP_FRAG_NEEDED) return false;
    const q = m.payload;
    if (q.length < 28 || q[0] >> 4 !== 4) return false;
    const ihl = (q[0] & 0x0f) * 4;
    if (q[9] !== IPPROTO_TCP || q.length < ihl + 8) return false;
    const v = new DataView(q.buffer, q.byteOffset, q.byteLength);
    const src = v.getUint32(12);
    const dst = v.getUint32(16);
    const conn = this.conns.get(connKey(src, v.getUint16(ihl), dst, v.getUint16(ihl + 2)));
    if (!conn) return false;
    conn.hardError(icmpErrno(m.code), v.getUint32(ihl + 4));
    return true;
  }

  // ------------------------------------------------------------------ output

  private transmit(conn: Connection, seg: TcpSegment, why: string): void {
    const payload = encodeTcp(seg, conn.localIp, conn.remoteIp);
    // a segment that cannot be routed now is simply lost; retransmission deals with it
    this.host.sendIpv4({ dst: conn.remoteIp, src: conn.localIp, protocol: IPPROTO_TCP, payload }, { why, onError: () => conn.hardError('EHOSTUNREACH') });
  }

  private timer(delayMs: number, label: string, fn: () => void): Timer {
    const at = wheelFireAt(this.scheduler.now(), delayMs, this.jiffiesOffset);
    return this.scheduler.at(at, `${this.host.name} ${label}`, fn);
  }

  // ------------------------------------------------------------------ addresses and ports

  private findListener(dst: number, port: number): ListenerEntry | undefined {
    return this.listeners.find((l) => l.port === port && l.addr === dst >>> 0) ?? this.listeners.find((l) => l.port === port && l.addr === 0);
  }

  /** The source address the kernel picks for a destination (the route's src, else inet_select_addr). */
  sourceFor(dst: number): number | null {
    if (this.host.isLocal(dst)) return isLoopbackIpv4(dst) ? 0x7f000001 : dst >>> 0;
    const m = this.host.routes.lookup(dst);
    const iface = m ? this.host.iface(m.route.dev) : undefined;
    if (!m || !iface) return null;
    if (m.route.src !== undefined) return m.route.src >>> 0;
    const onLink = iface.addrs.find((a) => a.scope !== 'host' && ((a.ip ^ m.nextHop) & prefixMask(a.prefix)) === 0);
    const any = iface.addrs.find((a) => a.scope !== 'host') ?? this.host.interfaces().flatMap((i) => i.addrs).find((a) => a.scope === 'global');
    return (onLink ?? any)?.ip ?? null;
  }

  private mssFor(dst: number): number {
    if (this.host.isLocal(dst)) return LOOPBACK_MSS;
    const m = this.host.routes.lookup(dst);
    const mtu = (m && this.host.iface(m.route.dev)?.mtu) || 1500;
    return mtu - 40;
  }

  /**
   * __inet_hash_connect: connect() takes even ports (odd ones are left to bind()), scanning from
   * a per-destination offset that moves on by a small random step after each use.
   */
  private ephemeralPort(src: number, dst: number, dport: number): number | null {
    const evens = Math.floor((EPHEMERAL_HIGH - EPHEMERAL_LOW) / 2) + 1;
    const key = `${src}>${dst}:${dport}`;
    const start = this.perturb.get(key) ?? this.rng.int(evens);
    for (const parity of [0, 1]) {
      for (let i = 0; i < evens; i++) {
        const port = EPHEMERAL_LOW + 2 * ((start + i) % evens) + parity;
        if (port > EPHEMERAL_HIGH || !this.portFree(src, port, dst, dport)) continue;
        this.perturb.set(key, (start + i + 1 + this.rng.int(8)) % evens);
        return port;
      }
    }
    return null;
  }

  private portFree(src: number, port: number, dst: number, dport: number): boolean {
    if (this.conns.has(connKey(src, port, dst, dport))) return false;
    return !this.listeners.some((l) => l.port === port);
  }
}

/** icmp_err_convert for destination-unreachable codes, folded onto the errors connect() reports. */
function icmpErrno(code: number): ConnectError {
  switch (code) {
    case ICMP_NET_UNREACH:
    case 6: // network unknown
    case 9: // network administratively prohibited
    case 11: // network unreachable for TOS
      return 'ENETUNREACH';
    case ICMP_PROT_UNREACH: // ENOPROTOOPT
    case ICMP_PORT_UNREACH:
      return 'ECONNREFUSED';
    case ICMP_HOST_UNREACH:
    default:
      // host unknown/isolated/prohibited, communication administratively filtered, ...
      return 'EHOSTUNREACH';
  }
}
