/**
 * The help strings vtysh prints for `?`: the docstrings of FRR 10's DEFUN/DEFPY/DEFUNSH
 * definitions for the words of the commands the lab knows. Checked against FRRouting/frr:
 *
 * - lib/command.h: SHOW_STR, IP_STR, BGP_STR, NO_STR, CLEAR_STR, ROUTER_STR, NEIGHBOR_STR,
 *   NEIGHBOR_ADDR_STR2 (A.B.C.D / WORD after `neighbor`), AS_STR (every ASNUM, two spaces after
 *   "plain" as FRR has it), BGP_AF_STR (`ipv4`), BGP_AF_MODIFIER_STR (`unicast`).
 * - lib/command.c: `hostname WORD`.
 * - vtysh/vtysh.c (vtysh's own definitions win over the daemons' for these): `configure
 *   [terminal]`, `exit`, `quit`, `end`, `write [<memory|file>]`, `write terminal`,
 *   `show running-config`, `router bgp [ASNUM]`, `address-family ipv4 [unicast]`,
 *   `exit-address-family`.
 * - bgpd/bgp_vty.c: `show [ip] bgp … summary`, `… neighbors [A.B.C.D|WORD]`,
 *   advertised-/received-/filtered-routes, `routes`, `clear [ip] bgp *`, maximum-paths [ibgp],
 *   bgp router-id, bgp ebgp-requires-policy, bgp bestpath as-path multipath-relax, and the
 *   neighbor commands (remote-as, shutdown, passive, description, timers,
 *   soft-reconfiguration inbound, activate).
 * - bgpd/bgp_route.c: `show [ip] bgp <A.B.C.D|A.B.C.D/M>` ("IPv4 prefix").
 * - zebra/zebra_vty.c and lib/route_types.txt: `show ip route [kernel|connected|local|bgp]`,
 *   `show ip route <A.B.C.D|A.B.C.D/M>`.
 *
 * `do` has no help line of its own: FRR handles it before matching (cmd_try_do_shortcut), so
 * `?` never lists it. A word's string can depend on the word before it (`terminal` after
 * `configure` or `write`, `bgp` after `route`, a prefix after `route` or `bgp`).
 */

/** lib/command.h AS_STR, for every ASNUM placeholder. */
const AS_STR = 'AS number in plain  <1-4294967295> or dotted <0-65535>.<0-65535> format';

/** Strings that do not depend on the previous word. */
const PLAIN: Record<string, string> = {
  show: 'Show running system information',
  ip: 'IP information',
  bgp: 'BGP information',
  ipv4: 'Address Family',
  unicast: 'Address Family modifier',
  summary: 'Summary of BGP neighbor status',
  // lib/command.h JSON_STR
  json: 'JavaScript Object Notation',
  neighbors: 'Detailed information on TCP and BGP neighbor connections',
  'advertised-routes': 'Display the routes advertised to a BGP neighbor',
  'received-routes': 'Display the received routes from neighbor',
  'filtered-routes': 'Display the filtered routes received from neighbor',
  routes: 'Display routes learned from neighbor',
  'running-config': 'Current operating configuration',
  route: 'IP routing table',
  kernel: 'Kernel routes (not installed via the zebra RIB)',
  connected: 'Connected routes (directly attached subnet or host)',
  local: 'Local routes (directly attached host route)',
  configure: 'Configuration from vty interface',
  clear: 'Reset functions',
  '*': 'Clear all peers',
  write: 'Write running configuration to memory, network, or terminal',
  memory: 'Write configuration to the file (same as write file)',
  file: 'Write configuration to the file (same as write memory)',
  exit: 'Exit current mode and down to previous mode',
  quit: 'Exit current mode and down to previous mode',
  end: 'End current mode and change to enable mode',
  router: 'Enable a routing process',
  no: 'Negate a command or set its defaults',
  hostname: "Set system's network name",
  'maximum-paths': 'Forward packets over multiple paths',
  ibgp: 'iBGP-multipath',
  '(1-16)': 'Number of paths',
  'router-id': 'Override configured router identifier',
  'ebgp-requires-policy': 'Require in and out policy for eBGP peers (RFC8212)',
  bestpath: 'Change the default bestpath selection',
  'as-path': 'AS-path attribute',
  'multipath-relax': 'Allow load sharing across routes that have different AS paths (but same length)',
  neighbor: 'Specify neighbor router',
  'remote-as': 'Specify a BGP neighbor',
  ASNUM: AS_STR,
  internal: 'Internal BGP peer',
  external: 'External BGP peer',
  shutdown: 'Administratively shut down this neighbor',
  passive: "Don't send open messages to this neighbor",
  description: 'Neighbor specific description',
  timers: 'BGP per neighbor timers',
  'soft-reconfiguration': 'Per neighbor soft reconfiguration',
  inbound: 'Allow inbound soft reconfiguration for this neighbor',
  activate: 'Enable the Address Family for this Neighbor',
  'address-family': 'Enter Address Family command mode',
  'exit-address-family': 'Exit from Address Family configuration mode'
};

/** Strings for a word after a given previous word (`prev word`). */
const AFTER: Record<string, string> = {
  'configure terminal': 'Configuration terminal',
  'write terminal': 'Write to terminal',
  // show ip route bgp: the route type (route_types.txt), not BGP_STR
  'route bgp': 'Border Gateway Protocol (BGP)',
  // zebra's show_route_detail
  'route A.B.C.D': 'Network in the IP routing table to display',
  'route A.B.C.D/M': 'IP prefix <network>/<length>, e.g., 35.0.0.0/8',
  'router-id A.B.C.D': 'Manually configured router identifier',
  'neighbors A.B.C.D': 'Neighbor to display information about',
  'neighbors WORD': 'Neighbor on BGP configured interface',
  'neighbor A.B.C.D': 'Neighbor address',
  'neighbor WORD': 'Interface name or neighbor tag',
  'hostname WORD': "This system's network name",
  'timers (0-65535)': 'Keepalive interval',
  '(0-65535) (0-65535)': 'Holdtime',
  'description LINE': 'Up to 80 characters describing this neighbor'
};

/** bgp_route.c show_ip_bgp_route: an address or prefix after `show [ip] bgp [ipv4 [unicast]]`. */
const BGP_TABLE: Record<string, string> = {
  'A.B.C.D': 'Network in the BGP routing table to display',
  'A.B.C.D/M': 'IPv4 prefix'
};

/** The help for `word` (as displayed) after the previous token of its command. */
export function helpText(prev: string | undefined, word: string): string {
  if (prev !== undefined && AFTER[`${prev} ${word}`]) return AFTER[`${prev} ${word}`];
  if (BGP_TABLE[word]) return BGP_TABLE[word];
  return PLAIN[word] ?? '';
}
