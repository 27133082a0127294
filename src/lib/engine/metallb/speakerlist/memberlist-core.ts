/**
 * The state of one hashicorp/memberlist v0.5.1 instance (the Memberlist struct of
 * memberlist.go and its nodeState table, state.go), shared by the modules that implement it:
 * probe.ts, ack-handlers.ts, gossip.ts, push-pull.ts, transitions.ts, packets-in.ts,
 * packets-out.ts and leave.ts. Only the small primitives every one of them uses live here
 * (sequence and incarnation numbers, events, logging, the trace).
 */
import { formatIpv4 } from '../../net/addr';
import type { NetHost } from '../../net/host';
import type { Rng } from '../../sim/prng';
import { Awareness } from './awareness';
import { TransmitLimitedQueue } from './broadcast';
import type { MemberlistConfig } from './config';
import type { MemberlistLogLevel } from './log';
import { keyFingerprint } from './messages';
import type { EventDelegate, MemberEventType, MemberlistDeps, MemberlistLogger, MemberlistSim } from './memberlist-types';
import { type NodeState, deadOrLeft } from './state';
import type { Suspicion } from './suspicion';
import { ProcessTimers, type ProcTimer, TimerGroup } from './timers';
import type { StreamTransport, UdpSocket } from './transport';

export interface AckHandler {
  ackFn: () => void;
  nackFn: (() => void) | null;
  timer: ProcTimer;
}

/** A node copied at probe time (memberlist probes a copy of the nodeState). */
export type ProbeTarget = Pick<NodeState, 'name' | 'addr' | 'port' | 'incarnation' | 'state'>;

export class MemberlistCore {
  readonly config: Readonly<MemberlistConfig>;
  readonly host: NetHost;
  readonly sim: MemberlistSim;
  readonly rng: Rng;
  readonly nonceRng: Rng;
  readonly events: EventDelegate | undefined;
  readonly logger: MemberlistLogger | undefined;
  readonly process: ProcessTimers;
  readonly ownsProcess: boolean;
  readonly timers: TimerGroup;
  readonly bindIp: number;
  readonly key: Uint8Array | null;
  udp: UdpSocket | null = null;
  streams: StreamTransport | null = null;

  nodes: NodeState[] = [];
  nodeMap = new Map<string, NodeState>();
  nodeTimers = new Map<string, Suspicion>();
  numNodes = 0;
  probeIndex = 0;
  sequenceNum = 0;
  incarnation = 0;
  readonly awareness: Awareness;
  readonly broadcasts: TransmitLimitedQueue;
  ackHandlers = new Map<number, AckHandler>();
  hasLeftFlag = false;
  hasShutdownFlag = false;
  leaveWaiter: (() => void) | null = null;
  leaveAbort: (() => void) | null = null;
  probing = false;
  probeTickPending = false;
  tickers: ProcTimer[] = [];
  pushPullTimer: ProcTimer | null = null;

  constructor(config: MemberlistConfig, deps: MemberlistDeps, bindIp: number) {
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

  /** The estimate of the cluster size used for timeouts (nodes in the table, dead ones too). */
  estNumNodes(): number {
    return this.numNodes;
  }

  anyAlive(): boolean {
    return this.nodes.some((n) => !deadOrLeft(n) && n.name !== this.config.name);
  }

  nextSeqNo(): number {
    this.sequenceNum = (this.sequenceNum + 1) >>> 0;
    return this.sequenceNum;
  }

  nextIncarnation(): number {
    this.incarnation = (this.incarnation + 1) >>> 0;
    return this.incarnation;
  }

  // ================================================================== outputs

  emitEvent(type: MemberEventType, n: NodeState): void {
    if (this.hasShutdownFlag) return;
    this.events?.(type, { name: n.name, addr: formatIpv4(n.addr), port: n.port });
  }

  log(level: MemberlistLogLevel, msg: string, caller: string): void {
    this.logger?.(level, msg, { caller });
  }

  note(text: string): void {
    this.sim.trace.emit(this.sim.scheduler.now(), { type: 'note', topic: 'memberlist', text: `${this.config.name}: ${text}` });
  }
}
