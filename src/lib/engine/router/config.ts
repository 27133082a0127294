/**
 * The router's FRR configuration as data (what `show running-config` prints and bgpd acts on),
 * with FRR's defaults (`frr defaults traditional`).
 */
import { formatIpv4 } from '../net/addr';

export const FRR_VERSION = '10.5.3';
export const FRR_IMAGE = `quay.io/frrouting/frr:${FRR_VERSION}`;
/** MULTIPATH_NUM of a default build: maximum-paths defaults to it for eBGP and iBGP. */
export const MULTIPATH_NUM = 16;

export interface NeighborConfig {
  ip: number;
  /** A number, or FRR's `internal` / `external`. */
  remoteAs: number | 'internal' | 'external';
  shutdown: boolean;
  description?: string;
  /** `neighbor X timers KEEPALIVE HOLD`. */
  timers?: { keepalive: number; hold: number };
  passive: boolean;
  /** `neighbor X soft-reconfiguration inbound` (address-family ipv4 unicast): keep the Adj-RIB-In for `received-routes`. */
  softReconfig?: boolean;
}

export interface BgpConfig {
  asn: number;
  routerId?: number;
  ebgpRequiresPolicy: boolean;
  multipathRelax: boolean;
  /** address-family ipv4 unicast: maximum-paths (eBGP) and maximum-paths ibgp. */
  maxPaths: number;
  maxPathsIbgp: number;
  neighbors: NeighborConfig[];
}

export interface FrrConfig {
  hostname: string;
  bgp: BgpConfig | null;
}

export function newBgpConfig(asn: number): BgpConfig {
  return { asn, ebgpRequiresPolicy: true, multipathRelax: false, maxPaths: MULTIPATH_NUM, maxPathsIbgp: MULTIPATH_NUM, neighbors: [] };
}

/** The AS a neighbour's OPEN must carry, once `internal`/`external` are resolved. */
export function neighborAs(bgp: BgpConfig, n: NeighborConfig): number | null {
  if (n.remoteAs === 'internal') return bgp.asn;
  if (n.remoteAs === 'external') return null;
  return n.remoteAs;
}

/** `show running-config` in FRR 10's layout (`exit` closes a node, `!` separates blocks). */
export function runningConfig(c: FrrConfig): string {
  const out = ['Building configuration...', '', 'Current configuration:', '!', `frr version ${FRR_VERSION}`, 'frr defaults traditional', `hostname ${c.hostname}`, 'service integrated-vtysh-config', '!'];
  const b = c.bgp;
  if (b) {
    out.push(`router bgp ${b.asn}`);
    if (b.routerId !== undefined) out.push(` bgp router-id ${formatIpv4(b.routerId)}`);
    if (!b.ebgpRequiresPolicy) out.push(' no bgp ebgp-requires-policy');
    if (b.multipathRelax) out.push(' bgp bestpath as-path multipath-relax');
    for (const n of b.neighbors) {
      const ip = formatIpv4(n.ip);
      out.push(` neighbor ${ip} remote-as ${n.remoteAs}`);
      if (n.description) out.push(` neighbor ${ip} description ${n.description}`);
      if (n.passive) out.push(` neighbor ${ip} passive`);
      if (n.shutdown) out.push(` neighbor ${ip} shutdown`);
      if (n.timers) out.push(` neighbor ${ip} timers ${n.timers.keepalive} ${n.timers.hold}`);
    }
    const af: string[] = [];
    if (b.maxPaths !== MULTIPATH_NUM) af.push(`  maximum-paths ${b.maxPaths}`);
    if (b.maxPathsIbgp !== MULTIPATH_NUM) af.push(`  maximum-paths ibgp ${b.maxPathsIbgp}`);
    // bgp_config_write_family: maximum-paths first, then each peer's per-family lines
    for (const n of b.neighbors) if (n.softReconfig) af.push(`  neighbor ${formatIpv4(n.ip)} soft-reconfiguration inbound`);
    if (af.length) out.push(' !', ' address-family ipv4 unicast', ...af, ' exit-address-family');
    out.push('exit', '!');
  }
  out.push('end');
  return out.join('\n') + '\n';
}
