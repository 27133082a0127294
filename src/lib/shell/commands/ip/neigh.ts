/**
 * `ip neigh`: show and flush (selected by dev, prefix and nud state), add/change/replace/del of
 * permanent entries, help.
 */
import { ZERO_MAC, cidrContains, formatIpv4, makeCidr, parseIpv4, parseMac } from '../../../engine/net/addr';
import { nudValid, type NeighbourEntry, type NudState } from '../../../engine/net/neighbour';
import { type NetView, canAdmin } from '../../nettools/common';
import { die, incomplete, joinLines, matches, prefixOrHost, requireAdmin } from './common';

const NUD_NAMES: NudState[] = ['INCOMPLETE', 'REACHABLE', 'STALE', 'DELAY', 'PROBE', 'FAILED', 'NOARP', 'PERMANENT'];

function neighLine(e: NeighbourEntry, dev: string | null): string {
  const ll = nudValid(e.state) && e.mac ? `lladdr ${e.mac} ` : '';
  return `${formatIpv4(e.ip)} ${dev !== null ? `dev ${dev} ` : ''}${ll}${e.state} `;
}

function neighTables(view: NetView, dev: string | null): { dev: string; entries: NeighbourEntry[]; del(ip: number): boolean }[] {
  if (dev !== null && !view.host.iface(dev)) die(`Cannot find device "${dev}"`, 1);
  const out: { dev: string; entries: NeighbourEntry[]; del(ip: number): boolean }[] = [];
  for (const i of view.host.interfaces()) {
    if (dev !== null && i.name !== dev) continue;
    const t = view.host.neighbours(i.name);
    if (t) out.push({ dev: i.name, entries: t.entries(), del: (ip) => t.delete(ip) });
  }
  return out;
}

function neighSelect(args: string[]): { dev: string | null; to: { ip: number; prefix: number } | null; nud: NudState[] | null } {
  let dev: string | null = null;
  let to: { ip: number; prefix: number } | null = null;
  let nud: NudState[] | null = null;
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === 'dev') dev = args[++k] ?? incomplete();
    else if (a === 'nud') {
      const s = (args[++k] ?? '').toUpperCase();
      if (s === 'ALL') nud = [...NUD_NAMES];
      else if (NUD_NAMES.includes(s as NudState)) nud = [...(nud ?? []), s as NudState];
      else die(`Error: argument "${args[k] ?? ''}" is wrong: nud state is bad`, 255);
    } else if (a === 'proxy' || a === 'unused' || a === 'nomaster') continue;
    else if (a === 'master' || a === 'vrf') k++;
    else {
      const word = a === 'to' ? (args[++k] ?? '') : a;
      if (word === 'all' || word === 'any' || word === 'default') to = { ip: 0, prefix: 0 };
      else {
        const p = prefixOrHost(word);
        if (!p) die(`Error: an inet prefix is expected rather than "${word}".`, 1);
        to = p;
      }
    }
  }
  return { dev, to, nud };
}

function neighShow(view: NetView, args: string[], flush: boolean): string {
  // ipneigh.c: fprintf(stderr, "Flush requires arguments.\n"); return -1;  (exit 1)
  if (flush && !args.length) die('Flush requires arguments.', 1);
  const sel = neighSelect(args);
  // the delete requests fail without CAP_NET_ADMIN; iproute2 notices on its first flush round
  const denied = flush && !canAdmin(view);
  const keep = (e: NeighbourEntry) => {
    if (sel.to && !cidrContains(makeCidr(sel.to.ip, sel.to.prefix), e.ip)) return false;
    if (sel.nud) return sel.nud.includes(e.state);
    // the default filter hides NOARP; a flush also spares PERMANENT entries
    if (e.state === 'NOARP') return false;
    if (flush && e.state === 'PERMANENT') return false;
    return true;
  };
  const lines: string[] = [];
  for (const t of neighTables(view, sel.dev)) {
    for (const e of t.entries) {
      if (!keep(e)) continue;
      if (denied) die('Failed to send flush request: Operation not permitted', 1);
      if (flush) t.del(e.ip);
      else lines.push(neighLine(e, sel.dev === null ? t.dev : null));
    }
  }
  return joinLines(lines);
}

function neighModify(view: NetView, verb: 'add' | 'replace' | 'del', args: string[]): string {
  requireAdmin(view);
  let ip: number | null = null;
  let mac: string | null = null;
  let dev: string | null = null;
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === 'lladdr') {
      mac = parseMac(args[++k] ?? '');
      if (!mac) die(`Error: "${args[k] ?? ''}" is not a valid link-layer address.`, 1);
    } else if (a === 'dev') dev = args[++k] ?? null;
    else if (a === 'nud') k++;
    else if (a === 'router' || a === 'extern_learn' || a === 'proxy') continue;
    else {
      const w = a === 'to' ? (args[++k] ?? '') : a;
      ip = parseIpv4(w);
      if (ip === null) die(`Error: an inet address is expected rather than "${w}".`, 1);
    }
  }
  if (dev === null) die('Device and destination are required arguments.');
  if (ip === null) die('Device and destination are required arguments.');
  const t = view.host.neighbours(dev);
  if (!view.host.iface(dev)) die(`Cannot find device "${dev}"`, 1);
  if (!t) die('RTNETLINK answers: Operation not supported', 2);
  if (verb === 'del') {
    if (!t.delete(ip)) die('RTNETLINK answers: No such file or directory', 2);
    return '';
  }
  if (verb === 'add' && t.get(ip)) die('RTNETLINK answers: File exists', 2);
  t.addPermanent(ip, mac ?? ZERO_MAC);
  return '';
}

export function doNeigh(view: NetView, args: string[]): string {
  if (!args.length) return neighShow(view, [], false);
  const [sub, ...rest] = args;
  if (matches(sub, 'add')) return neighModify(view, 'add', rest);
  if (matches(sub, 'change') || matches(sub, 'replace')) return neighModify(view, 'replace', rest);
  if (matches(sub, 'delete')) return neighModify(view, 'del', rest);
  if (matches(sub, 'list') || matches(sub, 'show')) return neighShow(view, rest, false);
  if (matches(sub, 'flush')) return neighShow(view, rest, true);
  if (matches(sub, 'help')) die('Usage: ip neigh { add | del | change | replace }\n                { ADDR [ lladdr LLADDR ] [ nud STATE ] proxy ADDR }\n                [ dev DEV ] [ router ] [ use ] [ managed ] [ extern_learn ]\n                [ protocol PROTO ]\n\n       ip neigh { show | flush } [ proxy ] [ to PREFIX ] [ dev DEV ] [ nud STATE ]\n                                 [ vrf NAME ] [ nomaster ]\n       ip neigh get { ADDR | proxy ADDR } dev DEV\n\nSTATE := { delay | failed | incomplete | noarp | none |\n           permanent | probe | reachable | stale }');
  die(`Command "${sub}" is unknown, try "ip neigh help".`);
}
