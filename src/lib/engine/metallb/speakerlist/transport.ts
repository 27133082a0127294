/**
 * memberlist's NetTransport over the lab's network: a UDP socket bound to bindAddr:7946 on the
 * node's NetHost (real UDP datagrams through the kind bridge) and a TCP listener on the same
 * address and port, using the engine's TCP stack (apps/tcp), so push/pull and the fallback ping
 * are real TCP connections with handshakes, ephemeral ports, RSTs and timeouts.
 *
 * Errors come back as the texts Go's net package would put in memberlist's log lines
 * ("dial tcp 172.18.0.3:7946: i/o timeout", "read tcp 172.18.0.2:38526->172.18.0.3:7946: i/o
 * timeout", "connect: connection refused").
 */
import { formatIpv4 } from '../../net/addr';
import type { NetHost } from '../../net/host';
import type { SendError } from '../../net/host-types';
import { IPPROTO_UDP } from '../../net/ipv4';
import { decodeUdp, encodeUdp, udpChecksumOk } from '../../net/udp';
import { TcpStack } from '../../apps/tcp/stack';
import type { ConnectError, SocketError, TcpSim, TcpSocket, Listener } from '../../apps/tcp/types';
import { type Decoded, readStreamFrame } from './messages';
import type { TimerGroup, ProcTimer } from './timers';

/** ip:port in Go's form. */
export function hostPort(ip: number, port: number): string {
  return `${formatIpv4(ip)}:${port}`;
}

const ERRNO_TEXT: Record<SendError | ConnectError | SocketError, string> = {
  ENETDOWN: 'network is down',
  ENETUNREACH: 'network is unreachable',
  EINVAL: 'invalid argument',
  ECONNREFUSED: 'connection refused',
  EHOSTUNREACH: 'no route to host',
  ETIMEDOUT: 'connection timed out',
  ECONNRESET: 'connection reset by peer'
};

/** Who has bound what UDP port on which host (the lab has no UDP socket table of its own). */
const udpBinds = new WeakMap<NetHost, Set<string>>();

export interface PacketIn {
  payload: Uint8Array;
  fromIp: number;
  fromPort: number;
}

export class UdpSocket {
  readonly host: NetHost;
  readonly ip: number;
  readonly port: number;
  private unregister: (() => void) | null;
  private readonly key: string;

  private constructor(host: NetHost, ip: number, port: number, onPacket: (p: PacketIn) => void) {
    this.host = host;
    this.ip = ip;
    this.port = port;
    this.key = hostPort(ip, port);
    this.unregister = host.onIpv4((p, ctx) => {
      if (p.protocol !== IPPROTO_UDP || !ctx.local || p.dst >>> 0 !== ip) return false;
      const d = decodeUdp(p.payload);
      if (!d || d.dstPort !== port) return false;
      // a datagram with a bad checksum is dropped by the kernel before the socket sees it
      if (!udpChecksumOk(p.payload, p.src, p.dst)) return true;
      onPacket({ payload: d.payload, fromIp: p.src >>> 0, fromPort: d.srcPort });
      return true;
    });
  }

  static bind(host: NetHost, ip: number, port: number, onPacket: (p: PacketIn) => void): { ok: true; socket: UdpSocket } | { ok: false; error: string } {
    const where = hostPort(ip, port);
    if (!host.isLocal(ip)) return { ok: false, error: `listen udp ${where}: bind: cannot assign requested address` };
    const binds = udpBinds.get(host) ?? new Set<string>();
    if (binds.has(where)) return { ok: false, error: `listen udp ${where}: bind: address already in use` };
    binds.add(where);
    udpBinds.set(host, binds);
    return { ok: true, socket: new UdpSocket(host, ip, port, onPacket) };
  }

  /** sendto(): null, or the error as Go prints it. */
  send(dstIp: number, dstPort: number, payload: Uint8Array, why: string): string | null {
    const datagram = encodeUdp({ srcPort: this.port, dstPort, payload }, this.ip, dstIp);
    const r = this.host.sendIpv4({ dst: dstIp, src: this.ip, protocol: IPPROTO_UDP, payload: datagram }, { why });
    if (r.ok) return null;
    return `write udp ${this.key}->${hostPort(dstIp, dstPort)}: sendto: ${ERRNO_TEXT[r.error]}`;
  }

  close(): void {
    this.unregister?.();
    this.unregister = null;
    udpBinds.get(this.host)?.delete(this.key);
  }
}

/** A memberlist stream: a TCP connection plus the bytes received so far. */
export class Stream {
  readonly socket: TcpSocket;
  private readonly group: TimerGroup;
  private readonly key: Uint8Array | null;
  private buf = new Uint8Array(0);
  private eof = false;
  private error: string | null = null;
  private waiter: { cb: (r: Decoded<Uint8Array>) => void; timer: ProcTimer } | null = null;
  private closed = false;
  private readonly onClose: ((s: Stream) => void) | null;

  constructor(socket: TcpSocket, group: TimerGroup, key: Uint8Array | null, onClose: ((s: Stream) => void) | null = null) {
    this.socket = socket;
    this.group = group;
    this.key = key;
    this.onClose = onClose;
    // the kernel buffers what arrives even while the process is frozen
    socket.on('data', (b) => {
      const n = new Uint8Array(this.buf.length + b.length);
      n.set(this.buf);
      n.set(b, this.buf.length);
      this.buf = n;
      this.group.deliver('stream data', () => this.pump());
    });
    socket.on('end', () => {
      this.eof = true;
      this.group.deliver('stream end', () => this.pump());
    });
    socket.on('close', (e) => {
      if (e) this.error = `read tcp ${this.localDesc()}->${this.remoteDesc()}: read: ${ERRNO_TEXT[e]}`;
      this.eof = true;
      this.group.deliver('stream close', () => this.pump());
    });
  }

  localDesc(): string {
    return hostPort(this.socket.localIp, this.socket.localPort);
  }

  remoteDesc(): string {
    return hostPort(this.socket.remoteIp, this.socket.remotePort);
  }

  /** Read one framed message, or fail at the deadline (virtual time) with Go's i/o timeout. */
  readFrame(deadlineAt: number, cb: (r: Decoded<Uint8Array>) => void): void {
    if (this.waiter) this.waiter.timer.cancel();
    const timer = this.group.after(Math.max(0, deadlineAt - this.group.now()), 'memberlist stream read deadline', () => {
      if (!this.waiter) return;
      const w = this.waiter;
      this.waiter = null;
      w.cb({ ok: false, error: `read tcp ${this.localDesc()}->${this.remoteDesc()}: i/o timeout` });
    });
    this.waiter = { cb, timer };
    this.pump();
  }

  write(bytes: Uint8Array): boolean {
    if (this.closed) return false;
    return this.socket.write(bytes);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.waiter?.timer.cancel();
    this.waiter = null;
    this.socket.close();
    this.onClose?.(this);
  }

  private pump(): void {
    if (!this.waiter) return;
    const f = readStreamFrame(this.buf, this.key);
    if (f) {
      this.buf = this.buf.slice(f.used);
      const w = this.waiter;
      this.waiter = null;
      w.timer.cancel();
      w.cb(f.msg);
      return;
    }
    if (this.eof) {
      const w = this.waiter;
      this.waiter = null;
      w.timer.cancel();
      w.cb({ ok: false, error: this.error ?? 'EOF' });
    }
  }
}

export type DialResult = { ok: true; stream: Stream } | { ok: false; error: string };

export class StreamTransport {
  readonly stack: TcpStack;
  private readonly host: NetHost;
  private readonly group: TimerGroup;
  private readonly key: Uint8Array | null;
  private listener: Listener | null = null;
  /** Open connections and dials in progress: the process's sockets, closed when it goes. */
  private open = new Set<Stream>();
  private dials = new Set<{ cancel(): void }>();
  private closed = false;

  constructor(host: NetHost, sim: TcpSim, group: TimerGroup, key: Uint8Array | null) {
    this.host = host;
    this.stack = TcpStack.attach(host, sim);
    this.group = group;
    this.key = key;
  }

  listen(ip: number, port: number, owner: string, onStream: (s: Stream) => void): string | null {
    const where = hostPort(ip, port);
    if (!this.host.isLocal(ip)) return `listen tcp ${where}: bind: cannot assign requested address`;
    const r = this.stack.listen(port, (socket) => {
      if (this.closed) {
        socket.abort();
        return;
      }
      const s = this.track(socket);
      this.group.deliver('stream accept', () => onStream(s));
    }, { addr: ip, owner });
    if (!r.ok) return `listen tcp ${where}: bind: ${r.error === 'EADDRINUSE' ? 'address already in use' : 'invalid argument'}`;
    this.listener = r.listener;
    return null;
  }

  /** DialTimeout: the callback gets the stream, or Go's dial error text. */
  dial(ip: number, port: number, timeoutMs: number, owner: string, cb: (r: DialResult) => void): void {
    const target = hostPort(ip, port);
    let done = false;
    const finish = (r: DialResult) => {
      if (done) return;
      done = true;
      timer.cancel();
      this.dials.delete(handle);
      cb(r);
    };
    const timer = this.group.after(Math.max(0, timeoutMs), 'memberlist dial timeout', () => {
      handle.cancel();
      finish({ ok: false, error: `dial tcp ${target}: i/o timeout` });
    });
    const handle = this.stack.connect(ip, port, { owner }, (r) => {
      if (done || this.closed) {
        if (r.ok) r.socket.abort();
        return;
      }
      if (r.ok) {
        const s = this.track(r.socket);
        this.group.deliver('dial done', () => finish({ ok: true, stream: s }));
      } else {
        this.group.deliver('dial failed', () => finish({ ok: false, error: `dial tcp ${target}: connect: ${ERRNO_TEXT[r.error]}` }));
      }
    });
    if (!done) this.dials.add(handle);
  }

  /** The process is gone: stop listening, drop dials in progress, close open connections. */
  close(): void {
    this.closed = true;
    this.listener?.close();
    this.listener = null;
    for (const d of this.dials) d.cancel();
    this.dials.clear();
    for (const s of [...this.open]) s.close();
    this.open.clear();
  }

  private track(socket: TcpSocket): Stream {
    const s = new Stream(socket, this.group, this.key, (x) => this.open.delete(x));
    this.open.add(s);
    return s;
  }
}
