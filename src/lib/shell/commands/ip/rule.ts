/**
 * `ip rule`: the lab's namespaces keep the kernel's default policy rules, so listing prints them
 * and a change is accepted (with CAP_NET_ADMIN) without effect.
 */
import type { NetView } from '../../nettools/common';
import { type Globals, matches, requireAdmin } from './common';

export function doRule(view: NetView, g: Globals, args: string[]): string {
  if (args.length && !(matches(args[0], 'list') || matches(args[0], 'show'))) {
    requireAdmin(view);
    return '';
  }
  return g.family === 'inet6' ? '0:\tfrom all lookup local\n32766:\tfrom all lookup main\n' : '0:\tfrom all lookup local\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default\n';
}
