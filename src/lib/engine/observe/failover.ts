/**
 * The failover stopwatch, read from the trace alone: who announced each VIP (its gratuitous
 * ARPs and ARP replies carry the VIP as sender IP from the owner's MAC), when that machine went
 * away (container events), when another machine first announced the VIP, and the first HTTP
 * response that came back to a client from the new owner's MAC. In BGP mode (the VIP routed to
 * the lost node by a router) bgp-failover.ts times the router's side instead.
 */
import { formatIpv4 } from '../net/addr';
import { signalNumber } from '../docker/engine';
import type { Lab } from '../lab';
import type { TraceEvent } from '../sim/trace';
import { type MachineIndex, machineIndex } from './machines';
import { firstAfter } from './trace-range';
import type { FailoverMeasure } from './types';
import { u16, u32, macAt } from './bytes';
import { BgpFailovers } from './bgp-failover';

/** 'killed' for SIGKILL ("signal SIGKILL, exit 137", "signal 9, …"), else 'stopped'. */
function howExited(detail: string | undefined): 'killed' | 'stopped' {
  const sig = /^signal ([^,]+)/.exec(detail ?? '')?.[1];
  return sig !== undefined && signalNumber(sig) === 9 ? 'killed' : 'stopped';
}

interface Open {
  m: FailoverMeasure;
  /** MAC of the new owner, once known. */
  ownerMac?: string;
}

/** The stopwatch's state, fed the trace in order; kept per lab so each call reads only new events. */
class FailoverTracker {
  lastSeq = -1;
  /** VIP → the machine that announced it last. */
  private announcer = new Map<string, string>();
  /** Machines whose graceful stop began (timed from then, not from the exit). */
  private stopping = new Set<string>();
  readonly out: Open[] = [];
  private waitingOwner: Open[] = [];
  private waitingAnswer: Open[] = [];
  private bgp = new BgpFailovers();
  private idx: MachineIndex | null = null;

  private lose(machine: string, t: number, how: 'killed' | 'stopped' | 'paused'): void {
    for (const [vip, who] of this.announcer) {
      if (who !== machine) continue;
      const o: Open = { m: { vip, lost: { machine, t, how }, mode: 'l2' } };
      this.out.push(o);
      this.waitingOwner.push(o);
      this.announcer.delete(vip);
    }
    if (this.idx) for (const m of this.bgp.lose(machine, t, how, this.idx)) this.out.push({ m });
  }

  scan(events: readonly TraceEvent[], from: number, idx: MachineIndex): void {
    this.idx = idx;
    for (let i = from; i < events.length; i++) {
      const e = events[i];
      this.lastSeq = e.seq;
      if (e.type === 'container') this.container(e.name, e.state, e.detail, e.t);
      else if (e.type === 'frame') this.frame(e.bytes, e.t, idx);
      else if (e.type === 'note') this.bgp.note(e, idx);
    }
  }

  private container(name: string, state: string, detail: string | undefined, t: number): void {
    if (state === 'stopping') {
      this.stopping.add(name);
      this.lose(name, t, 'stopped');
    } else if (state === 'exited') {
      const how = howExited(detail);
      // a stop that began gracefully was timed already, unless it ended in a kill
      if (!this.stopping.delete(name) || how === 'killed') this.lose(name, t, how);
    } else if (state === 'paused') this.lose(name, t, 'paused');
    else if (state === 'running') this.stopping.delete(name);
  }

  private frame(b: Uint8Array, t: number, idx: MachineIndex): void {
    if (b.length >= 42 && u16(b, 12) === 0x0806) {
      const op = u16(b, 20);
      const spa = u32(b, 28);
      const garp = spa === u32(b, 38);
      if (op !== 2 && !(op === 1 && garp)) return;
      const mac = macAt(b, 22);
      const who = idx.byMac.get(mac);
      const vip = formatIpv4(spa);
      if (who === undefined || idx.byIp.get(vip) === who) return; // the kernel answering for its own address
      this.announcer.set(vip, who);
      for (let i = this.waitingOwner.length - 1; i >= 0; i--) {
        const o = this.waitingOwner[i];
        if (o.m.vip !== vip || o.m.lost.machine === who) continue;
        o.m.newOwner = { machine: who, t };
        o.m.ownerMovedMs = t - o.m.lost.t;
        o.ownerMac = mac;
        this.waitingOwner.splice(i, 1);
        this.waitingAnswer.push(o);
      }
      return;
    }
    if (!this.waitingAnswer.length || b.length < 54 || u16(b, 12) !== 0x0800 || b[23] !== 6) return;
    const l4 = 14 + (b[14] & 0x0f) * 4;
    const start = l4 + (b[l4 + 12] >> 4) * 4;
    // "HTTP/"
    if (start + 5 > b.length || b[start] !== 0x48 || b[start + 1] !== 0x54 || b[start + 2] !== 0x54 || b[start + 3] !== 0x50 || b[start + 4] !== 0x2f) return;
    const to = idx.byMac.get(macAt(b, 0));
    if (to === undefined || idx.role.get(to) !== 'client') return;
    const src = macAt(b, 6);
    const srcIp = formatIpv4(u32(b, 26));
    for (let i = this.waitingAnswer.length - 1; i >= 0; i--) {
      const o = this.waitingAnswer[i];
      if (o.ownerMac !== src || o.m.vip !== srcIp) continue;
      o.m.firstAnswer = { t };
      o.m.durationMs = t - o.m.lost.t;
      this.waitingAnswer.splice(i, 1);
    }
  }
}

const trackers = new WeakMap<Lab, FailoverTracker>();

/**
 * Every loss of a VIP owner in the trace, with what followed, oldest first. Incremental: each
 * call reads only the events added since the last one. The results are copies.
 */
export function measureFailovers(lab: Lab): FailoverMeasure[] {
  const events = lab.sim.trace.all();
  let tr = trackers.get(lab);
  if (!tr) trackers.set(lab, (tr = new FailoverTracker()));
  tr.scan(events, firstAfter(events, tr.lastSeq), machineIndex(lab));
  return tr.out.map((o) => structuredClone(o.m));
}
