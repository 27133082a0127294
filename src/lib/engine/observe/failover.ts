/**
 * The failover stopwatch, read from the trace alone: who announced each VIP (its gratuitous
 * ARPs and ARP replies carry the VIP as sender IP from the owner's MAC), when that machine went
 * away (container events), when another machine first announced the VIP, and the first HTTP
 * response that came back to a client from the new owner's MAC.
 */
import { formatIpv4 } from '../net/addr';
import { signalNumber } from '../docker/engine';
import type { Lab } from '../lab';
import { machineIndex } from './machines';
import type { FailoverMeasure } from './types';

function u16(b: Uint8Array, o: number): number {
  return (b[o] << 8) | b[o + 1];
}

function u32(b: Uint8Array, o: number): number {
  return ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}

function macAt(b: Uint8Array, o: number): string {
  let s = '';
  for (let i = 0; i < 6; i++) s += (i ? ':' : '') + b[o + i].toString(16).padStart(2, '0');
  return s;
}

/** 'killed' for SIGKILL ("signal SIGKILL, exit 137", "signal 9, …"), else 'stopped'. */
function howExited(detail: string | undefined): 'killed' | 'stopped' {
  const sig = /^signal ([^,]+)/.exec(detail ?? '')?.[1];
  return sig !== undefined && signalNumber(sig) === 9 ? 'killed' : 'stopped';
}

interface Open {
  m: FailoverMeasure;
  /** MACs of the new owner, once known. */
  ownerMac?: string;
}

/** Every loss of a VIP owner in the trace, with what followed. */
export function measureFailovers(lab: Lab): FailoverMeasure[] {
  const idx = machineIndex(lab);
  const macOf = new Map<string, string>();
  for (const [mac, name] of idx.byMac) macOf.set(name, mac);
  /** VIP → the machine that announced it last. */
  const announcer = new Map<string, string>();
  /** Machines whose loss is being timed (a stop that began, not yet exited). */
  const stopping = new Set<string>();
  const out: Open[] = [];
  const waitingOwner: Open[] = [];
  const waitingAnswer: Open[] = [];

  const lose = (machine: string, t: number, how: 'killed' | 'stopped' | 'paused') => {
    for (const [vip, who] of announcer) {
      if (who !== machine) continue;
      const o: Open = { m: { vip, lost: { machine, t, how } } };
      out.push(o);
      waitingOwner.push(o);
      announcer.delete(vip);
    }
  };

  for (const e of lab.sim.trace.all()) {
    if (e.type === 'container') {
      if (e.state === 'stopping') {
        stopping.add(e.name);
        lose(e.name, e.t, 'stopped');
      } else if (e.state === 'exited') {
        const how = howExited(e.detail);
        if (!stopping.delete(e.name) || how === 'killed') lose(e.name, e.t, how);
      } else if (e.state === 'paused') lose(e.name, e.t, 'paused');
      else if (e.state === 'running') stopping.delete(e.name);
      continue;
    }
    if (e.type !== 'frame') continue;
    const b = e.bytes;
    if (b.length >= 42 && u16(b, 12) === 0x0806) {
      const op = u16(b, 20);
      const spa = u32(b, 28);
      const garp = spa === u32(b, 38);
      if (op !== 2 && !(op === 1 && garp)) continue;
      const who = idx.byMac.get(macAt(b, 22));
      const vip = formatIpv4(spa);
      if (who === undefined || idx.byIp.get(vip) === who) continue; // the kernel answering for its own address
      announcer.set(vip, who);
      for (let i = waitingOwner.length - 1; i >= 0; i--) {
        const o = waitingOwner[i];
        if (o.m.vip !== vip || o.m.lost.machine === who) continue;
        o.m.newOwner = { machine: who, t: e.t };
        o.m.ownerMovedMs = e.t - o.m.lost.t;
        o.ownerMac = macOf.get(who);
        waitingOwner.splice(i, 1);
        waitingAnswer.push(o);
      }
      continue;
    }
    if (!waitingAnswer.length || b.length < 54 || u16(b, 12) !== 0x0800 || b[23] !== 6) continue;
    const l4 = 14 + (b[14] & 0x0f) * 4;
    const start = l4 + (b[l4 + 12] >> 4) * 4;
    if (start + 5 > b.length || b[start] !== 0x48 || b[start + 1] !== 0x54 || b[start + 2] !== 0x54 || b[start + 3] !== 0x50 || b[start + 4] !== 0x2f) continue; // "HTTP/"
    const src = macAt(b, 6);
    const srcIp = formatIpv4(u32(b, 26));
    const to = idx.byMac.get(macAt(b, 0));
    if (to === undefined || idx.role.get(to) !== 'client') continue;
    for (let i = waitingAnswer.length - 1; i >= 0; i--) {
      const o = waitingAnswer[i];
      if (o.ownerMac !== src || o.m.vip !== srcIp) continue;
      o.m.firstAnswer = { t: e.t };
      o.m.durationMs = e.t - o.m.lost.t;
      waitingAnswer.splice(i, 1);
    }
  }
  return out.map((o) => o.m);
}
