/**
 * `ip` from iproute2 6.1: the global options (`-4`, `-br`, `-o`, abbreviations matched the way
 * iproute2's matches() does), and the objects the lab uses: address, link, route (with
 * `route get`), neighbour (show, flush, add/replace/del), plus rule. Output comes from the
 * namespace the command runs in; field formats end in a space, as iproute2 prints them.
 * This file parses the global options and dispatches; each object lives in ip/<object>.ts.
 */
import { type CommandResult, type LabCommand, type ShellContext, errOut, out } from '../types';
import { netView } from '../nettools/common';
import { doAddress } from './ip/address';
import { type Globals, IpExit, die, matches } from './ip/common';
import { doLink } from './ip/link';
import { doNeigh } from './ip/neigh';
import { doRoute } from './ip/route';
import { doRule } from './ip/rule';

const USAGE = `Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }
       ip [ -force ] -batch filename
where  OBJECT := { address | addrlabel | fou | help | ila | ioam | l2tp | link |
                   macsec | maddress | monitor | mptcp | mroute | mrule |
                   neighbor | neighbour | netconf | netns | nexthop | ntable |
                   ntbl | route | rule | sr | stats | tap | tcpmetrics |
                   token | tunnel | tuntap | vrf | xfrm }
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[esolve] |
                    -h[uman-readable] | -iec | -j[son] | -p[retty] |
                    -f[amily] { inet | inet6 | mpls | bridge | link } |
                    -4 | -6 | -M | -B | -0 |
                    -l[oops] { maximum-addr-flush-attempts } | -br[ief] |
                    -o[neline] | -t[imestamp] | -ts[hort] | -b[atch] [filename] |
                    -rc[vbuf] [size] | -n[etns] name | -N[umeric] | -a[ll] |
                    -c[olor]}
`;

/** The objects of ip.c's cmds[] in their order (the first prefix match wins). */
const OBJECTS = [
  'address', 'addrlabel', 'maddress', 'route', 'rule', 'neighbor', 'neighbour', 'ntable', 'ntbl', 'link', 'l2tp', 'fou', 'ila',
  'macsec', 'tunnel', 'tunl', 'tuntap', 'tap', 'token', 'tcpmetrics', 'tcp_metrics', 'monitor', 'xfrm', 'mroute', 'mrule', 'netns',
  'netconf', 'vrf', 'sr', 'nexthop', 'mptcp', 'ioam', 'stats', 'help'
];

async function ipMain(args: string[], ctx: ShellContext): Promise<CommandResult> {
  const view = netView(ctx);
  if (!view) return errOut('Cannot open netlink socket: Protocol not supported\n', 1);
  const g: Globals = { family: 'any', brief: false, oneline: false, details: 0, stats: 0, resolve: false };
  let k = 0;
  try {
    for (; k < args.length; k++) {
      let opt = args[k];
      if (opt === '--') {
        k++;
        break;
      }
      if (!opt.startsWith('-')) break;
      if (opt[1] === '-') opt = opt.slice(1);
      if (matches(opt, '-loops')) {
        if (++k >= args.length) die(USAGE);
      } else if (matches(opt, '-family')) {
        if (++k >= args.length) die(USAGE);
        const f = args[k];
        if (f === 'help') die(USAGE);
        if (f === 'inet' || f === 'inet6' || f === 'link') g.family = f;
        else if (f === 'mpls' || f === 'bridge') g.family = 'link';
        else die(`Error: argument "${f}" is wrong: invalid protocol family`);
      } else if (opt === '-4') g.family = 'inet';
      else if (opt === '-6') g.family = 'inet6';
      else if (opt === '-0') g.family = 'link';
      else if (opt === '-M' || opt === '-B') g.family = 'link';
      else if (matches(opt, '-human') || matches(opt, '-human-readable')) continue;
      else if (matches(opt, '-iec')) continue;
      else if (matches(opt, '-stats') || matches(opt, '-statistics')) g.stats++;
      else if (matches(opt, '-details')) g.details++;
      else if (matches(opt, '-resolve')) g.resolve = true;
      else if (matches(opt, '-oneline')) g.oneline = true;
      else if (matches(opt, '-timestamp')) continue;
      else if (matches(opt, '-tshort')) continue;
      else if (matches(opt, '-Version')) return out('ip utility, iproute2-6.1.0, libbpf 1.1.0\n');
      else if (matches(opt, '-force')) continue;
      else if (matches(opt, '-batch')) {
        if (++k >= args.length) die(USAGE);
        die(`Cannot open file "${args[k]}" for reading: No such file or directory`, 1);
      } else if (matches(opt, '-brief')) g.brief = true;
      else if (matches(opt, '-json')) return errOut('ip: -json is not available in the lab\n', 1);
      else if (matches(opt, '-pretty')) continue;
      else if (matches(opt, '-rcvbuf')) {
        if (++k >= args.length) die(USAGE);
      } else if (matches(opt, '-color') || matches(opt, '-colour') || opt.startsWith('-color=')) continue;
      else if (matches(opt, '-help')) die(USAGE);
      else if (matches(opt, '-netns')) {
        if (++k >= args.length) die(USAGE);
        die(`Cannot open network namespace "${args[k]}": No such file or directory`);
      } else if (matches(opt, '-Numeric')) continue;
      else if (matches(opt, '-all')) continue;
      else die(`Option "${opt}" is unknown, try "ip -help".`);
    }
    const rest = args.slice(k);
    if (!rest.length) die(USAGE);
    const [objWord, ...sub] = rest;
    const obj = OBJECTS.find((o) => matches(objWord, o));
    if (!obj) return errOut(`Object "${objWord}" is unknown, try "ip help".\n`, 1);
    switch (obj) {
      case 'address':
        return out(doAddress(view, g, sub));
      case 'link':
        return out(doLink(view, g, sub));
      case 'route':
        return out(doRoute(view, g, sub));
      case 'neighbor':
      case 'neighbour':
        return out(doNeigh(view, sub));
      case 'rule':
        return out(doRule(view, g, sub));
      case 'help':
        die(USAGE);
        break;
      default:
        // objects the lab has nothing to show for (tunnels, xfrm, …): an empty table
        return out('');
    }
  } catch (e) {
    if (e instanceof IpExit) return e.result;
    throw e;
  }
}

export const ipCommand: LabCommand = {
  name: 'ip',
  run: ipMain
};
