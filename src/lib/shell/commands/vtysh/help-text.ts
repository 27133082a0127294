/**
 * The help strings vtysh prints for `?`: FRR's DEFUN docstrings (bgpd/bgp_vty.c, bgp_route.c,
 * zebra/zebra_vty.c, vtysh/vtysh.c, lib/command.c) for the words of the commands the lab knows.
 * A word's string can depend on the word before it (`terminal` after `configure` or `write`).
 */

/** Strings that do not depend on the previous word. */
const PLAIN: Record<string, string> = {
  show: 'Show running system information',
  ip: 'IP information',
  bgp: 'BGP information',
  ipv4: 'Address Family',
  summary: 'Summary of BGP neighbor status',
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
  exit: 'Exit current mode and down to previous mode',
  quit: 'Exit current mode and down to previous mode',
  end: 'End current mode and change to enable mode',
  do: 'To run exec commands in config mode',
  router: 'Enable a routing process',
  no: 'Negate a command or set its defaults',
  hostname: "Set system's network name",
  'maximum-paths': 'Forward packets over multiple paths',
  ibgp: 'iBGP-multipath',
  'router-id': 'Override configured router identifier',
  'ebgp-requires-policy': 'Require in and out policy for eBGP peers (RFC8212)',
  bestpath: 'Change the default bestpath selection',
  'as-path': 'AS-path attribute',
  'multipath-relax': 'Allow load sharing across routes that have different AS paths (but same length)',
  neighbor: 'Specify neighbor router',
  'remote-as': 'Specify a BGP neighbor',
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
  'exit-address-family': 'Exit from Address Family configuration mode',
  'A.B.C.D/M': 'IP prefix <network>/<length>, e.g., 35.0.0.0/8'
};

/** Strings for a word after a given previous word (`prev word`). */
const AFTER: Record<string, string> = {
  'configure terminal': 'Configuration terminal',
  'write terminal': 'Write to terminal',
  'route bgp': 'Border Gateway Protocol (BGP)',
  'address-family unicast': 'Address Family Modifier',
  'route A.B.C.D': 'Network in the IP routing table to display',
  'router-id A.B.C.D': 'Manually configured router identifier',
  'neighbors A.B.C.D': 'Neighbor to display information about',
  'neighbors WORD': 'Neighbor on BGP configured interface',
  'neighbor A.B.C.D': 'Neighbor address',
  'neighbor WORD': 'Interface name or neighbor tag',
  'hostname WORD': "This system's network name",
  'bgp ASNUM': 'Autonomous system number',
  'remote-as ASNUM': 'AS number',
  'timers (0-65535)': 'Keepalive interval',
  '(0-65535) (0-65535)': 'Holdtime',
  'description LINE': 'Up to 80 characters describing this neighbor',
  'do LINE': 'Command to run'
};

/** The help for `word` (as displayed) after the previous token of its command. */
export function helpText(prev: string | undefined, word: string): string {
  if (prev !== undefined && AFTER[`${prev} ${word}`]) return AFTER[`${prev} ${word}`];
  if (word === 'unicast') return 'Address Family modifier';
  if (word === 'A.B.C.D') return 'Network in the BGP routing table to display';
  if (word === '(1-16)') return 'Number of paths';
  return PLAIN[word] ?? '';
}
