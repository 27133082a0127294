/**
 * The explorer's sentences: the IP picker's choices, who wins the chosen IP, why a node is or is
 * not a candidate, and for every VIP of the lab whether its owner stays or moves. Pure: the
 * messages come in, strings go out.
 */
import { fill } from './input';
import type { LabVip, NotCandidate, Row, VipOutcome } from './model';

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

/** Why a row is or is not a candidate, beyond "candidate": the what-if, then the lab's reason. */
export function reasonText(r: Pick<Row, 'override' | 'labReason'>, m: { forcedIn: string; forcedOut: string; reason: Record<NotCandidate, string> }): string {
  if (r.override === 'out') return m.forcedOut;
  if (r.override === 'in') return r.labReason ? `${m.forcedIn} (${m.reason[r.labReason]})` : m.forcedIn;
  return r.labReason ? m.reason[r.labReason] : '';
}

/** Who wins the IP the table was computed for; '' before the first computation. */
export function headline(
  ip: string,
  owner: string | null,
  labOwner: string | null,
  anyWhatIf: boolean,
  m: { winner: string; winnerChanged: string; winnerNone: string }
): string {
  if (!ip) return '';
  if (!owner) return fill(m.winnerNone, { ip });
  if (anyWhatIf && owner !== labOwner) return fill(m.winnerChanged, { node: owner, ip, lab: labOwner ?? '—' });
  return fill(m.winner, { node: owner, ip });
}

/** The IP picker's choices: the lab's VIPs with their services, then the IPs the learner typed. */
export function vipOptions(
  vips: readonly Pick<LabVip, 'ip' | 'services'>[],
  typed: readonly string[],
  m: { vipOption: string; vipNoService: string; vipTyped: string }
): { ip: string; label: string }[] {
  const list = vips.map((v) => ({ ip: v.ip, label: v.services.length ? fill(m.vipOption, { ip: v.ip, services: serviceNames(v.services) }) : fill(m.vipNoService, { ip: v.ip }) }));
  for (const c of typed) if (!list.some((o) => o.ip === c)) list.push({ ip: c, label: fill(m.vipTyped, { ip: c }) });
  return list;
}
