/**
 * The public types of the hashicorp/memberlist v0.5.1 model (memberlist.go, event_delegate.go,
 * config.go Logger): the events it reports, how it is wired into the lab, and what Join and
 * Members return. The Memberlist itself is in memberlist.ts.
 */
import type { NetHost } from '../../net/host';
import type { Rng } from '../../sim/prng';
import type { Scheduler } from '../../sim/scheduler';
import type { Trace } from '../../sim/trace';
import type { MemberlistLogLevel } from './log';
import type { NodeStateType } from './state';
import type { ProcessTimers } from './timers';

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
