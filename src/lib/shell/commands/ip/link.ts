/**
 * `ip link`: show (plain, -br, -o, with the `type`, `master` and `up` filters) and `set DEV up |
 * down`. Other changes are refused: the lab's links are made by Docker and kind, so a privileged
 * namespace gets "not supported" and any other "not permitted".
 */
import { linkFlags } from '../../../engine/net/format';
import type { NetInterface } from '../../../engine/net/iface';
import type { NetView } from '../../nettools/common';
import { type Globals, block, die, findDev, ifLabel, incomplete, joinLines, matches, operstate, requireAdmin } from './common';

/**
 * The link part of `ip link` / `ip -0 addr`: the brief line (name, state, MAC, flags), or the two
 * lines; only `ip link` (do_link) names the link mode.
 */
export function linkLines(view: NetView, g: Globals, i: NetInterface, doLink = true): string[] {
  if (g.brief) return [`${ifLabel(i).padEnd(16)} ${operstate(i).padEnd(14)} ${i.mac} ${linkFlags(i)} `];
  const b = block(view, i);
  const head = doLink ? b[0].replace(/ group default/, ' mode DEFAULT group default') : b[0];
  return g.oneline ? [`${head}\\${b[1]}`] : [head, b[1]];
}

/** The link filters ipaddr_list_flush_or_save() reads: `type KIND`, `master DEV`, `up`. */
export interface LinkFilter {
  type: string | null;
  master: string | null;
  up: boolean;
}

/** Does the link pass the filter (the kernel filters type and master, iproute2 `up`). */
export function linkPasses(f: LinkFilter, i: NetInterface): boolean {
  if (f.type !== null && i.linkType !== f.type) return false;
  if (f.master !== null && i.master !== f.master) return false;
  // `up` keeps links with IFF_UP, with or without a carrier
  if (f.up && i.adminUp === false) return false;
  return true;
}

/** `ip link set [dev] DEV { up | down }`: what the lab can change about a link. */
function linkSet(view: NetView, args: string[]): string {
  let dev: string | null = null;
  let state: 'up' | 'down' | null = null;
  let other = false;
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (a === 'dev') dev = args[++k] ?? incomplete();
    else if (a === 'up' || a === 'down') state = a;
    else if (dev === null) dev = a;
    else other = true;
  }
  if (dev === null) die('Not enough information: "dev" argument is required.');
  if (!view.host.iface(dev)) die(`Cannot find device "${dev}"`, 1);
  requireAdmin(view);
  if (other || state === null) die('RTNETLINK answers: Operation not supported', 2);
  const r = view.host.setLinkAdmin(dev, state === 'up');
  if (!r.ok) die(`Cannot find device "${dev}"`, 1);
  return '';
}

export function doLink(view: NetView, g: Globals, args: string[]): string {
  const [sub, ...rest] = args;
  let words = args;
  if (sub !== undefined) {
    if (matches(sub, 'show') || matches(sub, 'list') || matches(sub, 'lst')) words = rest;
    else if (matches(sub, 'set')) return linkSet(view, rest);
    else if (matches(sub, 'add') || matches(sub, 'delete') || matches(sub, 'change')) {
      requireAdmin(view);
      die('RTNETLINK answers: Operation not supported', 2);
    } else if (matches(sub, 'help')) die('Usage: ip link add [link DEV | parentdev NAME] [ name ] NAME');
    else die(`Command "${sub}" is unknown, try "ip link help".`);
  }
  let dev: string | null = null;
  const f: LinkFilter = { type: null, master: null, up: false };
  for (let k = 0; k < words.length; k++) {
    const a = words[k];
    if (a === 'dev') dev = words[++k] ?? incomplete();
    else if (a === 'up') f.up = true;
    else if (a === 'type') f.type = words[++k] ?? incomplete();
    else if (a === 'master') {
      const m = words[++k] ?? incomplete();
      // iplink_filter_req(): ll_name_to_index() of the master; an unknown one is an error
      if (!view.host.iface(m)) die(`Device "${m}" does not exist.`, 1);
      f.master = m;
    } else if (a === 'vrf' || a === 'group') k++;
    else dev = a;
  }
  const ifaces = dev !== null ? [findDev(view, dev)] : view.host.interfaces();
  const lines = ifaces.filter((i) => linkPasses(f, i)).flatMap((i) => linkLines(view, g, i));
  return joinLines(lines);
}
