/**
 * Mode-specific validators, mirroring internal/config/validation.go (v0.14.8):
 * DiscardFRROnly for the native BGP implementation (the default: METALLB_BGP_TYPE unset),
 * DiscardNativeOnly for frr / frr-k8s, and validateConfig (BFD echo on an IPv6 pool).
 */
import { cidrString, parseCIDR } from './cidr';
import { newCommunity } from './community';
import { goQuote, parseGoDuration } from './gofmt';
import type { ClusterResources, Community, Config } from './types';

export type BGPType = 'native' | 'frr' | 'frr-k8s' | string;
export type Validator = (c: ClusterResources) => string | null;

function durationSet(s: string | undefined): boolean {
  if (s === undefined || s === '') return false;
  const d = parseGoDuration(s);
  return !d.ok || d.ns !== 0n;
}

/** Go's %q of a CommunityAlias struct value: `{"name" "value"}`. */
function aliasGoQ(a: { name: string; value: string }): string {
  return `{${goQuote(a.name)} ${goQuote(a.value)}}`;
}

function findNonLegacyCommunity(c: ClusterResources): string | null {
  for (const adv of c.bgpAdvs ?? []) {
    for (const cs of adv.spec?.communities ?? []) {
      const p = newCommunity(cs);
      if (!p.ok) continue; // aliases are resolved later
      if (p.value.large) {
        return `native BGP mode only supports legacy communities, BGP advertisement ${goQuote(adv.metadata.name)} has non legacy community ${goQuote(cs)}`;
      }
    }
  }
  const crs: readonly Community[] = c.communities ?? [];
  for (const co of crs) {
    for (const cs of co.spec?.communities ?? []) {
      const p = newCommunity(cs.value);
      if (!p.ok) continue;
      if (p.value.large) {
        return `native BGP mode only supports legacy communities, BGP community CR ${goQuote(co.metadata.name)} has non legacy community ${aliasGoQ(cs)}`;
      }
    }
  }
  return null;
}

/** DiscardFRROnly: options only the FRR implementation supports are errors in native mode. */
export const discardFRROnly: Validator = (c) => {
  for (const p of c.peers ?? []) {
    const s = p.spec ?? {};
    const addr = s.peerAddress ?? '';
    if (s.bfdProfile) return `peer ${addr} has bfd-profile set on native bgp mode`;
    if (durationSet(s.keepaliveTime)) return `peer ${addr} has keepalive-time set on native bgp mode`;
    if (s.vrf) return `peer ${addr} has vrf set on native bgp mode`;
    if (s.connectTime !== undefined) return `peer ${addr} has connect time set on native bgp mode`;
    if (s.enableGracefulRestart) return `peer ${addr} has EnableGracefulRestart flag set on native bgp mode`;
    if (s.disableMP) return `peer ${addr} has disable MP flag set on native bgp mode`;
  }
  if ((c.bfdProfiles ?? []).length > 0) return 'bfd profiles section set';
  // IPv6 is only a problem once something is advertised over BGP.
  if ((c.bgpAdvs ?? []).length > 0) {
    for (const pool of c.pools ?? []) {
      for (const cidr of pool.spec?.addresses ?? []) {
        const r = parseCIDR(cidr);
        if (!r.ok) return `invalid CIDR ${goQuote(cidr)} in pool ${goQuote(pool.metadata.name)}: ${r.error}`;
        for (const n of r.nets) {
          if (n.ip.v6) {
            return `pool ${goQuote(pool.metadata.name)} has ipv6 CIDR ${cidrString(n)}, native bgp mode does not support ipv6`;
          }
        }
      }
    }
  }
  return findNonLegacyCommunity(c);
};

/** DiscardNativeOnly: the FRR implementation's limits (one router ID, unique peers, one myASN per VRF). */
export const discardNativeOnly: Validator = (c) => {
  const peers = (c.peers ?? []).map((p) => ({ spec: p.spec ?? {} }));
  if (peers.length > 1) {
    const seen = new Set<string>();
    const routerID = peers[0].spec.routerID ?? '';
    seen.add(`${peers[0].spec.peerAddress}-${peers[0].spec.vrf ?? ''}`);
    for (const p of peers.slice(1)) {
      if ((p.spec.routerID ?? '') !== routerID) {
        return `peer ${p.spec.routerID ?? ''} has RouterID different from ${routerID}, in FRR mode all RouterID must be equal`;
      }
      const k = `${p.spec.peerAddress}-${p.spec.vrf ?? ''}`;
      if (seen.has(k)) return `peer ${p.spec.peerAddress} already exists, FRR mode doesn't support duplicate BGPPeers`;
      seen.add(k);
    }
  }
  for (const p of peers) {
    for (const p1 of peers.slice(1)) {
      if (p.spec.myASN !== p1.spec.myASN && (p.spec.vrf ?? '') === (p1.spec.vrf ?? '')) {
        return `peer ${p.spec.peerAddress} has myAsn different from ${p1.spec.peerAddress}, in FRR mode all myAsn must be equal for the same VRF`;
      }
    }
  }
  return null;
};

export const dontValidate: Validator = () => null;

/** config.ValidationFor(METALLB_BGP_TYPE). */
export function validationFor(bgpType: BGPType): Validator {
  switch (bgpType) {
    case 'frr':
    case 'frr-k8s':
      return discardNativeOnly;
    case 'native':
      return discardFRROnly;
    default:
      return dontValidate;
  }
}

/** validateConfig: BFD echo mode cannot be used by a peer that advertises an IPv6 pool. */
export function validateConfig(cfg: Config): string | null {
  const hasEcho = (peerName: string): boolean => {
    const peer = cfg.peers.get(peerName);
    return !!peer && !!cfg.bfdProfiles.get(peer.bfdProfile)?.echoMode;
  };
  for (const p of cfg.pools.byName.values()) {
    if (!p.cidrs.some((c) => c.ip.v6)) continue;
    for (const a of p.bgpAdvertisements) {
      const names = a.peers.length === 0 ? [...cfg.peers.keys()] : a.peers;
      for (const name of names) {
        if (hasEcho(name)) {
          return `pool ${p.name} has bgpadvertisement ${a.name} which references peer ${name} which has bfd echo enabled, which is not possible`;
        }
      }
    }
  }
  return null;
}
