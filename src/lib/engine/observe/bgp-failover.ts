/**
 * The failover stopwatch in BGP mode. Nothing announces a VIP by ARP here: the router routes it
 * to every node that advertised it (ECMP). When such a node goes away the router notices only
 * when its session drops: at once when the speaker closes the connection (graceful stop), or
 * when the hold timer runs out after a SIGKILL or a freeze (90 s after the last message, so 60
 * to 90 s after the loss with keepalives every 30 s). Then the node's paths are withdrawn and
 * the VIP's next-hop set shrinks. Both moments are read from the `bgp` trace notes.
 */
import type { TraceEvent } from '../sim/trace';
import { parseBgpNote, vipOfPrefix } from './bgp-notes';
import type { MachineIndex } from './machines';
import type { FailoverMeasure } from './types';

interface Waiting {
  m: FailoverMeasure;
  /** The machine whose route and session are watched (the router). */
  router: string;
  prefix: string;
  /** The lost machine's addresses (next hops and peer addresses are IPs). */
  ips: string[];
}

export class BgpFailovers {
  /** "host prefix" → the next hops (IPs) that host last installed for the prefix. */
  private routes = new Map<string, { host: string; prefix: string; via: string[] }>();
  private waiting: Waiting[] = [];

  /** A machine went away: one measure per prefix it was a next hop of. */
  lose(machine: string, t: number, how: FailoverMeasure['lost']['how'], idx: MachineIndex): FailoverMeasure[] {
    const ips = [...idx.byIp].filter(([, name]) => name === machine).map(([ip]) => ip);
    const out: FailoverMeasure[] = [];
    const vips = new Set<string>();
    for (const r of this.routes.values()) {
      const vip = vipOfPrefix(r.prefix);
      if (r.host === machine || vips.has(vip) || !r.via.some((ip) => ips.includes(ip))) continue;
      vips.add(vip);
      const m: FailoverMeasure = { vip, lost: { machine, t, how }, mode: 'bgp' };
      out.push(m);
      this.waiting.push({ m, router: r.host, prefix: r.prefix, ips });
    }
    return out;
  }

  note(e: Extract<TraceEvent, { type: 'note' }>, idx: MachineIndex): void {
    if (e.topic !== 'bgp') return;
    const n = parseBgpNote(e.text);
    if (n?.kind === 'route') {
      this.routes.set(`${n.host} ${n.prefix}`, { host: n.host, prefix: n.prefix, via: n.via });
      for (const w of this.waiting) {
        if (w.m.routeDropped || w.router !== n.host || w.prefix !== n.prefix || n.via.some((ip) => w.ips.includes(ip))) continue;
        w.m.routeDropped = { t: e.t, via: n.via.map((ip) => idx.byIp.get(ip) ?? ip) };
        w.m.routeDroppedMs = e.t - w.m.lost.t;
      }
    } else if (n?.kind === 'session' && !n.up) {
      for (const w of this.waiting) {
        if (w.m.sessionDown || w.router !== n.host || !w.ips.includes(n.peerIp)) continue;
        w.m.sessionDown = { t: e.t, by: n.host, reason: n.reason };
        w.m.sessionDownMs = e.t - w.m.lost.t;
      }
    } else return;
    this.waiting = this.waiting.filter((w) => !w.m.routeDropped || !w.m.sessionDown);
  }
}
