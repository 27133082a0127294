/**
 * bgpd's outbound side: what each neighbour is sent (its Adj-RIB-Out), after FRR's
 * subgroup_announce_check for the lab's configuration (no outbound route-maps):
 *  - only the best path of each prefix (no add-path), and only to Established peers;
 *  - never back to the neighbour the best path came from. FRR skips the sender while the
 *    sender is alone in its update subgroup, which is where every peer starts (each new session
 *    gets its own subgroup and the coalesce delay); the lab keeps that rule throughout and does
 *    not model later subgroup merges;
 *  - nothing while `bgp ebgp-requires-policy` holds an eBGP peer without policy;
 *  - NO_ADVERTISE goes to nobody, NO_EXPORT not to eBGP peers (RFC 1997);
 *  - iBGP-learnt paths are not sent to iBGP peers (no route reflection);
 *  - to eBGP peers: no MED (RFC 4271 §5.1.4) and no LOCAL_PREF; the next hop stays the path's
 *    own when the peer shares a connected subnet with it (third-party next hop, §5.1.3, FRR's
 *    bgp_multiaccess_check_v4), else it becomes ours (the speaker fills in the session address);
 *  - to iBGP peers: next hop unchanged, LOCAL_PREF (default 100) and MED kept.
 * COMMUNITIES go out as received: FRR sends them to every peer by default ("Community
 * attribute sent to this neighbor(all)").
 * AS_PATH gets our AS in front when the speaker encodes the UPDATE (eBGP), as FRR's
 * bgp_packet_attribute does, so `advertised-routes` shows the path without it.
 */
import type { PathAttributes } from '../bgp/messages';
import type { BgpRoute } from '../bgp/rib-types';
import type { Neighbor } from '../bgp/speaker';
import { cidrContains, makeCidr } from '../net/addr';
import { DEFAULT_LOCAL_PREF } from './bestpath';
import type { Bgpd } from './bgpd';

export const COMMUNITY_NO_EXPORT = 0xffffff01;
export const COMMUNITY_NO_ADVERTISE = 0xffffff02;

/** FRR's update-group coalesce delay (bgp_updgrp.h): 1000 ms + 50 ms per configured peer, at most 10 s. */
export function coalesceMs(peers: number): number {
  return Math.min(10_000, 1000 + 50 * peers);
}

/** Do the two addresses sit in one subnet the router is connected to? */
function sharedSubnet(d: Bgpd, a: number, b: number): boolean {
  for (const i of d.host.interfaces()) {
    for (const x of i.addrs) {
      if (x.scope === 'host') continue;
      const net = makeCidr(x.ip, x.prefix);
      if (cidrContains(net, a) && cidrContains(net, b)) return true;
    }
  }
  return false;
}

/** The routes one neighbour should have, with their attributes before the speaker's export step. */
export function outboundRoutes(d: Bgpd, n: Neighbor): BgpRoute[] {
  const b = d.config.bgp;
  if (!b || n.session.state !== 'Established' || d.policyDenies(n)) return [];
  const toEbgp = d.isEbgp(b, n);
  const out: BgpRoute[] = [];
  for (const e of d.rib.values()) {
    const best = e.sel.best;
    if (!best || best.peer === n.ip) continue;
    if (!best.ebgp && !toEbgp) continue;
    const a = best.attrs;
    const comms = a.communities ?? [];
    if (comms.includes(COMMUNITY_NO_ADVERTISE) || (toEbgp && comms.includes(COMMUNITY_NO_EXPORT))) continue;
    const attrs: PathAttributes = { origin: a.origin, asPath: a.asPath ?? [] };
    if (toEbgp) {
      if (a.nextHop !== undefined && sharedSubnet(d, a.nextHop, n.ip)) attrs.nextHop = a.nextHop;
    } else {
      attrs.nextHop = a.nextHop;
      if (a.med !== undefined) attrs.med = a.med;
      attrs.localPref = a.localPref ?? DEFAULT_LOCAL_PREF;
    }
    if (comms.length) attrs.communities = [...comms];
    out.push({ prefix: e.prefix, attrs });
  }
  return out;
}
