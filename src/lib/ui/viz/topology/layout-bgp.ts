/**
 * The BGP part of the topology picture's geometry: which VIP badges a machine gets because the
 * router routes the VIP to it, each node's BGP session as a line from the router's card to the
 * node's card, and the networks behind the router (`clients`) as a second, shorter bus under
 * the `kind` rows with the router's drop down to it. Pure numbers, like layout.ts.
 */
import { bgpVipsByMachine } from '$lib/engine/observe/bgp-world';
import type { BgpWorldView, ViewBgpSession, ViewMachine, ViewRouter } from '$lib/engine/observe/types';

/** What the layout needs to know of the BGP world, indexed. */
export interface BgpFacts {
  /** Machine → VIPs a running router sends to it (it is in their ECMP next-hop set). */
  routed: Map<string, string[]>;
  /** Node → its session with a router (the first router that has one). */
  sessionOf: Map<string, { router: string; session: ViewBgpSession }>;
  routers: Map<string, ViewRouter>;
  /** Containers bridging `kind` to another network (drawn last, above that network's bus). */
  bridges: Set<string>;
}

export function bgpFacts(bgp: BgpWorldView | undefined): BgpFacts {
  const f: BgpFacts = { routed: bgpVipsByMachine(bgp), sessionOf: new Map(), routers: new Map(), bridges: new Set() };
  for (const r of bgp?.routers ?? []) {
    f.routers.set(r.name, r);
    for (const s of r.sessions) if (s.node && !f.sessionOf.has(s.node)) f.sessionOf.set(s.node, { router: r.name, session: s });
  }
  for (const n of bgp?.networks ?? []) for (const b of n.bridges) f.bridges.add(b.name);
  return f;
}

/** Bridging machines last, so the drop from their card down to the other bus crosses no card. */
export function bridgesLast(machines: readonly ViewMachine[], facts: BgpFacts): ViewMachine[] {
  if (!facts.bridges.size) return [...machines];
  return [...machines.filter((m) => !facts.bridges.has(m.name)), ...machines.filter((m) => facts.bridges.has(m.name))];
}

/** Router-card lines below the IP: "AS …", "n/m Established", then one per installed route. */
export const ROUTER_ROUTES_SHOWN = 3;
export function routerLineCount(r: ViewRouter | undefined): number {
  if (!r) return 0;
  return 2 + Math.min(ROUTER_ROUTES_SHOWN, r.routes.length) + (r.routes.length > ROUTER_ROUTES_SHOWN ? 1 : 0);
}

/** One session drawn: a curve from the router's card to the node's card. */
export interface SessionLine {
  router: string;
  node: string;
  up: boolean;
  state: ViewBgpSession['state'];
  /** SVG path. */
  d: string;
}

interface Box {
  name: string;
  x: number;
  y: number;
  w: number;
  h: number;
  row: number;
}

/**
 * Curves from each router to its nodes. A node on an earlier row: from the router's top edge up
 * to the node's bottom edge (the space between them holds only bus lines and gaps; the picture
 * draws the curves under the cards). The same row: both bottoms, dipping under the row by `dip`.
 * Start points spread over the router's edge so the curves do not share their first pixels.
 */
export function sessionLines(facts: BgpFacts, byName: ReadonlyMap<string, Box>, dip: number): SessionLine[] {
  const out: SessionLine[] = [];
  for (const r of facts.routers.values()) {
    const rc = byName.get(r.name);
    if (!rc) continue;
    const peers = r.sessions.filter((s) => s.node && s.node !== r.name && byName.has(s.node));
    peers.forEach((s, i) => {
      const n = byName.get(s.node!)!;
      const sx = Math.round(rc.x + 12 + ((rc.w - 24) * (i + 0.5)) / peers.length);
      const nx = Math.round(n.x + n.w / 2);
      let d: string;
      if (n.row < rc.row) {
        const y0 = rc.y;
        const y1 = n.y + n.h;
        const mid = (y0 + y1) / 2;
        d = `M${sx} ${y0}C${sx} ${mid} ${nx} ${mid} ${nx} ${y1}`;
      } else {
        const y0 = rc.y + rc.h;
        const y1 = n.y + n.h;
        const low = Math.max(y0, y1) + (dip * 4) / 3;
        d = `M${sx} ${y0}C${sx} ${low} ${nx} ${low} ${nx} ${y1}`;
      }
      out.push({ router: r.name, node: n.name, up: s.state === 'Established', state: s.state, d });
    });
  }
  return out;
}
