/**
 * vtysh `?` listings for representative lines, written out by hand from FRR 10's docstrings (not
 * from the lab's table): each help string is the DEFUN/DEFPY/DEFUNSH text for that token, in the
 * file named next to it. The order is lib/command.c completions_to_vec(): `<cr>` first, then the
 * words in byte order; the words are padded to the longest plus two spaces. Where FRR lists more
 * words than the lab knows (X:X::X:X, json, `auto`, …), the lab shows the ones it implements.
 */
import { describe as group, expect, it } from 'vitest';
import { describe, formatDescribe } from '../../../src/lib/shell/commands/vtysh/help';
import type { CliNode } from '../../../src/lib/shell/commands/vtysh/state';

const help = (node: CliNode, line: string) => formatDescribe(describe(node, line));
const lines = (...l: string[]) => l.map((x) => `${x}\n`).join('');

/** lib/command.h AS_STR, verbatim (two spaces after "plain"). */
const AS_STR = 'AS number in plain  <1-4294967295> or dotted <0-65535>.<0-65535> format';

group('vtysh ? against FRR docstrings', () => {
  it('show ip bgp neighbors ? (bgp_vty.c show_ip_bgp_neighbors)', () => {
    expect(help('enable', 'show ip bgp neighbors ')).toBe(
      lines('  <cr>', '  A.B.C.D  Neighbor to display information about', '  WORD     Neighbor on BGP configured interface')
    );
  });

  it('show ip bgp neighbors A.B.C.D ? (bgp_route.c neighbor route commands)', () => {
    expect(help('enable', 'show ip bgp neighbors 172.18.0.2 ')).toBe(
      lines(
        '  <cr>',
        '  advertised-routes  Display the routes advertised to a BGP neighbor',
        '  filtered-routes    Display the filtered routes received from neighbor',
        '  received-routes    Display the received routes from neighbor',
        '  routes             Display routes learned from neighbor'
      )
    );
  });

  it('show ip bgp ? : a prefix is "IPv4 prefix" (bgp_route.c show_ip_bgp_route)', () => {
    expect(help('enable', 'show ip bgp 172')).toBe(lines('  A.B.C.D    Network in the BGP routing table to display', '  A.B.C.D/M  IPv4 prefix'));
  });

  it('show ip route ? (zebra_vty.c show_route_detail, route_types.txt)', () => {
    expect(help('enable', 'show ip route ')).toBe(
      lines(
        '  <cr>',
        '  A.B.C.D    Network in the IP routing table to display',
        '  A.B.C.D/M  IP prefix <network>/<length>, e.g., 35.0.0.0/8',
        '  bgp        Border Gateway Protocol (BGP)',
        '  connected  Connected routes (directly attached subnet or host)',
        '  kernel     Kernel routes (not installed via the zebra RIB)',
        '  local      Local routes (directly attached host route)'
      )
    );
  });

  it('write ? and configure ? (vtysh.c vtysh_write_memory, vtysh_write_terminal, vtysh_config_terminal)', () => {
    expect(help('enable', 'write ')).toBe(
      lines(
        '  <cr>',
        '  file      Write configuration to the file (same as write memory)',
        '  memory    Write configuration to the file (same as write file)',
        '  terminal  Write to terminal'
      )
    );
    expect(help('enable', 'configure ')).toBe(lines('  <cr>', '  terminal  Configuration terminal'));
  });

  it('router bgp ? (vtysh.c router_bgp: ROUTER_STR BGP_STR AS_STR)', () => {
    expect(help('config', 'router ')).toBe(lines('  bgp  BGP information'));
    expect(help('config', 'router bgp ')).toBe(lines('  <cr>', `  ASNUM  ${AS_STR}`));
  });

  it('neighbor A.B.C.D remote-as ? (bgp_vty.c neighbor_remote_as)', () => {
    expect(help('bgp', 'neighbor 172.18.0.9 remote-as ')).toBe(lines(`  ASNUM     ${AS_STR}`, '  external  External BGP peer', '  internal  Internal BGP peer'));
    expect(help('bgp', 'neighbor 172.18.0.9 re')).toBe(lines('  remote-as  Specify a BGP neighbor'));
  });

  it('maximum-paths ? and no maximum-paths ? (bgp_vty.c bgp_maxpaths, bgp_maxpaths_ibgp): <cr> before (1-16)', () => {
    expect(help('bgp', 'maximum-paths ')).toBe(lines('  (1-16)  Number of paths', '  ibgp    iBGP-multipath'));
    expect(help('bgp', 'no maximum-paths ')).toBe(lines('  <cr>', '  (1-16)  Number of paths', '  ibgp    iBGP-multipath'));
  });

  it('bgp ? in router bgp (bgp_vty.c bestpath, ebgp-requires-policy, router-id)', () => {
    expect(help('bgp', 'bgp ')).toBe(
      lines(
        '  bestpath              Change the default bestpath selection',
        '  ebgp-requires-policy  Require in and out policy for eBGP peers (RFC8212)',
        '  router-id             Override configured router identifier'
      )
    );
    expect(help('bgp', 'bgp bestpath as-path ')).toBe(lines('  multipath-relax  Allow load sharing across routes that have different AS paths (but same length)'));
  });

  it('neighbor A.B.C.D timers ? (bgp_vty.c neighbor_timers) and description (neighbor_description)', () => {
    expect(help('bgp', 'neighbor 172.18.0.9 timers ')).toBe(lines('  (0-65535)  Keepalive interval'));
    expect(help('bgp', 'neighbor 172.18.0.9 timers 30 ')).toBe(lines('  (0-65535)  Holdtime'));
    expect(help('bgp', 'neighbor 172.18.0.9 description ')).toBe(lines('  LINE  Up to 80 characters describing this neighbor'));
  });

  it('address-family ipv4 ? (vtysh.c address_family_ipv4: BGP_AF_STR, BGP_AF_MODIFIER_STR)', () => {
    expect(help('bgp', 'address-family ')).toBe(lines('  ipv4  Address Family'));
    expect(help('bgp', 'address-family ipv4 ')).toBe(lines('  <cr>', '  unicast  Address Family modifier'));
  });

  it('in address-family: neighbor A.B.C.D ? and exit? (bgp_vty.c activate/soft-reconfiguration, vtysh.c exit_address_family)', () => {
    expect(help('af', 'neighbor 172.18.0.2 ')).toBe(
      lines('  activate              Enable the Address Family for this Neighbor', '  soft-reconfiguration  Per neighbor soft reconfiguration')
    );
    expect(help('af', 'neighbor 172.18.0.2 soft-reconfiguration ')).toBe(lines('  inbound  Allow inbound soft reconfiguration for this neighbor'));
    expect(help('af', 'exit')).toBe(lines('  exit                 Exit current mode and down to previous mode', '  exit-address-family  Exit from Address Family configuration mode'));
  });

  it('clear ip bgp ? (bgp_vty.c clear_ip_bgp_all)', () => {
    expect(help('enable', 'clear ')).toBe(lines('  bgp  BGP information', '  ip   IP information'));
    expect(help('enable', 'clear ip bgp ')).toBe(lines('  *  Clear all peers'));
  });
});
