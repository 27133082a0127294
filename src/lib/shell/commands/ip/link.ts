/**
 * `ip link`: show (plain, -br, -o). Changes are refused: the lab's links are fixed by Docker and
 * kind, so a privileged namespace gets "not supported" and any other "not permitted".
 */
import type { NetInterface } from '../../../engine/net/iface';
import type { NetView } from '../../nettools/common';
import { type Globals, block, die, findDev, ifLabel, incomplete, joinLines, matches, operstate, requireAdmin } from './common';

function flagsOf(i: NetInterface): string {
  return i.kind === 'loopback' ? '<LOOPBACK,UP,LOWER_UP>' : '<BROADCAST,MULTICAST,UP,LOWER_UP>';
}

/**
 * The link part of `ip link` / `ip -0 addr`: the brief line (name, state, MAC, flags), or the two
 * lines; only `ip link` (do_link) names the link mode.
 */
export function linkLines(view: NetView, g: Globals, i: NetInterface, doLink = true): string[] {
  if (g.brief) return [`${ifLabel(i).padEnd(16)} ${operstate(i).padEnd(14)} ${i.mac} ${flagsOf(i)} `];
  const b = block(view, i);
  const head = doLink ? b[0].replace(/ group default/, ' mode DEFAULT group default') : b[0];
  return g.oneline ? [`${head}\\${b[1]}`] : [head, b[1]];
}

export function doLink(view: NetView, g: Globals, args: string[]): string {
  const [sub, ...rest] = args;
  let words = args;
  if (sub !== undefined) {
    if (matches(sub, 'show') || matches(sub, 'list') || matches(sub, 'lst')) words = rest;
    else if (matches(sub, 'set') || matches(sub, 'add') || matches(sub, 'delete') || matches(sub, 'change')) {
      requireAdmin(view);
      die('RTNETLINK answers: Operation not supported', 2);
    } else if (matches(sub, 'help')) die('Usage: ip link add [link DEV | parentdev NAME] [ name ] NAME');
    else die(`Command "${sub}" is unknown, try "ip link help".`);
  }
  let dev: string | null = null;
  for (let k = 0; k < words.length; k++) {
    const a = words[k];
    if (a === 'dev') dev = words[++k] ?? incomplete();
    else if (a === 'up') continue;
    else if (a === 'type' || a === 'master' || a === 'vrf' || a === 'group') k++;
    else dev = a;
  }
  const ifaces = dev !== null ? [findDev(view, dev)] : view.host.interfaces();
  const lines = ifaces.flatMap((i) => linkLines(view, g, i));
  return joinLines(lines);
}
