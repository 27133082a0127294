/**
 * FRR's best-path selection (bgpd/bgp_route.c bgp_path_info_cmp) for the attributes the lab
 * carries, and multipath (bgp_mpath.c): paths equal to the best up to the IGP-metric step join
 * it, eBGP ones only from the same neighbouring AS unless `bgp bestpath as-path multipath-relax`.
 */
import type { AsPathSegment, PathAttributes } from '../bgp/messages';

export interface Candidate {
  peer: number;
  peerId: number;
  peerAs: number;
  ebgp: boolean;
  attrs: PathAttributes;
  receivedAt: number;
}

export const DEFAULT_LOCAL_PREF = 100;

/** AS_PATH length for comparison: an AS_SET counts as one (RFC 4271 §9.1.2.2). */
export function asPathLength(segs: readonly AsPathSegment[] | undefined): number {
  return (segs ?? []).reduce((n, s) => n + (s.type === 1 ? 1 : s.type === 2 ? s.asns.length : 0), 0);
}

/** The neighbouring AS: the first AS of the path (for MED comparison and multipath). */
export function firstAs(segs: readonly AsPathSegment[] | undefined): number | null {
  const s = segs?.find((x) => x.asns.length);
  return s ? s.asns[0] : null;
}

/** Negative when a is better than b, up to (not including) the multipath cut. */
function cmpBeforeMultipath(a: Candidate, b: Candidate): number {
  const lpA = a.attrs.localPref ?? DEFAULT_LOCAL_PREF;
  const lpB = b.attrs.localPref ?? DEFAULT_LOCAL_PREF;
  if (lpA !== lpB) return lpB - lpA;
  const lenA = asPathLength(a.attrs.asPath);
  const lenB = asPathLength(b.attrs.asPath);
  if (lenA !== lenB) return lenA - lenB;
  const oA = a.attrs.origin ?? 2;
  const oB = b.attrs.origin ?? 2;
  if (oA !== oB) return oA - oB;
  // MED only between paths from the same neighbouring AS; a missing MED counts as 0
  if (firstAs(a.attrs.asPath) === firstAs(b.attrs.asPath)) {
    const mA = a.attrs.med ?? 0;
    const mB = b.attrs.med ?? 0;
    if (mA !== mB) return mA - mB;
  }
  if (a.ebgp !== b.ebgp) return a.ebgp ? -1 : 1;
  return 0;
}

/** The full comparison: then the older eBGP path (RFC 5004), router ID, peer address. */
function cmp(a: Candidate, b: Candidate): number {
  const c = cmpBeforeMultipath(a, b);
  if (c !== 0) return c;
  if (a.ebgp && b.ebgp && a.receivedAt !== b.receivedAt) return a.receivedAt - b.receivedAt;
  if (a.peerId !== b.peerId) return (a.peerId >>> 0) - (b.peerId >>> 0);
  return (a.peer >>> 0) - (b.peer >>> 0);
}

export interface Selection {
  best: Candidate | null;
  /** The best path plus its multipath partners, in selection order. */
  multipath: Candidate[];
}

export function selectPaths(cands: readonly Candidate[], opts: { maxPaths: number; maxPathsIbgp: number; multipathRelax: boolean }): Selection {
  if (!cands.length) return { best: null, multipath: [] };
  const sorted = [...cands].sort(cmp);
  const best = sorted[0];
  const limit = best.ebgp ? opts.maxPaths : opts.maxPathsIbgp;
  const multipath = [best];
  for (const c of sorted.slice(1)) {
    if (multipath.length >= limit) break;
    if (cmpBeforeMultipath(c, best) !== 0 || c.ebgp !== best.ebgp) continue;
    if (c.ebgp) {
      const same = opts.multipathRelax ? asPathLength(c.attrs.asPath) === asPathLength(best.attrs.asPath) : firstAs(c.attrs.asPath) === firstAs(best.attrs.asPath);
      if (!same) continue;
    }
    multipath.push(c);
  }
  return { best, multipath };
}
