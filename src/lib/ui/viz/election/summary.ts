/**
 * The explorer's sentences about the what-ifs: who wins the chosen IP, and for every VIP of the
 * lab whether its owner stays or moves. Pure: the messages come in, strings go out.
 */
import { fill } from './input';
import type { VipOutcome } from './model';

export interface SummaryMessages {
  stays: string;
  moves: string;
  loses: string;
  gains: string;
  nobody: string;
}

/** "svc1, other/svc9": the services without the default namespace. */
export function serviceNames(services: readonly string[]): string {
  return services.map((s) => (s.startsWith('default/') ? s.slice('default/'.length) : s)).join(', ');
}

/** "svc1 (172.18.255.200)", or the bare IP when no service uses it. */
export function vipLabel(o: Pick<VipOutcome, 'ip' | 'services'>): string {
  return o.services.length === 0 ? o.ip : `${serviceNames(o.services)} (${o.ip})`;
}

/** One line per VIP: "svc1 (172.18.255.200) stays on myk8s-worker", "… moves from A to B". */
export function outcomeLines(list: readonly VipOutcome[], m: SummaryMessages): { text: string; moves: boolean }[] {
  return list.map((o) => {
    const what = vipLabel(o);
    let text: string;
    if (!o.moves) text = o.after ? fill(m.stays, { what, node: o.after }) : fill(m.nobody, { what });
    else if (o.before && o.after) text = fill(m.moves, { what, from: o.before, to: o.after });
    else if (o.before) text = fill(m.loses, { what, from: o.before });
    else text = fill(m.gains, { what, to: o.after ?? '' });
    return { text, moves: o.moves };
  });
}
