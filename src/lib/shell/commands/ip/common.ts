/** What every `ip` object shares: the global options, abbreviations, exiting with an error, interface names and flags. */
import { parseIpPrefix, parseIpv4 } from '../../../engine/net/addr';
import { ipAddrBlock } from '../../../engine/net/format';
import type { NetInterface } from '../../../engine/net/iface';
import { type CommandResult, errOut } from '../../types';
import type { NetView } from '../../nettools/common';

/** iproute2's matches(): the word is a non-empty prefix of the keyword. */
export function matches(word: string, keyword: string): boolean {
  return word.length > 0 && keyword.startsWith(word);
}

export interface Globals {
  family: 'any' | 'inet' | 'inet6' | 'link';
  brief: boolean;
  oneline: boolean;
  details: number;
  stats: number;
  resolve: boolean;
}

export class IpExit {
  constructor(
    readonly result: CommandResult
  ) {}
}

export function die(text: string, code = 255): never {
  throw new IpExit(errOut(text.endsWith('\n') ? text : text + '\n', code));
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

export function operstate(i: NetInterface): string {
  return i.kind === 'loopback' ? 'UNKNOWN' : 'UP';
}

export function flagsOf(i: NetInterface): string {
  return i.kind === 'loopback' ? '<LOOPBACK,UP,LOWER_UP>' : '<BROADCAST,MULTICAST,UP,LOWER_UP>';
}

/** An inet prefix (`10.0.0.0/8`), or one address as a /32 host prefix; null when it is neither. */
export function prefixOrHost(word: string): { ip: number; prefix: number } | null {
  const host = parseIpv4(word);
  return parseIpPrefix(word) ?? (host !== null ? { ip: host, prefix: 32 } : null);
}
