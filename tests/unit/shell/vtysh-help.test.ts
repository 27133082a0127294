/** vtysh `?` and Tab: the listings FRR prints (its DEFUN help strings), for the lab's commands. */
import { describe as group, expect, it } from 'vitest';
import { completeLine, describe, formatDescribe } from '../../../src/lib/shell/commands/vtysh/help';
import type { CliNode } from '../../../src/lib/shell/commands/vtysh/state';
import { splitAtHelp, HELP_KEY } from '../../../src/lib/ui/terminal/program-help';

const help = (node: CliNode, line: string) => formatDescribe(describe(node, line));

group('vtysh ? (describe)', () => {
  it('after `show ip bgp `: <cr> first (byte order), words padded to the longest plus two spaces', () => {
    expect(help('enable', 'show ip bgp ')).toBe(
      [
        '  <cr>',
        '  A.B.C.D    Network in the BGP routing table to display',
        // bgp_route.c show_ip_bgp_route: "IPv4 prefix" (the 35.0.0.0/8 wording is zebra's)
        '  A.B.C.D/M  IPv4 prefix',
        '  ipv4       Address Family',
        '  neighbors  Detailed information on TCP and BGP neighbor connections',
        '  summary    Summary of BGP neighbor status',
        ''
      ].join('\n')
    );
  });

  it('at an empty router# line: the enable-node commands', () => {
    expect(describe('enable', '')).toEqual({
      kind: 'list',
      items: [
        { word: 'clear', help: 'Reset functions' },
        { word: 'configure', help: 'Configuration from vty interface' },
        { word: 'end', help: 'End current mode and change to enable mode' },
        { word: 'exit', help: 'Exit current mode and down to previous mode' },
        { word: 'quit', help: 'Exit current mode and down to previous mode' },
        { word: 'show', help: 'Show running system information' },
        { word: 'write', help: 'Write running configuration to memory, network, or terminal' }
      ]
    });
  });

  it('a word being typed lists the words it may become; a whole command lists only <cr>', () => {
    expect(help('enable', 'sh')).toBe('  show  Show running system information\n');
    expect(help('enable', 'show ip bgp su')).toBe('  summary  Summary of BGP neighbor status\n');
    expect(help('enable', 'show ip bgp summary ')).toBe('  <cr>\n  json  JavaScript Object Notation\n');
    expect(help('enable', 'show ip bgp summary json ')).toBe('  <cr>\n');
  });

  it('the same keyword reads differently after different words', () => {
    expect(help('enable', 'configure ')).toBe('  <cr>\n  terminal  Configuration terminal\n');
    expect(help('enable', 'write t')).toBe('  terminal  Write to terminal\n');
    // vtysh.c address_family_ipv4: BGP_AF_MODIFIER_STR, lower-case m
    expect(help('bgp', 'address-family ipv4 ')).toBe('  <cr>\n  unicast  Address Family modifier\n');
    expect(help('enable', 'show ip bgp ipv4 ')).toContain('  unicast    Address Family modifier\n');
  });

  it('in router bgp: the neighbour words and remote-as values', () => {
    expect(help('bgp', 'neighbor ')).toBe('  A.B.C.D  Neighbor address\n  WORD     Interface name or neighbor tag\n');
    // lib/command.h AS_STR (two spaces after "plain")
    expect(help('bgp', 'neighbor 172.18.0.9 remote-as ')).toBe(
      '  ASNUM     AS number in plain  <1-4294967295> or dotted <0-65535>.<0-65535> format\n  external  External BGP peer\n  internal  Internal BGP peer\n'
    );
    expect(help('bgp', 'neighbor 172.18.0.9 timers ')).toBe('  (0-65535)  Keepalive interval\n');
    expect(help('bgp', 'neighbor 172.18.0.9 timers 3 ')).toBe('  (0-65535)  Holdtime\n');
    expect(help('config', 'router bgp ')).toBe('  <cr>\n  ASNUM  AS number in plain  <1-4294967295> or dotted <0-65535>.<0-65535> format\n');
  });

  it('`do` in a configuration node describes the show commands after it', () => {
    expect(help('config', 'do show ip bgp summary ')).toBe('  <cr>\n  json  JavaScript Object Notation\n');
    expect(help('bgp', 'do show ip r')).toBe('  route  IP routing table\n');
    // FRR takes `do` off the line before matching (cmd_try_do_shortcut): `?` never lists it
    expect(help('config', '')).not.toMatch(/^ {2}do /m);
    expect(help('config', 'd')).not.toMatch(/^ {2}do /m);
    expect(completeLine('af', 'do sh')).toEqual({ line: 'do show ', candidates: [] });
  });

  it('a line no command starts with, and an abbreviation of two keywords', () => {
    expect(help('enable', 'shw ')).toBe('% There is no matched command.\n');
    expect(help('enable', 'c ')).toBe('% Ambiguous command.\n');
  });
});

group('vtysh Tab (complete)', () => {
  it('completes a unique keyword with a space, a shared prefix as far as it goes, and lists the rest', () => {
    expect(completeLine('enable', 'sh')).toEqual({ line: 'show ', candidates: [] });
    expect(completeLine('enable', 'show ip b')).toEqual({ line: 'show ip bgp ', candidates: [] });
    expect(completeLine('enable', 'c')).toEqual({ line: 'c', candidates: ['clear', 'configure'] });
    expect(completeLine('enable', 'show ip ')).toEqual({ line: 'show ip ', candidates: ['bgp', 'route'] });
    expect(completeLine('enable', 'show ip bgp neighbors 172.18.0.2 ')).toEqual({
      line: 'show ip bgp neighbors 172.18.0.2 ',
      candidates: ['advertised-routes', 'filtered-routes', 'received-routes', 'routes']
    });
    expect(completeLine('bgp', 'neighbor 172.18.0.9 s')).toEqual({ line: 'neighbor 172.18.0.9 s', candidates: ['shutdown', 'soft-reconfiguration'] });
    expect(completeLine('bgp', 'neighbor 172.18.0.9 so')).toEqual({ line: 'neighbor 172.18.0.9 soft-reconfiguration ', candidates: [] });
  });

  it('values are never completed', () => {
    expect(completeLine('bgp', 'neighbor ')).toEqual({ line: 'neighbor ', candidates: [] });
  });
});

group('where a typed ? asks for help', () => {
  it('outside double quotes only', () => {
    expect(splitAtHelp('', 'show ?')).toEqual(['show ', HELP_KEY]);
    expect(splitAtHelp('neighbor x description "a', '?b" ?')).toEqual(['?b" ', HELP_KEY]);
    expect(splitAtHelp('', '??')).toEqual([HELP_KEY, HELP_KEY]);
  });
});
