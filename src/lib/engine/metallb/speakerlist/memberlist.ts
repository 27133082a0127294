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
 */
import { formatIpv4, parseIpv4 } from '../../net/addr';
import type { NetHost } from '../../net/host';
import type { Rng } from '../../sim/prng';
import type { Scheduler } from '../../sim/scheduler';
import type { Trace } from '../../sim/trace';
import { Awareness } from './awareness';
import { type Broadcast, TransmitLimitedQueue } from './broadcast';
import { type MemberlistConfig, MEMBERLIST_VSN, goDuration } from './config';
import { ML_CALLER, type MemberlistLogLevel } from './log';
import {
  type AliveMsg,
  type DeadMsg,
  type IndirectPingMsg,
  type Message,
  type PingMsg,
  type PushNodeState,
  type PushPullMsg,
  type SuspectMsg,
  ENCRYPT_OVERHEAD,
  MSG,
  addCrc,
  crc32,
  decodeMessage,
  encodeMessage,
  frameStream,
  keyFingerprint,
  makeCompound,
  open,
  seal,
  sealStream,
  splitCompound
} from './messages';
import { type NodeState, type NodeStateType, deadOrLeft, kRandomNodes, moveDeadNodes, multiErrorString, pushPullScale, randomOffset, shuffleNodes } from './state';
import { Suspicion, suspicionK, suspicionTimeout } from './suspicion';
import { ProcessTimers, type ProcTimer, TimerGroup } from './timers';
import { type PacketIn, Stream, StreamTransport, UdpSocket, hostPort } from './transport';

export type MemberEventType = 'NodeJoin' | 'NodeLeave' | 'NodeUpdate';

export interface MemberNode {
  name: string;
  /** Dotted IPv4. */
  addr: string;
  port: number;
}

/** memberlist's EventDelegate (NotifyJoin / NotifyLeave / NotifyUpdate), called synchronously. */
export type EventDelegate = (type: MemberEventType, node: MemberNode) => void;

/** memberlist's logger: level from the "[LEVEL]" prefix, msg with the "memberlist: " prefix. */
export type MemberlistLogger = (level: MemberlistLogLevel, msg: string, fields: { caller: string }) => void;

export interface MemberlistSim {
  scheduler: Scheduler;
  rng: Rng;
  trace: Trace;
}

export interface MemberlistDeps {
  /** The node's network namespace (hostNetwork). */
  host: NetHost;
  sim: MemberlistSim;
  events?: EventDelegate;
  logger?: MemberlistLogger;
  /** The process the memberlist runs in (the speaker), for pause/resume; default its own. */
  process?: ProcessTimers;
}

export interface JoinResult {
  /** Addresses a push/pull succeeded with. */
  joined: number;
  /** One line per failed address (empty when at least one succeeded, as memberlist returns nil). */
  errors: string[];
  /** The go-multierror text memberlist's Join returns, or null. */
  error: string | null;
}

export interface MemberInfo {
  name: string;
  addr: string;
  port: number;
  state: NodeStateType;
  incarnation: number;
  stateChange: number;
}

export type CreateResult = { ok: true; memberlist: Memberlist } | { ok: false; error: string };

interface AckHandler {
  ackFn: () => void;
  nackFn: (() => void) | null;
  timer: ProcTimer;
}

/** A node copied at probe time (memberlist probes a copy of the nodeState). */
type ProbeTarget = Pick<NodeState, 'name' | 'addr' | 'port' | 'incarnation' | 'state'>;

const COMPOUND_HEADER_OVERHEAD = 2;
const COMPOUND_OVERHEAD = 2;

export class Memberlist {
  readonly config: Readonly<MemberlistConfig>;
  readonly host: NetHost;
  private readonly sim: MemberlistSim;
  private readonly rng: Rng;
  private readonly nonceRng: Rng;
  private readonly events: EventDelegate | undefined;
  private readonly logger: MemberlistLogger | undefined;
  readonly process: ProcessTimers;
  private readonly ownsProcess: boolean;
  private readonly timers: TimerGroup;
  private readonly bindIp: number;
  private readonly key: Uint8Array | null;
  private udp: UdpSocket | null = null;
  private streams: StreamTransport | null = null;

  private nodes: NodeState[] = [];
  private nodeMap = new Map<string, NodeState>();
  private nodeTimers = new Map<string, Suspicion>();
  private numNodes = 0;
  private probeIndex = 0;
  private sequenceNum = 0;
  private incarnation = 0;
  private readonly awareness: Awareness;
  private readonly broadcasts: TransmitLimitedQueue;
  private ackHandlers = new Map<number, AckHandler>();
  private hasLeftFlag = false;
  private hasShutdownFlag = false;
  private leaveWaiter: (() => void) | null = null;
  private leaveAbort: (() => void) | null = null;
  private probing = false;
  private probeTickPending = false;
  private tickers: ProcTimer[] = [];
  private pushPullTimer: ProcTimer | null = null;

  private constructor(config: MemberlistConfig, deps: MemberlistDeps, bindIp: number) {
    this.config = { ...config };
    this.host = deps.host;
    this.sim = deps.sim;
    this.rng = deps.sim.rng.fork(`memberlist:${config.name}`);
    this.nonceRng = this.rng.fork('nonce');
    this.events = deps.events;
    this.logger = deps.logger;
    this.ownsProcess = !deps.process;
    this.process = deps.process ?? new ProcessTimers(deps.sim.scheduler, config.name);
    this.timers = new TimerGroup(this.process);
    this.bindIp = bindIp;
    this.key = config.secretKey !== undefined && config.secretKey.length > 0 ? keyFingerprint(config.secretKey) : null;
    this.awareness = new Awareness(config.awarenessMaxMultiplier);
    this.broadcasts = new TransmitLimitedQueue(config.retransmitMult, () => this.estNumNodes());
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
    const streams = new StreamTransport(deps.host, deps.sim, m.timers, m.key);
    const tcpErr = streams.listen(m.bindIp, config.port, `memberlist ${config.name}`, (s) => m.handleConn(s));
    if (tcpErr) {
      const err = `Failed to start TCP listener on ${JSON.stringify(config.bindAddr)} port ${config.port}: ${tcpErr}`;
      if (tcpErr.endsWith('address already in use')) m.log('debug', `memberlist: Got bind error: ${err}`, ML_CALLER.bindError);
      return { ok: false, error: `Could not set up network transport: failed to obtain an address: ${err}` };
    }
    const udp = UdpSocket.bind(deps.host, m.bindIp, config.port, (p) => m.timers.deliver('udp packet', () => m.ingestPacket(p)));
    if (!udp.ok) {
      streams.close();
      return { ok: false, error: `Could not set up network transport: failed to obtain an address: Failed to start UDP listener on ${JSON.stringify(config.bindAddr)} port ${config.port}: ${udp.error}` };
    }
    m.streams = streams;
    m.udp = udp.socket;
    m.setAlive();
    m.schedule();
    return { ok: true, memberlist: m };
  }

  // ================================================================== public API

  get name(): string {
    return this.config.name;
  }

  /** Members not dead or left (suspect ones included), ourselves included: memberlist Members(). */
  members(): string[] {
    return this.nodes.filter((n) => !deadOrLeft(n)).map((n) => n.name);
  }

  /** The same with addresses. */
  memberNodes(): MemberNode[] {
    return this.nodes.filter((n) => !deadOrLeft(n)).map((n) => ({ name: n.name, addr: formatIpv4(n.addr), port: n.port }));
  }

  numMembers(): number {
    return this.nodes.filter((n) => !deadOrLeft(n)).length;
  }

  /** Every node still in the table (dead and left ones until reaped), for the UI and tests. */
  nodeStates(): MemberInfo[] {
    return this.nodes.map((n) => ({ name: n.name, addr: formatIpv4(n.addr), port: n.port, state: n.state, incarnation: n.incarnation, stateChange: n.stateChange }));
  }

  /** Lifeguard local health score (0 = healthy); probes run at interval × (score + 1). */
  healthScore(): number {
    return this.awareness.getHealthScore();
  }

  /** The estimate of the cluster size used for timeouts (nodes in the table, dead ones too). */
  estNumNodes(): number {
    return this.numNodes;
  }

  /** When the suspicion of a node will end, if one is running (virtual ms). */
  suspicionDeadline(name: string): number | null {
    return this.nodeTimers.get(name)?.deadline() ?? null;
  }

  /** Gossip waiting to be sent. */
  pendingBroadcasts(): { key: string; what: string; transmits: number }[] {
    return this.broadcasts.pending();
  }

  hasLeft(): boolean {
    return this.hasLeftFlag;
  }

  hasShutdown(): boolean {
    return this.hasShutdownFlag;
  }

  /**
   * memberlist Join: a push/pull (join) with each address in turn ("172.18.0.3" or
   * "172.18.0.3:7946"). Resolves with the count and the errors; never rejects.
   */
  join(addresses: readonly string[], cb?: (r: JoinResult) => void): Promise<JoinResult> {
    return new Promise((resolve) => {
      const errs: string[] = [];
      let numSuccess = 0;
      const list = [...addresses];
      const finish = () => {
        const errors = numSuccess > 0 ? [] : errs;
        const r: JoinResult = { joined: numSuccess, errors, error: errors.length ? multiErrorString(errors) : null };
        cb?.(r);
        resolve(r);
      };
      const next = () => {
        if (this.hasShutdownFlag) {
          errs.push(...list.map((a) => `Failed to join ${a}: memberlist is shut down`));
          list.length = 0;
        }
        const exist = list.shift();
        if (exist === undefined) {
          finish();
          return;
        }
        const addr = resolveAddr(exist, this.config.port);
        if (!addr) {
          const err = `Failed to resolve ${exist}: lookup ${exist}: no such host`;
          errs.push(err);
          this.log('warn', `memberlist: ${err}`, ML_CALLER.failedResolve);
          next();
          return;
        }
        this.pushPullNode(addr.ip, addr.port, '', true, (err) => {
          if (err) {
            const e = `Failed to join ${hostPort(addr.ip, addr.port)}: ${err}`;
            errs.push(e);
            this.log('debug', `memberlist: ${e}`, ML_CALLER.failedJoin);
          } else numSuccess++;
          next();
        });
      };
      next();
    });
  }

  /**
   * memberlist Leave: gossip that we left (a dead message from ourselves about ourselves) and
   * wait until it has been sent enough times, at most timeoutMs. Resolves with null or the
   * error text ("timeout waiting for leave broadcast").
   */
  leave(timeoutMs: number, cb?: (error: string | null) => void): Promise<string | null> {
    return new Promise((resolve) => {
      let settled = false;
      const done = (e: string | null) => {
        if (settled) return;
        settled = true;
        cb?.(e);
        resolve(e);
      };
      if (this.hasShutdownFlag) {
        done('leave after shutdown');
        return;
      }
      if (this.hasLeftFlag) {
        done(null);
        return;
      }
      this.hasLeftFlag = true;
      const me = this.nodeMap.get(this.config.name);
      if (!me) {
        this.log('warn', "memberlist: Leave but we're not in the node map.", ML_CALLER.leaveNotInMap);
        done(null);
        return;
      }
      let timer: ProcTimer | null = null;
      this.leaveWaiter = () => {
        timer?.cancel();
        done(null);
      };
      this.deadNode({ type: 'dead', incarnation: me.incarnation, node: me.name, from: me.name });
      if (!this.anyAlive()) {
        this.leaveWaiter = null;
        done(null);
        return;
      }
      if (settled) return;
      // shut down while waiting: the broadcast will never finish
      this.leaveAbort = () => done('timeout waiting for leave broadcast');
      if (timeoutMs > 0) {
        timer = this.timers.after(timeoutMs, 'memberlist leave timeout', () => {
          this.leaveWaiter = null;
          done('timeout waiting for leave broadcast');
        });
      }
    });
  }

  /** memberlist Shutdown: close the sockets and stop every timer. No gossip, no events. */
  shutdown(): void {
    if (this.hasShutdownFlag) return;
    this.hasShutdownFlag = true;
    this.udp?.close();
    this.udp = null;
    this.streams?.close();
    this.streams = null;
    for (const t of this.tickers) t.cancel();
    this.tickers = [];
    this.pushPullTimer?.cancel();
    this.pushPullTimer = null;
    for (const s of this.nodeTimers.values()) s.stop();
    this.nodeTimers.clear();
    for (const h of this.ackHandlers.values()) h.timer.cancel();
    this.ackHandlers.clear();
    this.timers.close();
    if (this.ownsProcess) this.process.stop();
    this.leaveWaiter = null;
    const abort = this.leaveAbort;
    this.leaveAbort = null;
    abort?.();
    this.note('shutdown');
  }

  /** Freeze the process (docker pause): no timer runs, arriving packets wait in the socket. */
  pause(): void {
    this.process.pause();
  }

  resume(): void {
    this.process.resume();
  }

  // ================================================================== scheduling

  private schedule(): void {
    const c = this.config;
    if (c.probeInterval > 0) this.tickers.push(this.timers.every(c.probeInterval, 'memberlist probe', () => this.probeTick()));
    if (c.gossipInterval > 0 && c.gossipNodes > 0) this.tickers.push(this.timers.every(c.gossipInterval, 'memberlist gossip', () => this.gossip()));
    if (c.pushPullInterval > 0) {
      // a random stagger, then a push/pull every (scaled) interval after the previous one ends
      const stagger = this.rng.int(c.pushPullInterval);
      const loop = () => {
        this.pushPullTimer = this.timers.after(pushPullScale(c.pushPullInterval, this.estNumNodes()), 'memberlist push/pull', () => this.pushPull(loop));
      };
      this.pushPullTimer = this.timers.after(stagger, 'memberlist push/pull stagger', loop);
    }
  }

  // ================================================================== probing

  /** The probe ticker: a tick that comes while a probe is still running waits for it (once). */
  private probeTick(): void {
    if (this.probing) {
      this.probeTickPending = true;
      return;
    }
    this.probe();
  }

  private probe(): void {
    let numCheck = 0;
    for (;;) {
      if (numCheck >= this.nodes.length) return;
      if (this.probeIndex >= this.nodes.length) {
        this.resetNodes();
        this.probeIndex = 0;
        numCheck++;
        continue;
      }
      const node = this.nodes[this.probeIndex];
      this.probeIndex++;
      if (node.name === this.config.name || deadOrLeft(node)) {
        numCheck++;
        continue;
      }
      this.probeNode({ name: node.name, addr: node.addr, port: node.port, incarnation: node.incarnation, state: node.state });
      return;
    }
  }

  /** Reap the dead whose gossip-to-the-dead time is over and reshuffle (resetNodes). */
  private resetNodes(): void {
    const now = this.timers.now();
    const deadIdx = moveDeadNodes(this.nodes, this.config.gossipToTheDeadTime, now);
    for (let i = deadIdx; i < this.nodes.length; i++) {
      this.nodeMap.delete(this.nodes[i].name);
      this.note(`forgot ${this.nodes[i].name} (${this.nodes[i].state} for more than ${goDuration(this.config.gossipToTheDeadTime)})`);
    }
    this.nodes = this.nodes.slice(0, deadIdx);
    this.numNodes = deadIdx;
    shuffleNodes(this.rng, this.nodes);
  }

  /** One round of failure checking on a node (state.go probeNode), as a chain of events. */
  private probeNode(node: ProbeTarget): void {
    const c = this.config;
    this.probing = true;
    const probeInterval = this.awareness.scaleTimeout(c.probeInterval);
    const ping: PingMsg = { type: 'ping', seqNo: this.nextSeqNo(), node: node.name, sourceAddr: this.bindIp, sourcePort: c.port, sourceNode: c.name };
    const sent = this.timers.now();
    const deadline = sent + probeInterval;
    let awarenessDelta = 0;
    let finished = false;
    let phase: 'direct' | 'indirect' = 'direct';
    let nacks = 0;
    let expectedNacks = 0;
    let ackTimedOut = false;
    let fallback: 'none' | 'pending' | 'contact' | 'no-contact' = 'none';
    let probeTimeoutTimer: ProcTimer | null = null;

    const finish = () => {
      if (finished) return;
      finished = true;
      probeTimeoutTimer?.cancel();
      this.awareness.applyDelta(awarenessDelta);
      this.probing = false;
      if (this.probeTickPending && !this.hasShutdownFlag) {
        this.probeTickPending = false;
        this.probe();
      }
    };

    const concluded = () => {
      // every UDP chance is gone and the TCP ping has finished
      if (finished || !ackTimedOut || fallback === 'pending') return;
      if (fallback === 'contact') {
        this.log('warn', `memberlist: Was able to connect to ${node.name} over TCP but UDP probes failed, network may be misconfigured`, ML_CALLER.tcpButNotUdp);
        finish();
        return;
      }
      awarenessDelta = 0;
      if (expectedNacks > 0) {
        if (nacks < expectedNacks) awarenessDelta += expectedNacks - nacks;
      } else awarenessDelta += 1;
      this.log('info', `memberlist: Suspect ${node.name} has failed, no acks received`, ML_CALLER.suspectFailed);
      const s: SuspectMsg = { type: 'suspect', incarnation: node.incarnation, node: node.name, from: c.name };
      this.suspectNode(s);
      finish();
    };

    const handleRemoteFailure = () => {
      if (finished) return;
      phase = 'indirect';
      const kNodes = kRandomNodes(this.rng, c.indirectChecks, this.nodes, (n) => n.name === c.name || n.name === node.name || n.state !== 'alive');
      const ind: IndirectPingMsg = { type: 'indirect-ping', seqNo: ping.seqNo, target: node.addr, port: node.port, node: node.name, nack: true, sourceAddr: this.bindIp, sourcePort: c.port, sourceNode: c.name };
      for (const peer of kNodes) {
        // every member speaks protocol 5 here, so every relay is asked for a nack
        expectedNacks++;
        const err = this.encodeAndSendMsg(peer.addr, peer.port, ind, `memberlist indirect-ping from ${c.name} via ${peer.name} to ${node.name} (probe)`);
        if (err) this.log('error', `memberlist: Failed to send indirect UDP ping: ${err}`, ML_CALLER.failedSendIndirect);
      }
      if (c.tcpPings) {
        fallback = 'pending';
        this.sendPingAndWaitForAck(node, ping, deadline, (didContact, err) => {
          if (err) {
            const to = err.timeout ? `timeout ${goDuration(probeInterval)}: ` : '';
            this.log('error', `memberlist: Failed fallback TCP ping: ${to}${err.text}`, ML_CALLER.failedFallback);
          }
          fallback = didContact ? 'contact' : 'no-contact';
          concluded();
        });
      }
    };

    this.setProbeChannels(
      ping.seqNo,
      () => {
        // an ack (direct, or relayed by an indirect prober) ends the probe successfully
        if (finished) return;
        finish();
      },
      () => {
        nacks++;
      },
      probeInterval,
      () => {
        ackTimedOut = true;
        if (phase === 'direct') {
          // the edge case where the whole interval passed before the probe timeout
          handleRemoteFailure();
        }
        concluded();
      }
    );

    let sendErr: string | null;
    if (node.state === 'alive') {
      sendErr = this.encodeAndSendMsg(node.addr, node.port, ping, `memberlist ping from ${c.name} to ${node.name} (probe)`);
      if (sendErr) this.log('error', `memberlist: Failed to send UDP ping: ${sendErr}`, ML_CALLER.failedSendPing);
    } else {
      const s: SuspectMsg = { type: 'suspect', incarnation: node.incarnation, node: node.name, from: c.name };
      const compound = makeCompound([encodeMessage(ping), encodeMessage(s)]);
      sendErr = this.rawSendMsgPacket(node.addr, node.port, true, compound, `memberlist ping+suspect from ${c.name} to ${node.name} (probe; ${node.name} is ${node.state})`);
      if (sendErr) this.log('error', `memberlist: Failed to send UDP compound ping and suspect message to ${hostPort(node.addr, node.port)}: ${sendErr}`, ML_CALLER.failedSendCompound);
    }
    if (sendErr) {
      // a failed UDP write counts as a failure of the remote: go straight to the indirect checks
      handleRemoteFailure();
      return;
    }
    awarenessDelta = -1;
    probeTimeoutTimer = this.timers.after(c.probeTimeout, 'memberlist probe timeout', () => {
      if (finished || phase !== 'direct') return;
      this.log('debug', `memberlist: Failed UDP ping: ${node.name} (timeout reached)`, ML_CALLER.failedUdpPing);
      handleRemoteFailure();
    });
  }

  /** The TCP fallback ping (net.go sendPingAndWaitForAck); dial failures are silent. */
  private sendPingAndWaitForAck(node: ProbeTarget, ping: PingMsg, deadline: number, cb: (didContact: boolean, err: { text: string; timeout: boolean } | null) => void): void {
    const streams = this.streams;
    if (!streams) {
      cb(false, null);
      return;
    }
    const now = this.timers.now();
    streams.dial(node.addr, node.port, deadline - now, `memberlist TCP ping from ${this.config.name} to ${node.name} (fallback)`, (r) => {
      if (!r.ok) {
        cb(false, null);
        return;
      }
      const conn = r.stream;
      conn.write(this.streamBytes(encodeMessage(ping)));
      conn.readFrame(deadline, (m) => {
        conn.close();
        if (!m.ok) {
          cb(false, { text: m.error, timeout: m.error.endsWith('i/o timeout') });
          return;
        }
        const d = decodeMessage(m.value);
        if (!d.ok || d.value.type !== 'ack') {
          cb(false, { text: `Unexpected msgType (${m.value[0]}) from ping from=${conn.remoteDesc()}`, timeout: false });
          return;
        }
        if (d.value.seqNo !== ping.seqNo) {
          cb(false, { text: `Sequence number from ack (${d.value.seqNo}) doesn't match ping (${ping.seqNo})`, timeout: false });
          return;
        }
        cb(true, null);
      });
    });
  }

  private setProbeChannels(seqNo: number, ackFn: () => void, nackFn: (() => void) | null, timeoutMs: number, onTimeout: () => void): void {
    const timer = this.timers.after(timeoutMs, 'memberlist ack timeout', () => {
      this.ackHandlers.delete(seqNo);
      onTimeout();
    });
    this.ackHandlers.set(seqNo, { ackFn, nackFn, timer });
  }

  private setAckHandler(seqNo: number, ackFn: () => void, timeoutMs: number): void {
    const timer = this.timers.after(timeoutMs, 'memberlist ack handler reap', () => {
      this.ackHandlers.delete(seqNo);
    });
    this.ackHandlers.set(seqNo, { ackFn, nackFn: null, timer });
  }

  private invokeAckHandler(seqNo: number): void {
    const h = this.ackHandlers.get(seqNo);
    if (!h) return;
    this.ackHandlers.delete(seqNo);
    h.timer.cancel();
    h.ackFn();
  }

  private invokeNackHandler(seqNo: number): void {
    const h = this.ackHandlers.get(seqNo);
    if (!h || !h.nackFn) return;
    h.nackFn();
  }

  // ================================================================== gossip and push/pull

  private gossip(): void {
    const c = this.config;
    const now = this.timers.now();
    const kNodes = kRandomNodes(this.rng, c.gossipNodes, this.nodes, (n) => {
      if (n.name === c.name) return true;
      switch (n.state) {
        case 'alive':
        case 'suspect':
          return false;
        case 'dead':
          // gossip to the dead: a node declared dead still hears about it for a while
          return now - n.stateChange > c.gossipToTheDeadTime;
        default:
          return true;
      }
    });
    let bytesAvail = c.udpBufferSize - COMPOUND_HEADER_OVERHEAD;
    if (this.key) bytesAvail -= ENCRYPT_OVERHEAD;
    for (const node of kNodes) {
      const msgs = this.broadcasts.getBroadcasts(COMPOUND_OVERHEAD, bytesAvail);
      if (!msgs.length) return;
      const why = `memberlist gossip from ${c.name} to ${node.name}: ${msgs.map((b) => b.what).join(', ')}`;
      const payload = msgs.length === 1 ? msgs[0].msg : makeCompound(msgs.map((b) => b.msg));
      const err = this.rawSendMsgPacket(node.addr, node.port, true, payload, why);
      if (err) this.log('error', `memberlist: Failed to send gossip to ${hostPort(node.addr, node.port)}: ${err}`, ML_CALLER.gossipSendFailed);
    }
  }

  private pushPull(then: () => void): void {
    const nodes = kRandomNodes(this.rng, 1, this.nodes, (n) => n.name === this.config.name || n.state !== 'alive');
    if (!nodes.length) {
      then();
      return;
    }
    const node = nodes[0];
    this.pushPullNode(node.addr, node.port, node.name, false, (err) => {
      if (err) this.log('error', `memberlist: Push/Pull with ${node.name} failed: ${err}`, ML_CALLER.pushPullFailed);
      then();
    });
  }

  /** A complete state exchange with one node over TCP (the join, and every 30 s). */
  private pushPullNode(ip: number, port: number, name: string, join: boolean, cb: (err: string | null) => void): void {
    const streams = this.streams;
    if (!streams) {
      cb('memberlist is shut down');
      return;
    }
    const c = this.config;
    const label = join ? 'join' : 'push/pull';
    streams.dial(ip, port, c.tcpTimeout, `memberlist ${label} from ${c.name} to ${name || formatIpv4(ip)}`, (r) => {
      if (!r.ok) {
        cb(r.error);
        return;
      }
      const conn = r.stream;
      this.log('debug', `memberlist: Initiating push/pull sync with: ${name} ${conn.remoteDesc()}`, ML_CALLER.initiatingPushPull);
      conn.write(this.streamBytes(encodeMessage(this.localState(join))));
      conn.readFrame(this.timers.now() + c.tcpTimeout, (m) => {
        conn.close();
        if (!m.ok) {
          cb(m.error);
          return;
        }
        if (m.value[0] === MSG.err) {
          const d = decodeMessage(m.value);
          cb(d.ok && d.value.type === 'err' ? d.value.error : 'remote error');
          return;
        }
        if (m.value[0] !== MSG.pushPull) {
          cb(`received invalid msgType (${m.value[0]}), expected pushPullMsg (${MSG.pushPull}) from=${conn.remoteDesc()}`);
          return;
        }
        const d = decodeMessage(m.value);
        if (!d.ok || d.value.type !== 'push-pull') {
          cb(d.ok ? 'EOF' : d.error);
          return;
        }
        this.mergeState(d.value.nodes);
        cb(null);
      });
    });
  }

  private localState(join: boolean): PushPullMsg {
    return {
      type: 'push-pull',
      join,
      nodes: this.nodes.map((n): PushNodeState => ({ name: n.name, addr: n.addr, port: n.port, meta: n.meta, incarnation: n.incarnation, state: n.state, vsn: n.vsn }))
    };
  }

  /** An accepted TCP connection (net.go handleConn). */
  private handleConn(conn: Stream): void {
    const c = this.config;
    const from = `from=${conn.remoteDesc()}`;
    this.log('debug', `memberlist: Stream connection ${from}`, ML_CALLER.streamConnection);
    conn.readFrame(this.timers.now() + c.tcpTimeout, (m) => {
      if (!m.ok) {
        if (m.error !== 'EOF') {
          this.log('error', `memberlist: failed to receive: ${m.error} ${from}`, ML_CALLER.failedReceive);
          conn.write(this.streamBytes(encodeMessage({ type: 'err', error: m.error })));
        }
        conn.close();
        return;
      }
      const d = decodeMessage(m.value);
      if (!d.ok) {
        this.log('error', `memberlist: Received invalid msgType (${m.value[0]}) ${from}`, ML_CALLER.invalidMsgType);
        conn.close();
        return;
      }
      const msg = d.value;
      if (msg.type === 'push-pull') {
        conn.write(this.streamBytes(encodeMessage(this.localState(msg.join))));
        conn.close();
        this.mergeState(msg.nodes);
        return;
      }
      if (msg.type === 'ping') {
        if (msg.node !== '' && msg.node !== c.name) {
          this.log('warn', `memberlist: Got ping for unexpected node ${msg.node} ${from}`, ML_CALLER.unexpectedStreamPing);
          conn.close();
          return;
        }
        conn.write(this.streamBytes(encodeMessage({ type: 'ack', seqNo: msg.seqNo })));
        conn.close();
        return;
      }
      this.log('error', `memberlist: Received invalid msgType (${m.value[0]}) ${from}`, ML_CALLER.invalidMsgType);
      conn.close();
    });
  }

  /** mergeState: what a push/pull told us, through the same rules as gossip. */
  private mergeState(remote: readonly PushNodeState[]): void {
    for (const r of remote) {
      switch (r.state) {
        case 'alive':
          this.aliveNode({ type: 'alive', incarnation: r.incarnation, node: r.name, addr: r.addr, port: r.port, meta: r.meta, vsn: r.vsn }, null, false);
          break;
        case 'left':
          this.deadNode({ type: 'dead', incarnation: r.incarnation, node: r.name, from: r.name });
          break;
        case 'dead':
        // a node the remote believes dead is only suspected here
        case 'suspect':
          this.suspectNode({ type: 'suspect', incarnation: r.incarnation, node: r.name, from: this.config.name });
          break;
      }
    }
  }

  // ================================================================== state changes (state.go)

  private setAlive(): void {
    const c = this.config;
    const a: AliveMsg = { type: 'alive', incarnation: this.nextIncarnation(), node: c.name, addr: this.bindIp, port: c.port, meta: c.meta ?? new Uint8Array(0), vsn: [...MEMBERLIST_VSN] };
    this.aliveNode(a, null, true);
  }

  private aliveNode(a: AliveMsg, notify: (() => void) | null, bootstrap: boolean): void {
    const c = this.config;
    if (this.hasLeftFlag && a.node === c.name) return;
    let state = this.nodeMap.get(a.node);
    let updatesNode = false;
    if (!state) {
      state = { name: a.node, addr: a.addr, port: a.port, meta: a.meta, vsn: a.vsn.length > 5 ? [...a.vsn] : [...MEMBERLIST_VSN], incarnation: 0, state: 'dead', stateChange: this.timers.now() };
      this.nodeMap.set(a.node, state);
      // insert at a random position so that probe order is not join order
      const n = this.nodes.length;
      const offset = randomOffset(this.rng, n);
      this.nodes.push(state);
      [this.nodes[offset], this.nodes[n]] = [this.nodes[n], this.nodes[offset]];
      this.numNodes++;
    } else if (state.addr !== a.addr || state.port !== a.port) {
      if (state.state === 'left') {
        this.log('info', `memberlist: Updating address for left or failed node ${state.name} from ${hostPort(state.addr, state.port)} to ${hostPort(a.addr, a.port)}`, ML_CALLER.updatingAddress);
        updatesNode = true;
      } else {
        this.log('error', `memberlist: Conflicting address for ${state.name}. Mine: ${hostPort(state.addr, state.port)} Theirs: ${hostPort(a.addr, a.port)} Old state: ${goStateNumber(state.state)}`, ML_CALLER.conflictingAddress);
        return;
      }
    }
    const isLocalNode = state.name === c.name;
    if (a.incarnation <= state.incarnation && !isLocalNode && !updatesNode) return;
    if (a.incarnation < state.incarnation && isLocalNode) return;

    this.clearSuspicion(a.node);
    const oldState = state.state;
    const oldMeta = state.meta;

    if (!bootstrap && isLocalNode) {
      const versions = state.vsn;
      if (a.incarnation === state.incarnation && bytesEqual(a.meta, state.meta) && bytesEqual(Uint8Array.from(a.vsn), Uint8Array.from(versions))) return;
      this.refute(state, a.incarnation);
      this.log(
        'warn',
        `memberlist: Refuting an alive message for '${a.node}' (${formatIpv4(a.addr)}:${a.port}) meta:(${goBytes(a.meta)} VS ${goBytes(state.meta)}), vsn:(${goBytes(Uint8Array.from(a.vsn))} VS ${goBytes(Uint8Array.from(versions))})`,
        ML_CALLER.refuteAlive
      );
    } else {
      this.encodeBroadcastNotify(a.node, a, `alive ${a.node} (incarnation ${a.incarnation})`, notify);
      if (a.vsn.length > 5) state.vsn = [...a.vsn];
      state.incarnation = a.incarnation;
      state.meta = a.meta;
      state.addr = a.addr;
      state.port = a.port;
      if (state.state !== 'alive') {
        state.state = 'alive';
        state.stateChange = this.timers.now();
      }
    }
    if (oldState === 'dead' || oldState === 'left') {
      if (!isLocalNode || bootstrap) this.note(`${a.node} is alive (incarnation ${state.incarnation})`);
      this.emitEvent('NodeJoin', state);
    } else if (!bytesEqual(oldMeta, state.meta)) {
      this.emitEvent('NodeUpdate', state);
    } else if (oldState === 'suspect') {
      this.note(`${a.node} refuted the suspicion (incarnation ${state.incarnation})`);
    }
  }

  private suspectNode(s: SuspectMsg): void {
    const c = this.config;
    const state = this.nodeMap.get(s.node);
    if (!state) return;
    if (s.incarnation < state.incarnation) return;
    const timer = this.nodeTimers.get(s.node);
    if (timer) {
      // an independent confirmation shortens the suspicion, and is passed on
      if (timer.confirm(s.from)) {
        this.note(`${s.from} confirms ${s.node} is suspect (${timer.n} of ${timer.k}); dead at ${fmtT(timer.deadline())}`);
        this.encodeAndBroadcast(s.node, s, `suspect ${s.node} (from ${s.from})`);
      }
      return;
    }
    if (state.state !== 'alive') return;
    if (state.name === c.name) {
      this.refute(state, s.incarnation);
      this.log('warn', `memberlist: Refuting a suspect message (from: ${s.from})`, ML_CALLER.refuteSuspect);
      return;
    }
    this.encodeAndBroadcast(s.node, s, `suspect ${s.node} (from ${s.from})`);
    state.incarnation = s.incarnation;
    state.state = 'suspect';
    const changeTime = this.timers.now();
    state.stateChange = changeTime;

    const n = this.estNumNodes();
    const k = suspicionK(c.suspicionMult, n);
    const min = suspicionTimeout(c.suspicionMult, n, c.probeInterval);
    const max = c.suspicionMaxTimeoutMult * min;
    const suspicion = new Suspicion(this.timers, s.from, k, min, max, `memberlist suspicion of ${s.node}`, (numConfirmations) => {
      const st = this.nodeMap.get(s.node);
      const timeout = !!st && st.state === 'suspect' && st.stateChange === changeTime;
      if (!timeout || !st) return;
      if (this.nodeTimers.get(s.node) === suspicion) this.nodeTimers.delete(s.node);
      this.log('info', `memberlist: Marking ${st.name} as failed, suspect timeout reached (${numConfirmations} peer confirmations)`, ML_CALLER.markFailed);
      this.deadNode({ type: 'dead', incarnation: st.incarnation, node: st.name, from: c.name });
    });
    this.nodeTimers.set(s.node, suspicion);
    this.note(`${s.node} is suspect (incarnation ${s.incarnation}, from ${s.from}); n=${n} k=${k}: dead at ${fmtT(suspicion.deadline())} unless refuted`);
  }

  private deadNode(d: DeadMsg): void {
    const c = this.config;
    const state = this.nodeMap.get(d.node);
    if (!state) return;
    if (d.incarnation < state.incarnation) return;
    this.clearSuspicion(d.node);
    if (deadOrLeft(state)) return;
    if (state.name === c.name) {
      if (!this.hasLeftFlag) {
        this.refute(state, d.incarnation);
        this.log('warn', `memberlist: Refuting a dead message (from: ${d.from})`, ML_CALLER.refuteDead);
        return;
      }
      // we are leaving: this broadcast is the one Leave waits for
      this.encodeBroadcastNotify(d.node, d, `left ${d.node}`, () => {
        const w = this.leaveWaiter;
        this.leaveWaiter = null;
        w?.();
      });
    } else {
      this.encodeAndBroadcast(d.node, d, d.node === d.from ? `left ${d.node}` : `dead ${d.node} (from ${d.from})`);
    }
    state.incarnation = d.incarnation;
    state.state = d.node === d.from ? 'left' : 'dead';
    state.stateChange = this.timers.now();
    this.note(`${d.node} is ${state.state} (incarnation ${d.incarnation}, from ${d.from})`);
    this.emitEvent('NodeLeave', state);
  }

  /** Gossip an alive message with an incarnation that beats the accusation. */
  private refute(me: NodeState, accusedInc: number): void {
    let inc = this.nextIncarnation();
    if (accusedInc >= inc) {
      this.incarnation += accusedInc - inc + 1;
      inc = this.incarnation;
    }
    me.incarnation = inc;
    this.awareness.applyDelta(1);
    const a: AliveMsg = { type: 'alive', incarnation: inc, node: me.name, addr: me.addr, port: me.port, meta: me.meta, vsn: [...me.vsn] };
    // memberlist keys its own refutations by address, not by name
    this.encodeAndBroadcast(formatIpv4(me.addr), a, `alive ${me.name} (incarnation ${inc}, refutation)`);
    this.note(`refutes with incarnation ${inc}`);
  }

  private clearSuspicion(name: string): void {
    const t = this.nodeTimers.get(name);
    if (!t) return;
    t.stop();
    this.nodeTimers.delete(name);
  }

  private anyAlive(): boolean {
    return this.nodes.some((n) => !deadOrLeft(n) && n.name !== this.config.name);
  }

  private nextSeqNo(): number {
    this.sequenceNum = (this.sequenceNum + 1) >>> 0;
    return this.sequenceNum;
  }

  private nextIncarnation(): number {
    this.incarnation = (this.incarnation + 1) >>> 0;
    return this.incarnation;
  }

  // ================================================================== packets in

  private ingestPacket(p: PacketIn): void {
    const from = `from=${hostPort(p.fromIp, p.fromPort)}`;
    let buf = p.payload;
    if (this.key) {
      const plain = open(this.key, buf);
      if (!plain.ok) {
        this.log('error', `memberlist: Decrypt packet failed: ${plain.error} ${from}`, ML_CALLER.decryptFailed);
        return;
      }
      buf = plain.value;
    }
    this.handleCommand(buf, p, from);
  }

  private handleCommand(buf: Uint8Array, p: PacketIn, from: string): void {
    if (buf.length < 1) {
      this.log('error', `memberlist: missing message type byte ${from}`, ML_CALLER.unsupportedMsg);
      return;
    }
    const t = buf[0];
    if (t === MSG.compound) {
      const parts = splitCompound(buf.subarray(1));
      if (!parts) {
        this.log('error', `memberlist: Failed to decode compound request: missing compound length byte ${from}`, ML_CALLER.decodeFailed);
        return;
      }
      if (parts.truncated > 0) this.log('warn', `memberlist: Compound request had ${parts.truncated} truncated messages ${from}`, ML_CALLER.compoundTruncated);
      for (const part of parts.parts) this.handleCommand(part, p, from);
      return;
    }
    if (t === MSG.hasCrc) {
      if (buf.length < 5) return;
      const want = new DataView(buf.buffer, buf.byteOffset, buf.byteLength).getUint32(1);
      const rest = buf.subarray(5);
      const got = crc32(rest);
      if (want !== got) {
        this.log('warn', `memberlist: Got invalid checksum for UDP packet: ${want.toString(16)}, ${got.toString(16)}`, ML_CALLER.badChecksum);
        return;
      }
      this.handleCommand(rest, p, from);
      return;
    }
    const d = decodeMessage(buf);
    if (!d.ok) {
      if (d.error.startsWith('msg type')) this.log('error', `memberlist: ${d.error} ${from}`, ML_CALLER.unsupportedMsg);
      else this.log('error', `memberlist: Failed to decode message type ${t}: ${d.error} ${from}`, ML_CALLER.decodeFailed);
      return;
    }
    const m = d.value;
    switch (m.type) {
      case 'ping':
        this.handlePing(m, p, from);
        return;
      case 'indirect-ping':
        this.handleIndirectPing(m, p);
        return;
      case 'ack':
        this.invokeAckHandler(m.seqNo);
        return;
      case 'nack':
        this.invokeNackHandler(m.seqNo);
        return;
      case 'suspect':
        this.suspectNode(m);
        return;
      case 'alive':
        this.aliveNode(m.port === 0 ? { ...m, port: this.config.port } : m, null, false);
        return;
      case 'dead':
        this.deadNode(m);
        return;
      default:
        this.log('error', `memberlist: msg type (${t}) not supported ${from}`, ML_CALLER.unsupportedMsg);
    }
  }

  private handlePing(ping: PingMsg, p: PacketIn, from: string): void {
    const c = this.config;
    if (ping.node !== '' && ping.node !== c.name) {
      this.log('warn', `memberlist: Got ping for unexpected node '${ping.node}' ${from}`, ML_CALLER.unexpectedPing);
      return;
    }
    const toIp = ping.sourceAddr !== 0 && ping.sourcePort > 0 ? ping.sourceAddr : p.fromIp;
    const toPort = ping.sourceAddr !== 0 && ping.sourcePort > 0 ? ping.sourcePort : p.fromPort;
    const err = this.encodeAndSendMsg(toIp, toPort, { type: 'ack', seqNo: ping.seqNo }, `memberlist ack from ${c.name} to ${ping.sourceNode || formatIpv4(toIp)}`);
    if (err) this.log('error', `memberlist: Failed to send ack: ${err} ${from}`, ML_CALLER.failedSendAck);
  }

  /** Probe a node on another member's behalf and relay the ack (or a nack). */
  private handleIndirectPing(ind: IndirectPingMsg, p: PacketIn): void {
    const c = this.config;
    const localSeqNo = this.nextSeqNo();
    const ping: PingMsg = { type: 'ping', seqNo: localSeqNo, node: ind.node, sourceAddr: this.bindIp, sourcePort: c.port, sourceNode: c.name };
    const indIp = ind.sourceAddr !== 0 ? ind.sourceAddr : p.fromIp;
    const indPort = ind.sourceAddr !== 0 ? ind.sourcePort : p.fromPort;
    const requester = ind.sourceNode || formatIpv4(indIp);
    let nackTimer: ProcTimer | null = null;
    this.setAckHandler(
      localSeqNo,
      () => {
        nackTimer?.cancel();
        const err = this.encodeAndSendMsg(indIp, indPort, { type: 'ack', seqNo: ind.seqNo }, `memberlist ack from ${c.name} to ${requester} (relayed for ${ind.node})`);
        if (err) this.log('error', `memberlist: Failed to forward ack: ${err} from=${hostPort(indIp, indPort)}`, ML_CALLER.failedForwardAck);
      },
      c.probeTimeout
    );
    const err = this.encodeAndSendMsg(ind.target, ind.port, ping, `memberlist ping from ${c.name} to ${ind.node} (indirect probe for ${requester})`);
    if (err) this.log('error', `memberlist: Failed to send indirect ping: ${err} from=${hostPort(indIp, indPort)}`, ML_CALLER.failedSendIndirectPing);
    if (ind.nack) {
      nackTimer = this.timers.after(c.probeTimeout, 'memberlist nack timer', () => {
        const e = this.encodeAndSendMsg(indIp, indPort, { type: 'nack', seqNo: ind.seqNo }, `memberlist nack from ${c.name} to ${requester} (no ack from ${ind.node})`);
        if (e) this.log('error', `memberlist: Failed to send nack: ${e} from=${hostPort(indIp, indPort)}`, ML_CALLER.failedSendNack);
      });
    }
  }

  // ================================================================== packets out

  /** encodeAndSendMsg / sendMsg: one message, with whatever gossip fits piggybacked. */
  private encodeAndSendMsg(ip: number, port: number, m: Message, why: string): string | null {
    const msg = encodeMessage(m);
    let bytesAvail = this.config.udpBufferSize - msg.length - COMPOUND_HEADER_OVERHEAD;
    if (this.key) bytesAvail -= ENCRYPT_OVERHEAD;
    const extra = this.broadcasts.getBroadcasts(COMPOUND_OVERHEAD, bytesAvail);
    if (!extra.length) return this.rawSendMsgPacket(ip, port, false, msg, why);
    const compound = makeCompound([msg, ...extra.map((b) => b.msg)]);
    return this.rawSendMsgPacket(ip, port, false, compound, `${why} + gossip: ${extra.map((b) => b.what).join(', ')}`);
  }

  /**
   * rawSendMsgPacket: a CRC when the recipient is a known node (memberlist only finds the node
   * when it was handed one: gossip and the ping+suspect), then the encryption, then UDP.
   */
  private rawSendMsgPacket(ip: number, port: number, knownNode: boolean, msg: Uint8Array, why: string): string | null {
    if (!this.udp) return 'use of closed network connection';
    let out = knownNode ? addCrc(msg) : msg;
    if (this.key) out = seal(this.key, this.nonceRng.bytes(12), out);
    return this.udp.send(ip, port, out, why);
  }

  private streamBytes(msg: Uint8Array): Uint8Array {
    const framed = frameStream(msg);
    return this.key ? sealStream(this.key, this.nonceRng.bytes(12), framed) : framed;
  }

  private encodeAndBroadcast(key: string, m: Message, what: string): void {
    this.encodeBroadcastNotify(key, m, what, null);
  }

  private encodeBroadcastNotify(key: string, m: Message, what: string, notify: (() => void) | null): void {
    const b: Broadcast = { key, msg: encodeMessage(m), what };
    if (notify) b.finished = notify;
    this.broadcasts.queue(b);
  }

  // ================================================================== outputs

  private emitEvent(type: MemberEventType, n: NodeState): void {
    if (this.hasShutdownFlag) return;
    this.events?.(type, { name: n.name, addr: formatIpv4(n.addr), port: n.port });
  }

  private log(level: MemberlistLogLevel, msg: string, caller: string): void {
    this.logger?.(level, msg, { caller });
  }

  private note(text: string): void {
    this.sim.trace.emit(this.sim.scheduler.now(), { type: 'note', topic: 'memberlist', text: `${this.config.name}: ${text}` });
  }
}

/** The same as Memberlist.create. */
export function createMemberlist(config: MemberlistConfig, deps: MemberlistDeps): CreateResult {
  return Memberlist.create(config, deps);
}

function resolveAddr(s: string, defaultPort: number): { ip: number; port: number } | null {
  const m = /^(\d+\.\d+\.\d+\.\d+)(?::(\d+))?$/.exec(s.trim());
  if (!m) return null;
  const ip = parseIpv4(m[1]);
  if (ip === null) return null;
  const port = m[2] === undefined ? defaultPort : Number(m[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return null;
  return { ip: ip >>> 0, port };
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Go's %v of a []byte: [1 5 2 0 0 0]. */
function goBytes(b: Uint8Array): string {
  return `[${[...b].join(' ')}]`;
}

/** memberlist prints NodeStateType as its number. */
function goStateNumber(s: NodeStateType): number {
  return { alive: 0, suspect: 1, dead: 2, left: 3 }[s];
}

function fmtT(t: number | null): string {
  return t === null ? '-' : `t=${(t / 1000).toFixed(3)}s`;
}
