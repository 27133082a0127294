/**
 * The vtysh command tree the lab knows, node by node (enable, config, router bgp,
 * address-family), and the interpreter that carries the current node from one command to the
 * next, as a vtysh session does across several `-c` options.
 */
import { formatIpv4, parseIpv4 } from '../../../engine/net/addr';
import { type Bgpd, MULTIPATH_NUM } from '../../../engine/router';
import { type CmdOutcome, matchCommand } from './matcher';
import { SHOW, showRun } from './show';
import { type CliNode, type CliState, type Def, failed, ok } from './state';

export type { CliNode, CliState } from './state';

const END: Def = {
  syntax: 'end',
  run: (_a, c) => {
    c.node = 'enable';
    return ok();
  }
};

const ENABLE: Def[] = [
  ...SHOW,
  {
    syntax: 'configure [terminal]',
    run: (_a, c) => {
      c.node = 'config';
      return ok();
    }
  },
  { syntax: 'clear ip bgp *', run: (_a, c) => (c.bgpd.clearAll(), ok()) },
  { syntax: 'clear bgp *', run: (_a, c) => (c.bgpd.clearAll(), ok()) },
  {
    syntax: 'write [<memory|file>]',
    run: (_a, c) => (c.save?.(), ok('Note: this version of vtysh never writes vtysh.conf\nBuilding Configuration...\nIntegrated configuration saved to /etc/frr/frr.conf\n[OK]\n'))
  },
  { syntax: 'write terminal', run: showRun },
  // vtysh_exit(): at the top level vtysh itself ends (exit status 0)
  { syntax: 'exit', run: (_a, c) => ((c.exited = true), ok()) },
  { syntax: 'quit', run: (_a, c) => ((c.exited = true), ok()) },
  { syntax: 'end', run: () => ok() }
];

/** FRR installs `quit` as an alias of `exit` in every node. */
function withQuit(defs: Def[]): Def[] {
  const exit = defs.find((d) => d.syntax === 'exit');
  return exit ? [...defs, { syntax: 'quit', run: exit.run }] : defs;
}

/**
 * What `do` runs from a configuration node: the enable node's commands that leave the node as
 * it is (show, clear, write).
 */
export const DO_COMMANDS: readonly Def[] = ENABLE.filter((d) => /^(show|clear|write) /.test(d.syntax));

/** `do <enable-node command>` in any configuration node. */
const DO: Def = { syntax: 'do LINE', run: (a, c) => execIn(DO_COMMANDS, a[1] ?? a[0], c) };

const CONFIG: Def[] = [
  DO,
  END,
  {
    syntax: 'exit',
    run: (_a, c) => {
      c.node = 'enable';
      return ok();
    }
  },
  {
    syntax: 'router bgp [ASN]',
    run: (a, c) => {
      const asArg = a[2];
      const cur = c.bgpd.config.bgp;
      if (asArg === undefined) {
        if (!cur) return failed('% Please specify ASN and VRF\n');
        c.node = 'bgp';
        return ok();
      }
      const err = c.bgpd.routerBgp(Number(asArg));
      if (err) return failed(`${err.startsWith('%') ? err : `% ${err}`}\n`);
      c.node = 'bgp';
      return ok();
    }
  },
  {
    syntax: 'no router bgp ASN',
    run: (a, c) => {
      const err = c.bgpd.noRouterBgp(Number(a[3]));
      return err ? failed(`${err}\n`) : ok();
    }
  },
  {
    syntax: 'hostname WORD',
    run: (a, c) => {
      c.bgpd.config.hostname = a[1];
      return ok();
    }
  }
];

function neighborIp(word: string): number | null {
  return parseIpv4(word);
}

/** FRR: a neighbour must be created with remote-as before any other setting. */
function onNeighbor(c: CliState, word: string, fn: Parameters<Bgpd['neighborSet']>[1]): CmdOutcome {
  const ip = neighborIp(word);
  if (ip === null) return failed('% Create the peer-group or interface first\n');
  return c.bgpd.neighborSet(ip, fn) ? ok() : failed('% Specify remote-as or peer-group commands first\n');
}

const MAXPATHS: Def[] = [
  { syntax: 'maximum-paths (1-16)', run: (a, c) => (c.bgpd.setMaxPaths(Number(a[1]), false), ok()) },
  { syntax: 'maximum-paths ibgp (1-16)', run: (a, c) => (c.bgpd.setMaxPaths(Number(a[2]), true), ok()) },
  { syntax: 'no maximum-paths [(1-16)]', run: (_a, c) => (c.bgpd.setMaxPaths(MULTIPATH_NUM, false), ok()) },
  { syntax: 'no maximum-paths ibgp [(1-16)]', run: (_a, c) => (c.bgpd.setMaxPaths(MULTIPATH_NUM, true), ok()) }
];

/** Per-family neighbour settings: in `address-family ipv4 unicast`, and (for IPv4 unicast) in `router bgp`. */
const NEIGHBOR_AF: Def[] = [
  { syntax: 'neighbor WORD soft-reconfiguration inbound', run: (a, c) => onNeighbor(c, a[1], (n) => (n.softReconfig = true)) },
  { syntax: 'no neighbor WORD soft-reconfiguration inbound', run: (a, c) => onNeighbor(c, a[2], (n) => delete n.softReconfig) }
];

const BGP: Def[] = [
  DO,
  ...NEIGHBOR_AF,
  END,
  {
    syntax: 'exit',
    run: (_a, c) => {
      c.node = 'config';
      return ok();
    }
  },
  ...MAXPATHS,
  {
    syntax: 'bgp router-id A.B.C.D',
    run: (a, c) => (c.bgpd.setRouterId(parseIpv4(a[2]) ?? undefined), ok())
  },
  { syntax: 'no bgp router-id [A.B.C.D]', run: (_a, c) => (c.bgpd.setRouterId(undefined), ok()) },
  { syntax: 'bgp ebgp-requires-policy', run: (_a, c) => (c.bgpd.setEbgpRequiresPolicy(true), ok()) },
  { syntax: 'no bgp ebgp-requires-policy', run: (_a, c) => (c.bgpd.setEbgpRequiresPolicy(false), ok()) },
  { syntax: 'bgp bestpath as-path multipath-relax', run: (_a, c) => (c.bgpd.setMultipathRelax(true), ok()) },
  { syntax: 'no bgp bestpath as-path multipath-relax', run: (_a, c) => (c.bgpd.setMultipathRelax(false), ok()) },
  {
    syntax: 'neighbor WORD remote-as <ASN|internal|external>',
    run: (a, c) => {
      const ip = neighborIp(a[1]);
      if (ip === null) return failed('% Create the peer-group or interface first\n');
      const v = a[3];
      const remote = v === 'internal' || v === 'external' ? v : Number(v);
      c.bgpd.neighborRemoteAs(ip, remote);
      return ok();
    }
  },
  {
    syntax: 'no neighbor WORD [remote-as] [<ASN|internal|external>]',
    run: (a, c) => {
      const ip = neighborIp(a[2]);
      if (ip === null) return failed('% Create the peer-group or interface first\n');
      return c.bgpd.noNeighbor(ip) ? ok() : failed('% Specify remote-as or peer-group commands first\n');
    }
  },
  { syntax: 'neighbor WORD shutdown', run: (a, c) => onNeighbor(c, a[1], (n) => (n.shutdown = true)) },
  { syntax: 'no neighbor WORD shutdown', run: (a, c) => onNeighbor(c, a[2], (n) => (n.shutdown = false)) },
  { syntax: 'neighbor WORD passive', run: (a, c) => onNeighbor(c, a[1], (n) => (n.passive = true)) },
  { syntax: 'neighbor WORD description LINE', run: (a, c) => onNeighbor(c, a[1], (n) => (n.description = a[3])) },
  {
    syntax: 'neighbor WORD timers (0-65535) (0-65535)',
    run: (a, c) => onNeighbor(c, a[1], (n) => (n.timers = { keepalive: Number(a[3]), hold: Number(a[4]) }))
  },
  {
    syntax: 'address-family ipv4 [unicast]',
    run: (_a, c) => {
      c.node = 'af';
      return ok();
    }
  }
];

const AF: Def[] = [
  DO,
  END,
  ...MAXPATHS,
  ...NEIGHBOR_AF,
  {
    syntax: 'neighbor WORD activate',
    run: (a, c) => (c.bgpd.config.bgp?.neighbors.some((n) => formatIpv4(n.ip) === a[1]) ? ok() : failed('% Specify remote-as or peer-group commands first\n'))
  },
  {
    syntax: 'exit-address-family',
    run: (_a, c) => {
      c.node = 'bgp';
      return ok();
    }
  },
  {
    syntax: 'exit',
    run: (_a, c) => {
      c.node = 'bgp';
      return ok();
    }
  }
];

const TREE: Record<CliNode, Def[]> = { enable: ENABLE, config: withQuit(CONFIG), bgp: withQuit(BGP), af: withQuit(AF) };

/** The commands of one node, for `?` help and Tab completion. */
export const nodeCommands = (node: CliNode): readonly Def[] => TREE[node];

function execIn(defs: readonly Def[], line: string, c: CliState): CmdOutcome {
  const words = line.trim().split(/\s+/).filter((w) => w !== '');
  if (!words.length) return ok();
  const m = matchCommand(words, defs);
  switch (m.kind) {
    case 'match':
      return m.def.run(m.args, c);
    case 'ambiguous':
      return { out: `% Ambiguous command: ${line.trim()}\n`, status: 'failed' };
    case 'incomplete':
      return { out: `% Command incomplete: ${line.trim()}\n`, status: 'failed' };
    default:
      return { out: `% Unknown command: ${line.trim()}\n`, status: 'failed' };
  }
}

/**
 * Run one line in the current node. Like vtysh, a command unknown in a configuration node is
 * tried in the enclosing nodes (leaving the inner one), so `-c 'conf t' -c 'router bgp 1'
 * -c 'neighbor …' -c 'hostname x'` works.
 */
export function execLine(line: string, c: CliState): CmdOutcome {
  const first = execIn(TREE[c.node], line, c);
  if (first.status !== 'failed' || !first.out.startsWith('% Unknown command') || c.node === 'enable') return first;
  const parents: CliNode[] = c.node === 'af' ? ['bgp', 'config'] : c.node === 'bgp' ? ['config'] : [];
  for (const p of parents) {
    const saved: CliNode = c.node;
    c.node = p;
    const r = execIn(TREE[p], line, c);
    if (r.status !== 'failed' || !r.out.startsWith('% Unknown command')) return r;
    c.node = saved;
  }
  return first;
}
