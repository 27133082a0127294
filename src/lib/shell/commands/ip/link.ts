/** `ip link`: show (with -br, -o); set/add/delete are refused, as in a container. */
import type { NetInterface } from '../../../engine/net/iface';
import { type NetView, canAdmin } from '../../nettools/common';
import { type Globals, block, die, findDev, flagsOf, ifLabel, matches, operstate } from './common';

function linkLines(view: NetView, g: Globals, i: NetInterface): string[] {
  if (g.brief) return [`${ifLabel(i).padEnd(16)} ${operstate(i).padEnd(14)} ${i.mac} ${flagsOf(i)} `];
  const b = block(view, i);
  const head = b[0].replace(/ group default/, ' mode DEFAULT group default');
  return g.oneline ? [`${head}\\${b[1]}`] : [head, b[1]];
}

export function doLink(view: NetView, g: Globals, args: string[]): string {
  const [sub, ...rest] = args;
  let words = args;
  if (sub !== undefined) {
    if (matches(sub, 'show') || matches(sub, 'list') || matches(sub, 'lst')) words = rest;
    else if (matches(sub, 'set') || matches(sub, 'add') || matches(sub, 'delete') || matches(sub, 'change')) {
      if (!canAdmin(view)) die('RTNETLINK answers: Operation not permitted', 2);
      die('RTNETLINK answers: Operation not supported', 2);
    } else if (matches(sub, 'help')) die('Usage: ip link add [link DEV | parentdev NAME] [ name ] NAME');
    else die(`Command "${sub}" is unknown, try "ip link help".`);
  }
  let dev: string | null = null;
  for (let k = 0; k < words.length; k++) {
    const a = words[k];
    if (a === 'dev') dev = words[++k] ?? die('Command line is not complete. Try option "help"');
    else if (a === 'up') continue;
    else if (a === 'type' || a === 'master' || a === 'vrf' || a === 'group') k++;
    else dev = a;
  }
  const ifaces = dev !== null ? [findDev(view, dev)] : view.host.interfaces();
  const lines = ifaces.flatMap((i) => linkLines(view, g, i));
  return lines.length ? lines.join('\n') + '\n' : '';
}
