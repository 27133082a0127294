/**
 * A compact fingerprint of what the picture draws from a WorldView (everything but the clock),
 * so a new reading that changes nothing visible is skipped instead of redrawn.
 */
import type { WorldView } from '$lib/engine/observe/types';

const MEMBER = { alive: 'a', suspect: 's', dead: 'd', left: 'l' } as const;

export function worldKey(w: WorldView): string {
  const parts: string[] = [w.network ? `${w.network.name} ${w.network.subnet} ${w.network.gateway}` : '-'];
  for (const m of w.machines) {
    parts.push(`|${m.name} ${m.role} ${m.state} ${m.ip} ${m.mac} ${m.excluded ? 'x' : ''} ${m.owns.join(',')}`);
    for (const p of m.pods) parts.push(`;${p.namespace}/${p.name} ${p.phase} ${p.ready ? 1 : 0} ${p.app ?? ''} ${p.ip}`);
    if (m.speaker) parts.push(`~${m.speaker.pod} ${m.speaker.running ? 1 : 0} ${m.speaker.members.map((x) => x.name + MEMBER[x.state]).join(',')}`);
  }
  for (const v of w.vips) parts.push(`#${v.ip} ${v.services.join(',')} ${v.owner ?? '-'} ${v.announcers.join(',')} ${v.bursting ? 'b' : ''}`);
  for (const r of w.bgp?.routers ?? []) {
    parts.push(`@${r.name} ${r.asn ?? '-'} ${r.running ? 1 : 0}`);
    for (const s of r.sessions) parts.push(`>${s.peer} ${s.node ?? '-'} ${s.state} ${s.adminDown ? 'x' : ''} ${s.since ?? '-'}`);
    for (const x of r.routes) parts.push(`=${x.prefix} ${x.nodes.join(',')}`);
  }
  for (const n of w.bgp?.networks ?? []) {
    parts.push(`&${n.name} ${n.subnet} ${n.bridges.map((b) => `${b.name} ${b.ip} ${b.mac}`).join(',')}`);
    for (const m of n.machines) parts.push(`|${m.name} ${m.role} ${m.state} ${m.ip} ${m.mac}`);
  }
  return parts.join('');
}
