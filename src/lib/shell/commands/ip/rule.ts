/**
 * `ip rule`: the lab's namespaces keep the kernel's default policy rules, so listing prints them
 * and a change is accepted (with CAP_NET_ADMIN) without effect.
 */
import type { NetView } from '../../nettools/common';
import { type Globals, die, matches, requireAdmin } from './common';

/** The verbs iprule.c's do_iprule knows (in its order of matching); anything else is refused. */
const CHANGES = ['save', 'restore', 'add', 'delete', 'flush'];

export function doRule(view: NetView, g: Globals, args: string[]): string {
  const verb = args[0];
  if (verb !== undefined && !(matches(verb, 'list') || matches(verb, 'show') || matches(verb, 'lst'))) {
    if (!CHANGES.some((c) => matches(verb, c))) die(`Command "${verb}" is unknown, try "ip rule help".`);
    requireAdmin(view);
    return '';
  }
  return g.family === 'inet6' ? '0:\tfrom all lookup local\n32766:\tfrom all lookup main\n' : '0:\tfrom all lookup local\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default\n';
}
