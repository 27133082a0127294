/**
 * The docker bridge (e.g. the `kind` network) as one Ethernet segment. Ports are container
 * interfaces; a port whose link is down (container stopped or paused, network disconnected)
 * sends and receives nothing. Broadcast and multicast reach every other up port; unicast
 * reaches the ports owning the destination MAC, so the effect of the kernel bridge's flooding
 * plus the receivers' MAC filter is modelled directly. Every frame is put in the trace.
 */
import type { Scheduler } from '../sim/scheduler';
import type { Trace } from '../sim/trace';
import { type Mac, isMulticastMac } from './addr';
import { frameDst } from './ethernet';
import { frameSummary } from './frame-summary';

/** Bridge forwarding delay: 50 µs, in ms. */
export const BRIDGE_LATENCY_MS = 0.05;

export interface FrameMeta {
  /** Virtual time the frame entered the bridge. */
  t: number;
  /** Port it came from. */
  from: string;
}

export interface BridgePortSpec {
  /** Unique on this bridge, e.g. the host-side veth name or "mypc/eth0". */
  name: string;
  mac: Mac;
  /** Called when a frame arrives, BRIDGE_LATENCY_MS after it was sent. */
  receive(frame: Uint8Array, meta: FrameMeta): void;
}

/** What observers (tcpdump, the pcap recorder, the packet list) see of each frame. */
export interface FrameObservation {
  t: number;
  /** When receivers get it. */
  deliveredAt: number;
  bytes: Uint8Array;
  from: string;
  /** Ports it was delivered to. */
  to: string[];
  summary: string;
  why?: string;
}

export type FrameObserver = (f: FrameObservation) => void;

interface Port {
  spec: BridgePortSpec;
  up: boolean;
}

export class Bridge {
  readonly name: string;
  readonly latencyMs: number;
  private readonly sched: Scheduler;
  private readonly trace: Trace;
  private ports = new Map<string, Port>();
  private observers = new Set<FrameObserver>();

  constructor(name: string, sim: { scheduler: Scheduler; trace: Trace }, opts: { latencyMs?: number } = {}) {
    this.name = name;
    this.sched = sim.scheduler;
    this.trace = sim.trace;
    this.latencyMs = opts.latencyMs ?? BRIDGE_LATENCY_MS;
  }

  /** Attach a port with its link up; false if the name is taken. */
  attach(spec: BridgePortSpec): boolean {
    if (this.ports.has(spec.name)) return false;
    this.ports.set(spec.name, { spec, up: true });
    return true;
  }

  detach(name: string): boolean {
    return this.ports.delete(name);
  }

  setLinkUp(name: string, up: boolean): boolean {
    const p = this.ports.get(name);
    if (!p) return false;
    p.up = up;
    return true;
  }

  isUp(name: string): boolean {
    return this.ports.get(name)?.up ?? false;
  }

  portNames(): string[] {
    return [...this.ports.keys()];
  }

  /** Subscribe to every frame crossing the bridge; returns the unsubscribe function. */
  observe(fn: FrameObserver): () => void {
    this.observers.add(fn);
    return () => this.observers.delete(fn);
  }

  /**
   * Put a frame on the segment from a port. Returns false (and nothing is sent or traced) when
   * the port is unknown or its link is down.
   */
  send(frame: Uint8Array, fromPort: string, why?: string): boolean {
    const src = this.ports.get(fromPort);
    if (!src || !src.up) return false;
    const dst = frameDst(frame);
    if (dst === null) return false;
    const bytes = frame.slice();
    const flood = isMulticastMac(dst);
    const targets = [...this.ports.values()].filter((p) => p !== src && p.up && (flood || p.spec.mac === dst));
    const t = this.sched.now();
    // whole nanoseconds, so repeated 0.05 ms hops do not collect floating-point dust
    const deliveredAt = Math.round((t + this.latencyMs) * 1e6) / 1e6;
    const summary = frameSummary(bytes);
    this.trace.emit(t, why === undefined ? { type: 'frame', segment: this.name, bytes, summary } : { type: 'frame', segment: this.name, bytes, summary, why });
    const obs: FrameObservation = { t, deliveredAt, bytes, from: fromPort, to: targets.map((p) => p.spec.name), summary };
    if (why !== undefined) obs.why = why;
    for (const o of this.observers) o(obs);
    for (const p of targets) {
      this.sched.at(deliveredAt, `${this.name} → ${p.spec.name}`, () => {
        // the link may have gone down, or the port away, while the frame was in flight
        if (this.ports.get(p.spec.name) !== p || !p.up) return;
        p.spec.receive(bytes.slice(), { t, from: fromPort });
      });
    }
    return true;
  }
}
