/**
 * hashicorp/memberlist v0.5.1 failure detection (SWIM with Lifeguard's suspicion and local
 * health), as MetalLB v0.14.8's speakers run it: probe one member per probe interval, direct
 * UDP ping, then indirect pings through up to 3 others plus a TCP ping, then suspect; suspicion
 * timers shortened by independent confirmations; refutation by a higher incarnation; gossip
 * every 200 ms to 3 random members, piggybacked on pings and acks; push/pull state sync over
 * TCP every 30 s and on join; leave; events NodeJoin / NodeLeave / NodeUpdate.
 *
 * Every message is a real datagram or TCP segment on the node's NetHost (bindAddr:7946), so
 * firewall rules, a stopped container or a cut bridge act on it as on the real thing.
 *
 * Simplifications (see also messages.ts): message bodies use our own binary encoding, not
 * msgpack; no compression; the encryption keeps AES-GCM's layout but not its cipher; no user
 * delegate data, no label, no alive/merge/conflict delegates, no IPv6, no CIDR filter; incoming
 * suspect/alive/dead messages are handled at once rather than through the handoff queue.
 *
 * The Memberlist here is the public API (memberlist.go Create, Members, Join, Leave, Shutdown);
 * the instance's state is in memberlist-core.ts and the protocol in the modules next to it:
 * probe.ts and ack-handlers.ts (failure detection), gossip.ts, push-pull.ts (join and state
 * sync), transitions.ts (alive / suspect / dead), packets-in.ts, packets-out.ts and leave.ts.
 */
import { formatIpv4, parseIpv4 } from '../../net/addr';
import type { NetHost } from '../../net/host';
import type { MemberlistConfig } from './config';
import { gossip } from './gossip';
import { ML_CALLER } from './log';
import { memberlistLeave, memberlistShutdown } from './leave';
import { MemberlistCore } from './memberlist-core';
import type { JoinResult, MemberInfo, MemberNode, MemberlistDeps } from './memberlist-types';
import { ingestPacket } from './packets-in';
import { probeTick } from './probe';
import { handleConn, memberlistJoin, pushPull } from './push-pull';
import { type NodeStateType, deadOrLeft, pushPullScale } from './state';
import type { ProcessTimers } from './timers';
import { setAlive } from './transitions';
import { StreamTransport, UdpSocket } from './transport';

export type { EventDelegate, JoinResult, MemberEventType, MemberInfo, MemberlistDeps, MemberlistLogger, MemberlistSim, MemberNode } from './memberlist-types';

export type CreateResult = { ok: true; memberlist: Memberlist } | { ok: false; error: string };

export class Memberlist {
  readonly config: Readonly<MemberlistConfig>;
  readonly host: NetHost;
  readonly process: ProcessTimers;
  private readonly core: MemberlistCore;

  private constructor(config: MemberlistConfig, deps: MemberlistDeps, bindIp: number) {
    this.core = new MemberlistCore(config, deps, bindIp);
    this.config = this.core.config;
    this.host = this.core.host;
    this.process = this.core.process;
  }

  /**
   * memberlist.Create: bind the TCP listener and the UDP socket, mark ourselves alive (which
   * fires NodeJoin for our own node) and start probing, gossiping and push/pull.
   */
  static create(config: MemberlistConfig, deps: MemberlistDeps): CreateResult {
    const ip = parseIpv4(config.bindAddr);
    if (ip === null) return { ok: false, error: `Failed to parse advertise address ${JSON.stringify(config.bindAddr)}` };
    if (!config.name) return { ok: false, error: 'Node name is required' };
    const m = new Memberlist(config, deps, ip >>> 0);
    const ml = m.core;
    const streams = new StreamTransport(deps.host, deps.sim, ml.timers, ml.key);
    const tcpErr = streams.listen(ml.bindIp, config.port, `memberlist ${config.name}`, (s) => handleConn(ml, s));
    if (tcpErr) {
      const err = `Failed to start TCP listener on ${JSON.stringify(config.bindAddr)} port ${config.port}: ${tcpErr}`;
      if (tcpErr.endsWith('address already in use')) ml.log('debug', `memberlist: Got bind error: ${err}`, ML_CALLER.bindError);
      return { ok: false, error: `Could not set up network transport: failed to obtain an address: ${err}` };
    }
    const udp = UdpSocket.bind(deps.host, ml.bindIp, config.port, (p) => ml.timers.deliver('udp packet', () => ingestPacket(ml, p)));
    if (!udp.ok) {
      streams.close();
      return { ok: false, error: `Could not set up network transport: failed to obtain an address: Failed to start UDP listener on ${JSON.stringify(config.bindAddr)} port ${config.port}: ${udp.error}` };
    }
    ml.streams = streams;
    ml.udp = udp.socket;
    setAlive(ml);
    schedule(ml);
    return { ok: true, memberlist: m };
  }

  // ================================================================== public API

  get name(): string {
    return this.config.name;
  }

  /** Members not dead or left (suspect ones included), ourselves included: memberlist Members(). */
  members(): string[] {
    return this.core.nodes.filter((n) => !deadOrLeft(n)).map((n) => n.name);
  }

  /** The same with addresses. */
  memberNodes(): MemberNode[] {
    return this.core.nodes.filter((n) => !deadOrLeft(n)).map((n) => ({ name: n.name, addr: formatIpv4(n.addr), port: n.port }));
  }

  numMembers(): number {
    return this.core.nodes.filter((n) => !deadOrLeft(n)).length;
  }

  /** Every node still in the table (dead and left ones until reaped), for the UI and tests. */
  nodeStates(): MemberInfo[] {
    return this.core.nodes.map((n) => ({ name: n.name, addr: formatIpv4(n.addr), port: n.port, state: n.state, incarnation: n.incarnation, stateChange: n.stateChange }));
  }

  /** Lifeguard local health score (0 = healthy); probes run at interval × (score + 1). */
  healthScore(): number {
    return this.core.awareness.getHealthScore();
  }

  /** Name and state of every node in the table, and nothing else: cheap enough for views polled often. */
  memberStates(): { name: string; state: NodeStateType }[] {
    return this.core.nodes.map((n) => ({ name: n.name, state: n.state }));
  }

  /** The estimate of the cluster size used for timeouts (nodes in the table, dead ones too). */
  estNumNodes(): number {
    return this.core.numNodes;
  }

  /** When the suspicion of a node will end, if one is running (virtual ms). */
  suspicionDeadline(name: string): number | null {
    return this.core.nodeTimers.get(name)?.deadline() ?? null;
  }

  /** Gossip waiting to be sent. */
  pendingBroadcasts(): { key: string; what: string; transmits: number }[] {
    return this.core.broadcasts.pending();
  }

  hasLeft(): boolean {
    return this.core.hasLeftFlag;
  }

  hasShutdown(): boolean {
    return this.core.hasShutdownFlag;
  }

  /**
   * memberlist Join: a push/pull (join) with each address in turn ("172.18.0.3" or
   * "172.18.0.3:7946"). Resolves with the count and the errors; never rejects.
   */
  join(addresses: readonly string[], cb?: (r: JoinResult) => void): Promise<JoinResult> {
    return memberlistJoin(this.core, addresses, cb);
  }

  /**
   * memberlist Leave: gossip that we left (a dead message from ourselves about ourselves) and
   * wait until it has been sent enough times, at most timeoutMs. Resolves with null or the
   * error text ("timeout waiting for leave broadcast").
   */
  leave(timeoutMs: number, cb?: (error: string | null) => void): Promise<string | null> {
    return memberlistLeave(this.core, timeoutMs, cb);
  }

  /** memberlist Shutdown: close the sockets and stop every timer. No gossip, no events. */
  shutdown(): void {
    memberlistShutdown(this.core);
  }

  /** Freeze the process (docker pause): no timer runs, arriving packets wait in the socket. */
  pause(): void {
    this.process.pause();
  }

  resume(): void {
    this.process.resume();
  }
}

/** The same as Memberlist.create. */
export function createMemberlist(config: MemberlistConfig, deps: MemberlistDeps): CreateResult {
  return Memberlist.create(config, deps);
}

/** memberlist schedule: start the probe and gossip tickers and the push/pull loop. */
function schedule(ml: MemberlistCore): void {
  const c = ml.config;
  if (c.probeInterval > 0) ml.tickers.push(ml.timers.every(c.probeInterval, 'memberlist probe', () => probeTick(ml)));
  if (c.gossipInterval > 0 && c.gossipNodes > 0) ml.tickers.push(ml.timers.every(c.gossipInterval, 'memberlist gossip', () => gossip(ml)));
  if (c.pushPullInterval > 0) {
    // a random stagger, then a push/pull every (scaled) interval after the previous one ends
    const stagger = ml.rng.int(c.pushPullInterval);
    const loop = () => {
      ml.pushPullTimer = ml.timers.after(pushPullScale(c.pushPullInterval, ml.estNumNodes()), 'memberlist push/pull', () => pushPull(ml, loop));
    };
    ml.pushPullTimer = ml.timers.after(stagger, 'memberlist push/pull stagger', loop);
  }
}
