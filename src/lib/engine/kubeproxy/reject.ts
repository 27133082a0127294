/**
 * What the REJECT target sends (net/ipv4/netfilter/nf_reject_ipv4.c, ipt_REJECT): an ICMP
 * destination-unreachable with the chosen code, or a TCP RST; for a packet that arrived, and for
 * one a local process sent (the error comes back to the local socket).
 */
import { ICMP_DEST_UNREACH } from '../net/icmp';
import { IPPROTO_TCP, type Ipv4Packet } from '../net/ipv4';
import { icmpError, tcpReset } from '../net/kernel-replies';
import type { Verdict } from './eval';
import type { RejectWith } from './model';
import type { SendFn } from './local-output';
import type { DataPath } from './walk';

const REJECT_CODES: Record<Exclude<RejectWith, 'tcp-reset'>, number> = {
  'icmp-net-unreachable': 0,
  'icmp-host-unreachable': 1,
  'icmp-proto-unreachable': 2,
  'icmp-port-unreachable': 3,
  'icmp-net-prohibited': 9,
  'icmp-host-prohibited': 10,
  'icmp-admin-prohibited': 13
};

/** Send what a REJECT target sends, about packet p. */
function reject(dp: DataPath, p: Ipv4Packet, how: RejectWith): void {
  if (how === 'tcp-reset') {
    const r = p.protocol === IPPROTO_TCP ? tcpReset(p) : null;
    if (r) dp.netns.sendIpv4(r, { why: 'iptables REJECT --reject-with tcp-reset' });
    return;
  }
  const msg = icmpError(p, ICMP_DEST_UNREACH, REJECT_CODES[how], dp.netns.nextIpId(), 0);
  dp.netns.sendIpv4(msg, { why: `iptables REJECT (${how}) on ${dp.netns.name}` });
}

export function verdictToResult(dp: DataPath, v: Verdict, p: Ipv4Packet): 'accept' | 'drop' {
  if (v.v === 'ACCEPT') return 'accept';
  if (v.v === 'REJECT') reject(dp, p, v.with);
  return 'drop';
}

/** REJECT of a locally generated packet: the ICMP error comes back to the local socket. */
export function rejectLocal(dp: DataPath, orig: SendFn, p: Ipv4Packet, how: RejectWith): void {
  if (how === 'tcp-reset') {
    const r = p.protocol === IPPROTO_TCP ? tcpReset(p) : null;
    if (r) orig({ ...r, src: p.dst, dst: p.src }, { why: 'iptables REJECT --reject-with tcp-reset' });
    return;
  }
  const msg = icmpError(p, ICMP_DEST_UNREACH, REJECT_CODES[how], dp.netns.nextIpId(), p.src);
  orig({ ...msg, dst: p.src }, { why: `iptables REJECT (${how}) on ${dp.netns.name}` });
}
