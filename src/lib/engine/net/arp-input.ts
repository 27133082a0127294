/**
 * What the Linux kernel does with a received ARP packet (net/ipv4/arp.c `arp_process`),
 * reduced to the cases of a single Ethernet segment: answer for local addresses, learn the
 * requester, and update (never create, with arp_accept=0) the cache from everything else.
 */
import { isLoopbackIpv4, isMulticastIpv4, isUnicastIpv4 } from './addr';
import { ARP_REPLY, ARP_REQUEST, type ArpPacket, isGratuitous } from './arp';
import type { NeighbourTable } from './neighbour';

export interface ArpInputContext {
  /** The frame was sent to this interface's MAC (PACKET_HOST) rather than broadcast. */
  toUs: boolean;
  /** Is ip one of the host's own addresses (any interface: arp_ignore=0)? */
  isLocal(ip: number): boolean;
  /** Send the kernel's reply; ownIp is the address asked for. */
  reply(ownIp: number, req: ArpPacket): void;
}

export type ArpInputOutcome = 'replied' | 'updated' | 'ignored';

export function arpInput(table: NeighbourTable, arp: ArpPacket, ctx: ArpInputContext): ArpInputOutcome {
  if (arp.op !== ARP_REQUEST && arp.op !== ARP_REPLY) return 'ignored';
  if (isMulticastIpv4(arp.tpa) || isLoopbackIpv4(arp.tpa)) return 'ignored';

  // duplicate address detection probe (sender 0.0.0.0): answer, learn nothing
  if (arp.spa === 0) {
    if (arp.op === ARP_REQUEST && ctx.isLocal(arp.tpa)) {
      ctx.reply(arp.tpa, arp);
      return 'replied';
    }
    return 'ignored';
  }

  // a who-has for one of our addresses: the requester is learned as STALE, then answered
  if (arp.op === ARP_REQUEST && ctx.isLocal(arp.tpa)) {
    table.learn(arp.spa, arp.sha, 'STALE', { override: true });
    ctx.reply(arp.tpa, arp);
    return 'replied';
  }

  const exists = table.has(arp.spa);
  const accept = table.params.arpAccept === 1;
  const garp = (exists || accept) && isGratuitous(arp);
  // the first answer wins for a locktime; a gratuitous ARP always overrides
  const override = table.pastLocktime(arp.spa) || garp;
  // broadcast replies and requests do not prove the neighbour can hear us
  const state = arp.op === ARP_REPLY && ctx.toUs ? 'REACHABLE' : 'STALE';
  if (exists) return table.update(arp.spa, arp.sha, state, { override }) ? 'updated' : 'ignored';
  if (accept && (garp || (arp.op === ARP_REPLY && isUnicastIpv4(arp.spa)))) {
    return table.learn(arp.spa, arp.sha, state, { override }) ? 'updated' : 'ignored';
  }
  return 'ignored';
}
