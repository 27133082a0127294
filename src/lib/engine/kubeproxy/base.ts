/**
 * What is in a machine's netfilter tables before (or besides) kube-proxy:
 *
 *  - a kind node: Docker's embedded-DNS rules (DOCKER_OUTPUT / DOCKER_POSTROUTING, which kind's
 *    entrypoint points at the network gateway instead of 127.0.0.11), kubelet's canaries,
 *    KUBE-FIREWALL and KUBE-IPTABLES-HINT, and kindnet's KIND-MASQ-AGENT;
 *  - any other container (mypc, the router): empty tables, built-in chains with ACCEPT;
 *  - the learner's machine: what Docker (≤ 27) writes on its host for its bridge networks and
 *    published ports.
 */
import { parseIpv4 } from '../net/addr';
import {
  type Chain,
  type Match,
  type Rule,
  type Table,
  type TableName,
  addr,
  comment,
  jump,
  newChain,
  newTable,
  port,
  rule
} from './model';

export interface KindNodeBase {
  /** The docker network gateway (172.18.0.1) the DNS rules are rewritten to. */
  gateway: number;
  /** The pod subnet kindnet does not masquerade (10.10.0.0/16). */
  podSubnet: { net: number; prefix: number } | null;
  /** Docker's embedded DNS server ports (random per container). */
  dnsTcpPort: number;
  dnsUdpPort: number;
}

export type Tables = Record<TableName, Table>;

export function emptyTables(): Tables {
  return { filter: newTable('filter'), nat: newTable('nat'), mangle: newTable('mangle'), raw: newTable('raw') };
}

function userChain(t: Table, name: string, rules: Rule[] = []): Chain {
  let c = t.chains.get(name);
  if (!c) {
    c = newChain(name);
    t.chains.set(name, c);
  }
  c.rules.push(...rules);
  return c;
}

function append(t: Table, chain: string, ...rules: Rule[]): void {
  t.chains.get(chain)?.rules.push(...rules);
}

/** A kind node right after boot, before kube-proxy's first sync. */
export function kindNodeTables(b: KindNodeBase): Tables {
  const t = emptyTables();
  const { nat, filter, mangle } = t;
  const gw = addr(b.gateway);
  const tcp = { name: 'tcp' as const, neg: false };
  const udp = { name: 'udp' as const, neg: false };
  // Docker's embedded DNS, as kind's entrypoint rewrites it
  userChain(nat, 'DOCKER_OUTPUT', [
    rule({ dst: gw, proto: tcp, matches: [{ m: 'tcp', dport: port(53) }], target: { t: 'DNAT', ip: 0x7f00000b, port: b.dnsTcpPort } }),
    rule({ dst: gw, proto: udp, matches: [{ m: 'udp', dport: port(53) }], target: { t: 'DNAT', ip: 0x7f00000b, port: b.dnsUdpPort } })
  ]);
  userChain(nat, 'DOCKER_POSTROUTING', [
    rule({ src: addr(0x7f00000b), proto: tcp, matches: [{ m: 'tcp', sport: port(b.dnsTcpPort) }], target: { t: 'SNAT', ip: b.gateway, port: 53 } }),
    rule({ src: addr(0x7f00000b), proto: udp, matches: [{ m: 'udp', sport: port(b.dnsUdpPort) }], target: { t: 'SNAT', ip: b.gateway, port: 53 } })
  ]);
  append(nat, 'PREROUTING', rule({ dst: gw, target: jump('DOCKER_OUTPUT') }));
  append(nat, 'OUTPUT', rule({ dst: gw, target: jump('DOCKER_OUTPUT') }));
  append(nat, 'POSTROUTING', rule({ dst: gw, target: jump('DOCKER_POSTROUTING') }));
  // kindnet's masquerade agent
  const masq: Rule[] = [];
  if (b.podSubnet)
    masq.push(rule({ dst: addr(b.podSubnet.net, b.podSubnet.prefix), matches: [comment('kind-masq-agent: local traffic is not subject to MASQUERADE')], target: { t: 'RETURN' } }));
  masq.push(rule({ matches: [comment('kind-masq-agent: outbound traffic is subject to MASQUERADE (must be last in chain)')], target: { t: 'MASQUERADE', randomFully: false, random: false } }));
  userChain(nat, 'KIND-MASQ-AGENT', masq);
  append(
    nat,
    'POSTROUTING',
    rule({
      matches: [
        { m: 'addrtype', dst: { type: 'LOCAL', neg: true } },
        comment('kind-masq-agent: ensure nat POSTROUTING directs all non-LOCAL destination traffic to our custom KIND-MASQ-AGENT chain')
      ],
      target: jump('KIND-MASQ-AGENT')
    })
  );
  // kubelet
  userChain(nat, 'KUBE-KUBELET-CANARY');
  userChain(filter, 'KUBE-KUBELET-CANARY');
  userChain(mangle, 'KUBE-KUBELET-CANARY');
  userChain(mangle, 'KUBE-IPTABLES-HINT');
  userChain(filter, 'KUBE-FIREWALL', [
    rule({
      src: addr(0x7f000000, 8, true),
      dst: addr(0x7f000000, 8),
      matches: [comment('block incoming localnet connections'), { m: 'conntrack', states: ['RELATED', 'ESTABLISHED', 'DNAT'], neg: true }],
      target: { t: 'DROP' }
    })
  ]);
  append(filter, 'INPUT', rule({ target: jump('KUBE-FIREWALL') }));
  append(filter, 'OUTPUT', rule({ target: jump('KUBE-FIREWALL') }));
  return t;
}

/** Which tables exist (iptables-save prints only those); a container's tables do not exist until used. */
export function existingTables(kind: 'kind-node' | 'container' | 'docker-host', touched: ReadonlySet<TableName>): TableName[] {
  // iptables-nft-save walks its table list in this order
  const order: TableName[] = ['mangle', 'raw', 'filter', 'nat'];
  const base: TableName[] = kind === 'kind-node' ? ['mangle', 'filter', 'nat'] : kind === 'docker-host' ? ['filter', 'nat'] : [];
  return order.filter((n) => base.includes(n) || touched.has(n));
}

// ------------------------------------------------------------------ the Docker host

export interface DockerBridgeNet {
  /** The host's interface for the network (br-<id12>). */
  ifname: string;
  subnet: string;
  createdAt: number;
}

export interface DockerPublished {
  hostIp: string;
  hostPort: number;
  containerIp: string;
  containerPort: number;
  protocol: 'tcp' | 'udp';
  ifname: string;
}

function cidrOf(s: string): { net: number; prefix: number } | null {
  const [ip, p] = s.split('/');
  const n = parseIpv4(ip ?? '');
  const prefix = Number(p);
  return n === null || !Number.isInteger(prefix) ? null : { net: n, prefix };
}

/**
 * The docker-owned chains of the host (DOCKER, DOCKER-ISOLATION-STAGE-1/2, DOCKER-USER in filter,
 * DOCKER in nat) and the rules Docker puts in the built-in chains, newest network first.
 */
export function dockerHostRules(nets: readonly DockerBridgeNet[], published: readonly DockerPublished[]): { chains: Record<'filter' | 'nat', Map<string, Rule[]>>; builtins: { table: 'filter' | 'nat'; chain: string; rules: Rule[] }[] } {
  const newest = [...nets].sort((a, b) => b.createdAt - a.createdAt);
  const iface = (name: string, neg = false) => ({ name, neg });
  const filterChains = new Map<string, Rule[]>();
  const natChains = new Map<string, Rule[]>();
  const dockerF: Rule[] = [];
  const iso1: Rule[] = [];
  const iso2: Rule[] = [];
  const fwd: Rule[] = [rule({ target: jump('DOCKER-USER') }), rule({ target: jump('DOCKER-ISOLATION-STAGE-1') })];
  const natDocker: Rule[] = [];
  const post: Rule[] = [];
  for (const n of newest) {
    fwd.push(
      rule({ out: iface(n.ifname), matches: [{ m: 'conntrack', states: ['RELATED', 'ESTABLISHED'], neg: false }], target: { t: 'ACCEPT' } }),
      rule({ out: iface(n.ifname), target: jump('DOCKER') }),
      rule({ in: iface(n.ifname), out: iface(n.ifname, true), target: { t: 'ACCEPT' } }),
      rule({ in: iface(n.ifname), out: iface(n.ifname), target: { t: 'ACCEPT' } })
    );
    iso1.push(rule({ in: iface(n.ifname), out: iface(n.ifname, true), target: jump('DOCKER-ISOLATION-STAGE-2') }));
    iso2.push(rule({ out: iface(n.ifname), target: { t: 'DROP' } }));
    natDocker.push(rule({ in: iface(n.ifname), target: { t: 'RETURN' } }));
    const c = cidrOf(n.subnet);
    if (c) post.push(rule({ src: addr(c.net, c.prefix), out: iface(n.ifname, true), target: { t: 'MASQUERADE', randomFully: false, random: false } }));
  }
  iso1.push(rule({ target: { t: 'RETURN' } }));
  iso2.push(rule({ target: { t: 'RETURN' } }));
  for (const p of published) {
    const cip = parseIpv4(p.containerIp);
    const hip = parseIpv4(p.hostIp);
    if (cip === null) continue;
    const proto = { name: p.protocol, neg: false };
    const pm = (n: number): Match => ({ m: p.protocol, dport: port(n) });
    dockerF.push(rule({ dst: addr(cip), in: iface(p.ifname, true), out: iface(p.ifname), proto, matches: [pm(p.containerPort)], target: { t: 'ACCEPT' } }));
    natDocker.push(
      rule({
        ...(hip !== null && hip !== 0 ? { dst: addr(hip) } : {}),
        in: iface(p.ifname, true),
        proto,
        matches: [pm(p.hostPort)],
        target: { t: 'DNAT', ip: cip, port: p.containerPort }
      })
    );
    post.push(rule({ src: addr(cip), dst: addr(cip), proto, matches: [pm(p.containerPort)], target: { t: 'MASQUERADE', randomFully: false, random: false } }));
  }
  filterChains.set('DOCKER', dockerF);
  filterChains.set('DOCKER-ISOLATION-STAGE-1', iso1);
  filterChains.set('DOCKER-ISOLATION-STAGE-2', iso2);
  filterChains.set('DOCKER-USER', [rule({ target: { t: 'RETURN' } })]);
  natChains.set('DOCKER', natDocker);
  return {
    chains: { filter: filterChains, nat: natChains },
    builtins: [
      { table: 'filter', chain: 'FORWARD', rules: fwd },
      { table: 'nat', chain: 'PREROUTING', rules: [rule({ matches: [{ m: 'addrtype', dst: { type: 'LOCAL', neg: false } }], target: jump('DOCKER') })] },
      { table: 'nat', chain: 'OUTPUT', rules: [rule({ dst: addr(0x7f000000, 8, true), matches: [{ m: 'addrtype', dst: { type: 'LOCAL', neg: false } }], target: jump('DOCKER') })] },
      { table: 'nat', chain: 'POSTROUTING', rules: post }
    ]
  };
}
