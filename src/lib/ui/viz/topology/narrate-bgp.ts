/**
 * The BGP part of the picture in words: what changed between two readings (a session coming up
 * or going down, a VIP's ECMP set changing) and the sentences of the "Describe the picture"
 * list (each router's sessions, where it routes each VIP, the networks behind it).
 */
import type { Messages } from '$lib/i18n';
import type { ViewRouter, WorldView } from '$lib/engine/observe/types';

export type BgpChange =
  | { type: 'session'; router: string; node: string; up: boolean; state: string }
  | { type: 'route'; router: string; ip: string; nodes: string[] }
  | { type: 'route-gone'; router: string; ip: string };

type Text = Messages['topologyBgp'];

const f = (s: string, v: Record<string, string | number>) => s.replace(/\{(\w+)\}/g, (m, k: string) => (k in v ? String(v[k]) : m));

function sessionState(s: ViewRouter['sessions'][number], t: Text): string {
  return s.adminDown ? t.adminDown : t.states[s.state];
}

/** Session and route changes from `prev` to `next` (none for the first reading). */
export function bgpChanges(prev: WorldView | null, next: WorldView): BgpChange[] {
  if (!prev) return [];
  const out: BgpChange[] = [];
  const before = new Map((prev.bgp?.routers ?? []).map((r) => [r.name, r]));
  for (const r of next.bgp?.routers ?? []) {
    const p = before.get(r.name);
    const was = new Map((p?.sessions ?? []).map((s) => [s.peer, s]));
    for (const s of r.sessions) {
      const o = was.get(s.peer);
      const up = s.state === 'Established';
      const wasUp = o?.state === 'Established';
      // an Active ⇄ Connect retry is not news; up and down are
      if (s.node && up !== wasUp && (o || up)) out.push({ type: 'session', router: r.name, node: s.node, up, state: s.adminDown ? 'Idle (Admin)' : s.state });
    }
    const oldRoutes = new Map((p?.running ? p.routes : []).map((x) => [x.prefix, x]));
    const newRoutes = r.running ? r.routes : [];
    for (const x of newRoutes) {
      const o = oldRoutes.get(x.prefix);
      if (!o || o.nodes.join() !== x.nodes.join()) out.push({ type: 'route', router: r.name, ip: x.ip, nodes: x.nodes });
      oldRoutes.delete(x.prefix);
    }
    for (const o of oldRoutes.values()) out.push({ type: 'route-gone', router: r.name, ip: o.ip });
  }
  return out;
}

export function bgpPhrase(c: BgpChange, t: Text): string {
  switch (c.type) {
    case 'session':
      return c.up ? f(t.narrate.sessionUp, { router: c.router, node: c.node }) : f(t.narrate.sessionDown, { router: c.router, node: c.node, state: c.state in t.states ? t.states[c.state as keyof Text['states']] : c.state });
    case 'route':
      return f(t.narrate.route, { router: c.router, ip: c.ip, nodes: c.nodes.join(', ') });
    case 'route-gone':
      return f(t.narrate.routeGone, { router: c.router, ip: c.ip });
  }
}

/** The describe list's BGP sentences, one per line: sessions, then routes, per router. */
export function describeRouters(world: WorldView, t: Text): string[] {
  const out: string[] = [];
  for (const r of world.bgp?.routers ?? []) {
    if (!r.running) {
      out.push(f(t.describeRouterDown, { router: r.name }));
      continue;
    }
    if (r.asn === null) continue;
    const list = r.sessions.map((s) => f(t.describeSession, { node: s.node ?? s.peer, peer: s.peer, state: sessionState(s, t) })).join(', ');
    out.push(f(t.describeSessions, { router: r.name, asn: r.asn, list }));
    if (!r.routes.length) out.push(f(t.describeNoRoutes, { router: r.name }));
    for (const x of r.routes) out.push(f(t.describeRoute, { router: r.name, ip: x.ip, nodes: x.nodes.join(', ') }));
  }
  return out;
}

/** One sentence per network behind a bridge. */
export function describeNetworks(world: WorldView, t: Text, states: Record<string, string>): string[] {
  return (world.bgp?.networks ?? []).map((n) =>
    f(t.describeNet, {
      name: n.name,
      subnet: n.subnet,
      bridges: n.bridges.map((b) => `${b.name} (${b.ip})`).join(', ') || '-',
      machines: n.machines.length ? n.machines.map((m) => f(t.describeNetMachine, { name: m.name, ip: m.ip || '-', state: states[m.state] ?? m.state })).join(', ') : t.describeNetEmpty
    })
  );
}
