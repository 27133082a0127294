/** Random command lines for the BGP lab: each tool's own words, mixed with random strings. */
import fc from 'fast-check';

const prefix = fc.constantFrom('', 'docker exec router ', 'docker exec client ', 'docker exec -it router ', 'docker exec myk8s-worker ', 'docker exec mypc ', 'docker exec nope ');
const tool = fc.constantFrom('vtysh', 'vtysh -c', 'ip', 'ip route', 'ip r', 'ip addr', 'ip link', 'ip neigh', 'ip rule', 'ip route get', 'sysctl', 'iptables', 'iptables -t nat', 'curl', 'ping -c 1', 'docker network', 'docker run', 'docker', 'arp', 'tcpdump -c 1');
const vocab = fc.constantFrom(
  // vtysh
  'show', 'sh', 'ip', 'bgp', 'summary', 'route', 'running-config', 'neighbors', 'conf', 't', 'configure', 'terminal', 'router', 'neighbor', 'remote-as', 'no', 'end', 'exit', 'quit', 'write', 'clear', '*', 'do', 'address-family', 'ipv4', 'unicast', 'json', 'detail', '?', "'show ip bgp'", '"conf t"', "'router bgp 64512'", '64512', '4294967296', '-1', '0', '65536',
  // ip
  'addr', 'a', 'link', 'l', 'neigh', 'n', 'rule', 'get', 'list', 'flush', 'add', 'del', 'replace', 'change', 'append', 'via', 'dev', 'eth0', 'eth1', 'lo', 'table', 'main', 'local', 'all', '255', '4294967295', 'proto', 'scope', 'src', 'metric', 'from', 'to', 'lookup', 'pref', 'nexthop', 'weight', 'set', 'up', 'down', 'mtu', 'type', '-4', '-6', '-s', '-d', '-o', '-j', '-br', 'help', 'blackhole', 'unreachable', 'default', 'mark', 'iif', 'oif', 'prohibit', 'onlink',
  '172.18.0.6', '172.18.255.200', '172.18.0.0/16', '192.168.10.0/24', '192.168.10.254', '10.0.0.0/33', '1.2.3.4/0', '300.1.1.1', '0/0', '::1', 'fe80::1/64', '1.2.3', '0x10', '',
  // sysctl
  '-a', '-w', '-n', '-N', '-q', '-e', 'net.ipv4.ip_forward', 'net.ipv4.ip_forward=0', 'net.ipv4.fib_multipath_hash_policy=1', 'net.ipv4.fib_multipath_hash_policy=99999999999999999999', 'net/ipv4/ip_forward', '=5', 'net.ipv4',
  // iptables
  '-L', '-S', '-n', '-v', '-t', 'nat', 'filter', '-A', 'FORWARD', '-j', 'DROP', '-F', '-X', '-P', '--list', '-p', 'tcp', '--dport',
  // docker
  'network', 'create', 'rm', 'ls', 'inspect', 'connect', 'disconnect', '--subnet', '--subnet=10.9.0.0/24', '--gateway', '--ip', '--cap-add', '--cap-add=NET_ADMIN', 'NET_ADMIN', 'ALL', 'SYS_BOGUS', 'run', '-d', '--rm', '--name', '--network', '--privileged', 'nicolaka/netshoot', 'sleep', 'infinity', 'clients', 'kind', 'client', 'prune', '-f',
  // curl / ping
  '-s', '-m', '1', '--connect-timeout', '-c', 'http://172.18.255.200', 'http://192.168.10.100', '172.18.0.6:179', 'http://[', 'http://172.18.0.6:99999', '-o', '/dev/null', '-w', '%{http_code}', '-I', '--interface', '-W',
  // shell
  '|', ';', '&&', '||', '$(', ')', '`', '\\', "'", '"', '{', '}'
);
export const word = fc.oneof({ weight: 4, arbitrary: vocab }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }) });

export const commandLine = fc.tuple(prefix, tool, fc.array(word, { maxLength: 7 })).map(([p, t, ws]) => `${p}${t} ${ws.join(' ')}`.trimEnd());

/**
 * Words that may write when a tool sees them: verbs and their iproute2/vtysh abbreviations
 * (any prefix), sysctl's key=value, iptables' table-changing options, docker's creating verbs.
 */
const WRITING_VERBS = ['add', 'append', 'change', 'replace', 'prepend', 'delete', 'del', 'flush', 'set', 'create', 'rm', 'remove', 'run', 'connect', 'disconnect', 'start', 'stop', 'kill', 'restart', 'pause', 'unpause', 'prune', 'configure', 'write', 'clear', 'copy', 'update', 'rename', 'save', 'restore', 'exec'];
export function mayWrite(w: string): boolean {
  const bare = w.replace(/^['"]+|['"]+$/g, '');
  if (bare.includes('=') || bare.includes('\n')) return true;
  if (/^-[A-Za-z]*[ADIRFXZNPEw]/.test(bare) || /^--(append|delete|insert|replace|flush|zero|new|policy|rename|delete-chain|write)/.test(bare)) return true;
  return bare
    .split(/\s+/)
    .filter(Boolean)
    .some((part) => WRITING_VERBS.some((v) => v.startsWith(part.toLowerCase())));
}
const readOnlyWord = word.filter((w) => !mayWrite(w) && !/[;&|`$()<>]/.test(w));
export const readOnlyLine = fc
  .tuple(fc.constantFrom('', 'docker exec router ', 'docker exec client ', 'docker exec myk8s-worker '), fc.constantFrom('vtysh -c', 'ip', 'ip route', 'ip r', 'ip addr', 'ip link', 'ip neigh', 'ip rule', 'ip route get', 'sysctl', 'iptables -L', 'curl -m 1', 'ping -c 1', 'docker network', 'docker network inspect', 'arp', 'tcpdump -c 1'), fc.array(readOnlyWord, { maxLength: 6 }))
  .map(([p, t, ws]) => `${p}${t} ${ws.join(' ')}`.trimEnd());


/** Lines typed at vtysh's prompt: its own commands (into config nodes and out), and random words. */
export const vtyshLine = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'conf t', 'configure terminal', 'configure', 'router bgp 64512', 'router bgp 1', 'router bgp', 'address-family ipv4 unicast', 'address-family ipv6', 'exit-address-family',
      'neighbor 172.18.0.9 remote-as 64513', 'neighbor 172.18.0.9 remote-as external', 'neighbor 300.0.0.1 remote-as 1', 'neighbor 172.18.0.2 shutdown', 'no neighbor 172.18.0.2', 'no router bgp 64512',
      'bgp router-id 1.1.1.1', 'bgp router-id 1.1.1', 'network 10.0.0.0/8', 'no bgp ebgp-requires-policy', 'maximum-paths 8', 'timers bgp 3 9',
      'interface eth0', 'route-map RM permit 10', 'ip prefix-list P seq 5 permit 10.0.0.0/8', 'hostname r1', 'hostname', 'ip route 10.1.0.0/16 192.168.10.100',
      'end', 'exit', 'quit', 'do show ip bgp', 'show ip bgp summary', 'show ip bgp neighbors', 'show running-config', 'show ip route', 'show bgp ipv4 unicast 172.18.255.200/32',
      'write memory', 'write', 'clear ip bgp *', 'clear ip bgp 172.18.0.2', 'show', 'sh ip b s', '?', 'list', ''
    )
  },
  { weight: 1, arbitrary: fc.array(word, { minLength: 1, maxLength: 5 }).map((ws) => ws.join(' ')) }
);
