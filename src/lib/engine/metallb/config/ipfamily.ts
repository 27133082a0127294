/**
 * Address families, mirroring internal/ipfamily/ipfamily.go: "ipv4", "ipv6", "dual", "unknown".
 * Inputs may contain unparseable addresses; Go's quirks for those are kept (a single
 * unparseable address counts as IPv6, because net.ParseIP gives nil and nil.To4() is nil).
 */
import type { Service } from '../../k8s/types';
import { goQuoteList } from './gofmt';
import { parseIP, ipStringOrNil, type IPAddr } from './ip';

export type Family = 'ipv4' | 'ipv6' | 'dual' | 'unknown';

export type FamilyResult = { ok: true; family: Family } | { ok: false; family: 'unknown'; error: string };

/** ForAddresses: 1 address → its family; 2 of different families → dual; anything else errors. */
export function familyForAddresses(ips: readonly string[]): FamilyResult {
  if (ips.length === 1) {
    const ip = parseIP(ips[0]);
    return { ok: true, family: ip && !ip.v6 ? 'ipv4' : 'ipv6' };
  }
  if (ips.length === 2) {
    const a = parseIP(ips[0]);
    const b = parseIP(ips[1]);
    if (!a || !b) return { ok: false, family: 'unknown', error: `IPFamilyForAddresses: Invalid address ${goQuoteList(ips)}` };
    if (a.v6 === b.v6) return { ok: false, family: 'unknown', error: `IPFamilyForAddresses: same address family ${goQuoteList(ips)}` };
    return { ok: true, family: 'dual' };
  }
  return {
    ok: false,
    family: 'unknown',
    error: `IPFamilyForAddresses: invalid ips length ${ips.length} ${goQuoteList(ips)}`
  };
}

/** ForAddressesIPs: the same, from parsed addresses (a nil one prints as "<nil>"). */
export function familyForIPs(ips: readonly (IPAddr | null)[]): FamilyResult {
  return familyForAddresses(ips.map(ipStringOrNil));
}

export function familyForAddress(ip: IPAddr): Family {
  return ip.v6 ? 'ipv6' : 'ipv4';
}

/** ForService: from spec.clusterIPs, or spec.clusterIP when clusterIPs is empty. */
export function familyForService(svc: Service): FamilyResult {
  const ips = svc.spec.clusterIPs && svc.spec.clusterIPs.length > 0 ? svc.spec.clusterIPs : [svc.spec.clusterIP ?? ''];
  return familyForAddresses(ips);
}
