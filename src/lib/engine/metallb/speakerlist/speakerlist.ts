/**
 * MetalLB v0.14.8 `internal/speakerlist/speakerlist.go`: the speaker's wrapper around
 * memberlist. It creates the memberlist (LAN defaults, node name, node IP, port 7946, the
 * secret key), joins the speaker pods it discovers (at start, every minute and on Rejoin),
 * logs every memberlist event and forces a resync of all services on it, and answers
 * UsableSpeakers() with the names of the members that are not dead or left.
 *
 * All of it runs on the speaker's ProcessTimers, so pausing the speaker freezes it.
 */
import type { NetHost } from '../../net/host';
import { type MemberlistConfig, defaultLANConfig } from './config';
import { type MemberlistLogLevel, SL_CALLER } from './log';
import { type JoinResult, type MemberEventType, type MemberNode, type MemberlistSim, Memberlist } from './memberlist';
import { ProcessTimers, type ProcTimer, TimerGroup } from './timers';

/** A log call: `level` and `caller` plus the line's own keys (the JSON logger adds `ts`). */
export type SpeakerListLogFields = { level: MemberlistLogLevel; caller: string } & Record<string, unknown>;
export type SpeakerListLog = (fields: SpeakerListLogFields) => void;

/** Route the lines to a go-kit style logger (`metallb/logging.ts` GoKitLogger has this shape). */
export function speakerListLogTo(logger: { log(level: MemberlistLogLevel, caller: string, fields: Record<string, unknown>): void }): SpeakerListLog {
  return ({ level, caller, ...rest }) => logger.log(level, caller, rest);
}

export interface SpeakerListOptions {
  /** METALLB_NODE_NAME. */
  nodeName: string;
  /** METALLB_ML_BIND_ADDR (the pod IP = the node IP); empty disables memberlist. */
  bindAddr: string;
  /** METALLB_ML_LABELS; empty disables memberlist. Default "app=metallb,component=speaker". */
  labels?: string;
  /** --ml-bindport ("" = 7946). */
  bindPort?: string;
  /** The memberlist secret key ("" = none: a warning, and traffic in the clear). */
  secret?: string;
  /** The node's network namespace (the speaker runs with hostNetwork). */
  host: NetHost;
  sim: MemberlistSim;
  log: SpeakerListLog;
  /** The controller's ForceSync: reprocess every service. */
  forceSync: () => void;
  /** The speaker process (for pause/resume); default one of its own. */
  process?: ProcessTimers;
  /** Overrides of the memberlist configuration (tests). */
  config?: Partial<Omit<MemberlistConfig, 'name' | 'bindAddr'>>;
}

export type CreateSpeakerListResult = { ok: true; speakerList: SpeakerList } | { ok: false; error: string };

/** speakerlist.go: the ticker that joins missing speakers. */
export const JOIN_INTERVAL_MS = 60_000;
/** speakerlist.go updateSpeakerIPs: how often the speaker pod IPs are listed again. */
export const SPEAKER_IPS_REFRESH_MS = 5 * 60_000;
/** speakerlist.go: Leave(time.Second) on shutdown. */
export const LEAVE_TIMEOUT_MS = 1000;
/** speakerlist.go: the event channel's buffer. */
export const EVENT_CHANNEL_SIZE = 1024;

export interface SpeakerListEvent {
  t: number;
  type: MemberEventType;
  node: MemberNode;
}

export class SpeakerList {
  readonly nodeName: string;
  /** Memberlist is off (no bind address or no labels): every speaker counts as usable. */
  readonly disabled: boolean;
  readonly memberlist: Memberlist | null;
  readonly process: ProcessTimers;
  private readonly timers: TimerGroup;
  private readonly log: SpeakerListLog;
  private readonly forceSync: () => void;
  private discover: (() => readonly string[]) | null = null;
  private speakerIPs: string[] = [];
  private eventQueue: SpeakerListEvent[] = [];
  private watching = false;
  private started = false;
  private stopped = false;
  private joining = false;
  private rejoinQueued = false;
  private tickPending = false;
  private loops: ProcTimer[] = [];
  /** Every memberlist event seen, in order (for the UI and tests). */
  readonly history: SpeakerListEvent[] = [];

  private constructor(o: SpeakerListOptions, process: ProcessTimers, memberlist: Memberlist | null) {
    this.nodeName = o.nodeName;
    this.disabled = memberlist === null;
    this.memberlist = memberlist;
    this.process = process;
    this.timers = new TimerGroup(process);
    this.log = o.log;
    this.forceSync = o.forceSync;
  }

  /** speakerlist.New: errors come back as values (and are logged as MetalLB logs them). */
  static create(o: SpeakerListOptions): CreateSpeakerListResult {
    const process = o.process ?? new ProcessTimers(o.sim.scheduler, `${o.nodeName} speaker`);
    const labels = o.labels ?? 'app=metallb,component=speaker';
    if (labels === '' || o.bindAddr === '') {
      o.log({ level: 'info', caller: SL_CALLER.disabled, op: 'startup', msg: 'not starting fast dead node detection (memberlist), need ml-bindaddr / ml-labels config' });
      return { ok: true, speakerList: new SpeakerList(o, process, null) };
    }
    const mconfig: MemberlistConfig = { ...defaultLANConfig(o.nodeName, o.bindAddr), ...o.config };
    if (o.bindPort !== undefined && o.bindPort !== '') {
      const port = /^[+-]?\d+$/.test(o.bindPort) ? Number(o.bindPort) : NaN;
      if (!Number.isSafeInteger(port)) {
        const err = `strconv.Atoi: parsing ${JSON.stringify(o.bindPort)}: invalid syntax`;
        o.log({ level: 'error', caller: SL_CALLER.bindPort, op: 'startup', error: 'unable to parse ml-bindport', msg: err });
        return { ok: false, error: err };
      }
      mconfig.port = port;
    }
    if (!o.secret) {
      o.log({ level: 'warn', caller: SL_CALLER.noSecret, op: 'startup', warning: 'no ml-secret-key set, memberlist traffic will not be encrypted' });
      delete mconfig.secretKey;
    } else mconfig.secretKey = o.secret;

    // the event delegate is a buffered channel read by memberlistWatchEvents once started
    let list: SpeakerList | null = null;
    const early: SpeakerListEvent[] = [];
    const created = Memberlist.create(mconfig, {
      host: o.host,
      sim: o.sim,
      process,
      logger: (level, msg, f) => o.log({ level, caller: f.caller, component: 'Memberlist', msg }),
      events: (type, node) => {
        const e: SpeakerListEvent = { t: o.sim.scheduler.now(), type, node };
        if (list) list.enqueue(e);
        else early.push(e);
      }
    });
    if (!created.ok) {
      o.log({ level: 'error', caller: SL_CALLER.createFailed, op: 'startup', error: created.error, msg: 'failed to create memberlist' });
      return { ok: false, error: created.error };
    }
    list = new SpeakerList(o, process, created.memberlist);
    for (const e of early) list.enqueue(e);
    return { ok: true, speakerList: list };
  }

  /**
   * Start: list the speaker pods' IPs (again every 5 min), start reading memberlist events,
   * and join the missing speakers every minute and on rejoin(). With joinNow (default) a
   * rejoin is triggered at once, as the layer-2 handler does when it first sees its own Node.
   */
  start(discover: () => readonly string[], opts: { joinNow?: boolean } = {}): void {
    if (this.disabled || this.started || this.stopped) return;
    this.started = true;
    this.discover = discover;
    this.speakerIPs = [...discover()];
    this.loops.push(
      this.timers.every(SPEAKER_IPS_REFRESH_MS, 'speakerlist update speaker IPs', () => {
        if (this.discover) this.speakerIPs = [...this.discover()];
      })
    );
    this.watching = true;
    this.flushEvents();
    this.loops.push(
      this.timers.every(JOIN_INTERVAL_MS, 'speakerlist join ticker', () => {
        this.tickPending = true;
        this.kick();
      })
    );
    if (opts.joinNow !== false) this.rejoin();
    else this.kick();
  }

  /** Rejoin: ask the join loop for a join now (a channel of one: a second request waits). */
  rejoin(): void {
    if (this.disabled || this.stopped) return;
    if (this.rejoinQueued) {
      this.log({ level: 'debug', caller: SL_CALLER.inProgress, op: 'memberDiscovery', msg: 'previous discovery in progress - doing nothing' });
      return;
    }
    this.rejoinQueued = true;
    this.log({ level: 'info', caller: SL_CALLER.triggering, op: 'memberDiscovery', msg: 'triggering discovery' });
    this.kick();
  }

  /** UsableSpeakers: the names of the members not dead or left (suspect ones included). */
  usableSpeakers(): Set<string> {
    return new Set(this.memberlist?.members() ?? []);
  }

  /** The speaker pod IPs last listed. */
  knownSpeakerIPs(): string[] {
    return [...this.speakerIPs];
  }

  /**
   * Stop. Graceful (SIGTERM): leave (wait up to 1 s for the leave to be gossiped), then shut
   * memberlist down, with MetalLB's three log lines. Hard (SIGKILL, a killed container): just
   * stop. Returns the longest the stop can take (ms); `done` is called when it is over.
   */
  stop(graceful: boolean, done?: () => void): number {
    if (this.stopped) {
      done?.();
      return 0;
    }
    const ml = this.memberlist;
    if (!ml) {
      this.stopped = true;
      this.timers.close();
      done?.();
      return 0;
    }
    const finish = () => {
      this.stopped = true;
      for (const l of this.loops) l.cancel();
      this.loops = [];
      this.timers.close();
      done?.();
    };
    if (!graceful) {
      ml.shutdown();
      finish();
      return 0;
    }
    this.log({ level: 'info', caller: SL_CALLER.leaving, op: 'shutdown', msg: 'leaving memberlist cluster' });
    void ml.leave(LEAVE_TIMEOUT_MS, (err) => {
      this.log({ level: 'info', caller: SL_CALLER.left, op: 'shutdown', msg: 'left memberlist cluster', error: err });
      ml.shutdown();
      this.log({ level: 'info', caller: SL_CALLER.shutdown, op: 'shutdown', msg: 'memberlist shutdown', error: null });
      finish();
    });
    return LEAVE_TIMEOUT_MS;
  }

  /** docker pause: the whole speaker process freezes (memberlist included). */
  pause(): void {
    this.process.pause();
  }

  resume(): void {
    this.process.resume();
  }

  isStopped(): boolean {
    return this.stopped;
  }

  // ------------------------------------------------------------------ internals

  private enqueue(e: SpeakerListEvent): void {
    if (this.stopped) return;
    if (this.eventQueue.length >= EVENT_CHANNEL_SIZE) return;
    this.eventQueue.push(e);
    if (this.watching) this.flushEvents();
  }

  /** memberlistWatchEvents: one log line and one ForceSync per event, in order. */
  private flushEvents(): void {
    if (!this.eventQueue.length) return;
    this.timers.after(0, 'speakerlist node event', () => {
      const batch = this.eventQueue;
      this.eventQueue = [];
      for (const e of batch) {
        this.history.push(e);
        this.log({ level: 'info', caller: SL_CALLER.nodeEvent, msg: 'node event - forcing sync', 'node addr': e.node.addr, 'node name': e.node.name, 'node event': e.type });
        this.forceSync();
      }
    });
  }

  /** The join loop (joinMembers): one join at a time; a rejoin first, then a missed tick. */
  private kick(): void {
    if (!this.started || this.stopped || this.joining) return;
    if (this.rejoinQueued) this.rejoinQueued = false;
    else if (this.tickPending) this.tickPending = false;
    else return;
    this.joining = true;
    this.mlJoin(() => {
      this.joining = false;
      this.kick();
    });
  }

  /** mlJoin: join the listed speaker IPs that are not members yet. */
  private mlJoin(done: () => void): void {
    const ml = this.memberlist;
    if (!ml || ml.hasShutdown()) {
      done();
      return;
    }
    const members = new Set(ml.memberNodes().map((n) => n.addr));
    const joinIPs = this.speakerIPs.filter((ip) => !members.has(ip));
    if (!joinIPs.length) {
      done();
      return;
    }
    void ml.join(joinIPs, (r: JoinResult) => {
      if (!this.stopped) {
        if (r.error !== null || r.joined !== joinIPs.length) {
          this.log({ level: 'error', caller: SL_CALLER.partialJoin, op: 'memberDiscovery', msg: 'partial join', joined: r.joined, expected: joinIPs.length, error: r.error });
        } else {
          this.log({ level: 'info', caller: SL_CALLER.joined, op: 'Member detection', msg: 'memberlist join successfully', 'number of other nodes': r.joined });
        }
      }
      done();
    });
  }
}

export function createSpeakerList(o: SpeakerListOptions): CreateSpeakerListResult {
  return SpeakerList.create(o);
}
