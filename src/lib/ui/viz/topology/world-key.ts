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
  return parts.join('');
}
