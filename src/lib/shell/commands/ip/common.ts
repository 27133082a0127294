/**
 * What the `ip` objects share: the global options they read, iproute2's prefix matching, the
 * exit-by-exception iproute2's exit()/invarg() calls become, and the small parsers and interface
 * labels more than one object prints.
 */
import { type IpPrefix, parseIpPrefix, parseIpv4 } from '../../../engine/net/addr';
import { ipAddrBlock, linkState } from '../../../engine/net/format';
import type { NetInterface } from '../../../engine/net/iface';
import { type CommandResult, errOut } from '../../types';
import { type NetView, canAdmin } from '../../nettools/common';

/** The global options (`-4`, `-br`, `-o`, …) as the objects read them. */
export interface Globals {
  family: 'any' | 'inet' | 'inet6' | 'link';
  brief: boolean;
  oneline: boolean;
  details: number;
  stats: number;
  resolve: boolean;
}

/** iproute2's matches(): the word is a non-empty prefix of the keyword. */
export function matches(word: string, keyword: string): boolean {
  return word.length > 0 && keyword.startsWith(word);
}

/** Thrown by die(); ip.ts turns it into the command's result. */
export class IpExit {
  constructor(readonly result: CommandResult) {}
}

export function die(text: string, code = 255): never {
  throw new IpExit(errOut(text.endsWith('\n') ? text : text + '\n', code));
}

/** A keyword at the end of the line with its value missing. */
export function incomplete(): never {
  die('Command line is not complete. Try option "help"');
}

/** The kernel refuses changes from a namespace without CAP_NET_ADMIN. */
export function requireAdmin(view: NetView): void {
  if (!canAdmin(view)) die('RTNETLINK answers: Operation not permitted', 2);
}

/** A PREFIX argument: `a.b.c.d/len`, or a bare address meaning its /32. */
export function prefixOrHost(word: string): IpPrefix | null {
  const p = parseIpPrefix(word);
  if (p) return p;
  const ip = parseIpv4(word);
  return ip !== null ? { ip, prefix: 32 } : null;
}

/** Output lines as one text: empty, or each line ended by a newline. */
export function joinLines(lines: readonly string[]): string {
  return lines.length ? lines.join('\n') + '\n' : '';
}

/** Interface name as `ip` shows it: `eth0@if12` for a veth whose peer index is known. */
export function ifLabel(i: NetInterface): string {
  return i.peerIndex !== undefined ? `${i.name}@if${i.peerIndex}` : i.name;
}

/** The engine's `ip addr` block, minus the link-netnsid a bridge on the host does not have. */
export function block(view: NetView, i: NetInterface): string[] {
  const lines = ipAddrBlock(i);
  if (!view.container && i.kind === 'bridge') lines[1] = lines[1].replace(/ link-netnsid \d+$/, '');
  return lines;
}

export function findDev(view: NetView, name: string): NetInterface {
  const i = view.host.iface(name);
  if (!i) die(`Device "${name}" does not exist.`, 1);
  return i;
}

/** The state column of `-br` output. */
export function operstate(i: NetInterface): string {
  return linkState(i);
}
