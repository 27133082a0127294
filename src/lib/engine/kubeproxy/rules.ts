/**
 * syncProxyRules of kube-proxy's iptables proxier (v1.31), as rules in the model: from the
 * Services and EndpointSlices, the chains kube-proxy owns in the nat, filter and mangle tables of
 * one node, plus the jump rules it ensures in the built-in chains. Pure: hashes come from a
 * lookup filled beforehand (hashInputs), the Go map order of services from a caller's shuffle.
 */
import type { EndpointSlice, Service } from '../k8s/types';
import { endpointInput, portProtoInput } from './hash';
import {
  type AddrSpec,
  MASQ_MARK,
  type Match,
  type ProtoName,
  type Rule,
  type TableName,
  type Target,
  addr,
  comment,
  jump,
  kubeProbabilityFixed,
  port,
  rule
} from './model';
import {
  type EndpointInfo,
  type ServicePortInfo,
  categorizeEndpoints,
  endpointsFor,
  externallyAccessible,
  servicePorts,
  usesClusterEndpoints,
  usesLocalEndpoints
} from './service-ports';

export const KUBE_SERVICES = 'KUBE-SERVICES';
export const KUBE_EXTERNAL_SERVICES = 'KUBE-EXTERNAL-SERVICES';
export const KUBE_NODEPORTS = 'KUBE-NODEPORTS';
export const KUBE_POSTROUTING = 'KUBE-POSTROUTING';
export const KUBE_MARK_MASQ = 'KUBE-MARK-MASQ';
export const KUBE_FORWARD = 'KUBE-FORWARD';
export const KUBE_PROXY_FIREWALL = 'KUBE-PROXY-FIREWALL';
export const KUBE_PROXY_CANARY = 'KUBE-PROXY-CANARY';

/** Chains kube-proxy rewrites on every sync (so their counters restart from 0). */
export const FIXED_CHAINS: Record<'nat' | 'filter' | 'mangle', readonly string[]> = {
  nat: [KUBE_SERVICES, KUBE_NODEPORTS, KUBE_POSTROUTING, KUBE_MARK_MASQ, KUBE_PROXY_CANARY],
  filter: [KUBE_SERVICES, KUBE_EXTERNAL_SERVICES, KUBE_FORWARD, KUBE_NODEPORTS, KUBE_PROXY_FIREWALL, KUBE_PROXY_CANARY],
  mangle: [KUBE_PROXY_CANARY]
};

/** Per-service chains: created when used, deleted when no longer written. */
export const SERVICE_CHAIN_PREFIXES = ['KUBE-SVC-', 'KUBE-SVL-', 'KUBE-EXT-', 'KUBE-FW-', 'KUBE-SEP-'] as const;

export function isServiceChain(name: string): boolean {
  return SERVICE_CHAIN_PREFIXES.some((p) => name.startsWith(p));
}

const NFACCT_LOCALHOST_NODEPORTS = 'localhost_nps_accepted_pkts';

export interface JumpRule {
  table: TableName;
  /** The built-in chain that gets the jump. */
  chain: string;
  rule: Rule;
}

function ctNew(): Match {
  return { m: 'conntrack', states: ['NEW'], neg: false };
}

/**
 * iptablesJumpChains of proxier.go, in order. kube-proxy ensures each with "prepend" (inserted
 * at position 1 when missing), so the last of a chain's list ends up first.
 */
export function kubeJumpRules(): JumpRule[] {
  const j = (table: TableName, chain: string, target: string, text: string, extra: Match[] = []): JumpRule => ({
    table,
    chain,
    rule: rule({ matches: [...extra, comment(text)], target: jump(target) })
  });
  return [
    j('filter', 'INPUT', KUBE_EXTERNAL_SERVICES, 'kubernetes externally-visible service portals', [ctNew()]),
    j('filter', 'FORWARD', KUBE_EXTERNAL_SERVICES, 'kubernetes externally-visible service portals', [ctNew()]),
    j('filter', 'INPUT', KUBE_NODEPORTS, 'kubernetes health check service ports'),
    j('filter', 'FORWARD', KUBE_SERVICES, 'kubernetes service portals', [ctNew()]),
    j('filter', 'OUTPUT', KUBE_SERVICES, 'kubernetes service portals', [ctNew()]),
    j('filter', 'FORWARD', KUBE_FORWARD, 'kubernetes forwarding rules'),
    j('filter', 'INPUT', KUBE_PROXY_FIREWALL, 'kubernetes load balancer firewall', [ctNew()]),
    j('filter', 'OUTPUT', KUBE_PROXY_FIREWALL, 'kubernetes load balancer firewall', [ctNew()]),
    j('filter', 'FORWARD', KUBE_PROXY_FIREWALL, 'kubernetes load balancer firewall', [ctNew()]),
    j('nat', 'OUTPUT', KUBE_SERVICES, 'kubernetes service portals'),
    j('nat', 'PREROUTING', KUBE_SERVICES, 'kubernetes service portals'),
    j('nat', 'POSTROUTING', KUBE_POSTROUTING, 'kubernetes postrouting rules')
  ];
}

export interface ServicePortState {
  info: ServicePortInfo;
  endpoints: EndpointInfo[];
  svcChain: string;
  extChain: string;
  svlChain: string;
  /** Endpoint "IP:port" → KUBE-SEP chain. */
  sepChains: Map<string, string>;
}

export interface KubeRuleSet {
  /** Chain name → rules, for every chain kube-proxy owns in that table. */
  nat: Map<string, Rule[]>;
  filter: Map<string, Rule[]>;
  mangle: Map<string, Rule[]>;
  jumps: JumpRule[];
  /** The service ports in the order written (this sync's "map order"). */
  ports: ServicePortState[];
}

export interface BuildInput {
  nodeName: string;
  /** kube-proxy's clusterCIDR (the pod subnet): `! -s 10.10.0.0/16`. */
  clusterCIDR: { net: number; prefix: number } | null;
  services: readonly Service[];
  slices: readonly EndpointSlice[];
  /** Hash suffix of a string given by hashInputs (ChainHashCache.lookup after ensure). */
  hash: (input: string) => string | null;
  /** Go map iteration order over service ports: a shuffle (identity for tests). */
  order?: <T>(items: readonly T[]) => T[];
  /** Write the `-m nfacct` localhost nodePort rule (localhostNodePorts + nfacct available). */
  nfacct?: boolean;
}

function collectPorts(services: readonly Service[], slices: readonly EndpointSlice[], nodeName: string): { info: ServicePortInfo; endpoints: EndpointInfo[] }[] {
  const out: { info: ServicePortInfo; endpoints: EndpointInfo[] }[] = [];
  for (const svc of services) for (const info of servicePorts(svc)) out.push({ info, endpoints: endpointsFor(info, slices, nodeName) });
  return out;
}

/** Every string the names of this sync hash (to be awaited through the cache first). */
export function hashInputs(services: readonly Service[], slices: readonly EndpointSlice[], nodeName: string): string[] {
  const out: string[] = [];
  for (const { info, endpoints } of collectPorts(services, slices, nodeName)) {
    out.push(portProtoInput(info.svcPortName, info.protocol));
    for (const e of endpoints) out.push(endpointInput(info.svcPortName, info.protocol, e.str));
  }
  return out;
}

function protoMatch(p: ServicePortInfo['protocol'], dport?: number): Match {
  const m: Match = p === 'udp' ? { m: 'udp' } : { m: 'tcp' };
  if (dport !== undefined && (m.m === 'tcp' || m.m === 'udp')) m.dport = port(dport);
  return m;
}

function protoName(p: ServicePortInfo['protocol']): ProtoName {
  return p;
}

/** Build the rules kube-proxy writes on one node. Returns an error string if a hash is missing. */
export function buildKubeRules(input: BuildInput): { ok: true; value: KubeRuleSet } | { ok: false; error: string } {
  const nat = new Map<string, Rule[]>();
  const filter = new Map<string, Rule[]>();
  const mangle = new Map<string, Rule[]>();
  for (const c of FIXED_CHAINS.nat) nat.set(c, []);
  for (const c of FIXED_CHAINS.filter) filter.set(c, []);
  for (const c of FIXED_CHAINS.mangle) mangle.set(c, []);
  const natRules = (chain: string) => {
    let l = nat.get(chain);
    if (!l) nat.set(chain, (l = []));
    return l;
  };
  const filterRules = (chain: string) => filter.get(chain)!;

  const order = input.order ?? (<T>(x: readonly T[]) => [...x]);
  const collected = order(collectPorts(input.services, input.slices, input.nodeName));
  const ports: ServicePortState[] = [];
  let missing: string | null = null;
  const name = (prefix: string, s: string) => {
    const h = input.hash(s);
    if (h === null) missing ??= s;
    return `${prefix}${h ?? 'UNHASHED'}`;
  };
  const cidr: AddrSpec | null = input.clusterCIDR ? addr(input.clusterCIDR.net, input.clusterCIDR.prefix) : null;

  for (const { info: s, endpoints } of collected) {
    const proto = s.protocol;
    const svcPortName = s.svcPortName;
    const base = portProtoInput(svcPortName, proto);
    const svcChain = name('KUBE-SVC-', base);
    const svlChain = name('KUBE-SVL-', base);
    const extChain = name('KUBE-EXT-', base);
    const sepChains = new Map<string, string>();
    for (const e of endpoints) sepChains.set(e.str, name('KUBE-SEP-', endpointInput(svcPortName, proto, e.str)));
    ports.push({ info: s, endpoints, svcChain, extChain, svlChain, sepChains });

    const { clusterEndpoints, localEndpoints, allReachable, hasAnyEndpoints } = categorizeEndpoints(endpoints, s);
    const hasEndpoints = hasAnyEndpoints;
    const clusterPolicyChain = svcChain;
    const localPolicyChain = svlChain;
    const usesClusterPolicyChain = clusterEndpoints.length > 0 && usesClusterEndpoints(s);
    const usesLocalPolicyChain = localEndpoints.length > 0 && usesLocalEndpoints(s);

    let internalPolicyChain = clusterPolicyChain;
    let hasInternalEndpoints = hasEndpoints;
    if (s.internalPolicyLocal) {
      internalPolicyChain = localPolicyChain;
      if (!localEndpoints.length) hasInternalEndpoints = false;
    }
    let externalPolicyChain = clusterPolicyChain;
    let hasExternalEndpoints = hasEndpoints;
    if (s.externalPolicyLocal) {
      externalPolicyChain = localPolicyChain;
      if (!localEndpoints.length) hasExternalEndpoints = false;
    }
    const usesExternalTrafficChain = hasEndpoints && externallyAccessible(s);

    let internalFilter: Target = { t: 'REJECT', with: 'icmp-port-unreachable' };
    let internalComment = `${svcPortName} has no endpoints`;
    let externalFilter: Target = internalFilter;
    let externalComment = internalComment;
    if (hasEndpoints) {
      if (!hasInternalEndpoints) {
        internalFilter = { t: 'DROP' };
        internalComment = `${svcPortName} has no local endpoints`;
      }
      if (!hasExternalEndpoints) {
        externalFilter = { t: 'DROP' };
        externalComment = `${svcPortName} has no local endpoints`;
      }
    }
    const p = { name: protoName(proto), neg: false };
    const vip = (ip: number, text: string, target: Target): Rule =>
      rule({ dst: addr(ip), proto: p, matches: [comment(text), protoMatch(proto, s.port)], target });

    // capture the clusterIP
    if (hasInternalEndpoints) natRules(KUBE_SERVICES).push(vip(s.clusterIP, `${svcPortName} cluster IP`, jump(internalPolicyChain)));
    else filterRules(KUBE_SERVICES).push(vip(s.clusterIP, internalComment, internalFilter));

    // externalIPs
    for (const ip of s.externalIPs) {
      if (hasEndpoints) natRules(KUBE_SERVICES).push(vip(ip, `${svcPortName} external IP`, jump(extChain)));
      if (!hasExternalEndpoints) filterRules(KUBE_EXTERNAL_SERVICES).push(vip(ip, externalComment, externalFilter));
    }

    // load-balancer ingress IPs (no loadBalancerSourceRanges in the lab: no KUBE-FW chain)
    for (const ip of s.loadBalancerVIPs) if (hasEndpoints) natRules(KUBE_SERVICES).push(vip(ip, `${svcPortName} loadbalancer IP`, jump(extChain)));
    if (!hasExternalEndpoints) for (const ip of s.loadBalancerVIPs) filterRules(KUBE_EXTERNAL_SERVICES).push(vip(ip, externalComment, externalFilter));

    // nodePorts
    if (s.nodePort) {
      if (hasEndpoints) {
        if (input.nfacct !== false)
          natRules(KUBE_NODEPORTS).push(
            rule({
              dst: addr(0x7f000000, 8),
              proto: p,
              matches: [comment(svcPortName), protoMatch(proto, s.nodePort), { m: 'nfacct', name: NFACCT_LOCALHOST_NODEPORTS }],
              target: jump(extChain)
            })
          );
        natRules(KUBE_NODEPORTS).push(rule({ proto: p, matches: [comment(svcPortName), protoMatch(proto, s.nodePort)], target: jump(extChain) }));
      }
      if (!hasExternalEndpoints)
        filterRules(KUBE_EXTERNAL_SERVICES).push(
          rule({
            proto: p,
            matches: [comment(externalComment), { m: 'addrtype', dst: { type: 'LOCAL', neg: false } }, protoMatch(proto, s.nodePort)],
            target: externalFilter
          })
        );
    }

    // health check nodePort (ETP Local)
    if (s.healthCheckNodePort)
      filterRules(KUBE_NODEPORTS).push(
        rule({
          proto: { name: 'tcp', neg: false },
          matches: [comment(`${svcPortName} health check node port`), { m: 'tcp', dport: port(s.healthCheckNodePort) }],
          target: { t: 'ACCEPT' }
        })
      );

    // internal traffic: masquerade off-cluster sources reaching the clusterIP
    if (hasInternalEndpoints && cidr)
      natRules(internalPolicyChain).push(
        rule({
          src: { ...cidr, neg: true },
          dst: addr(s.clusterIP),
          proto: p,
          matches: [comment(`${svcPortName} cluster IP`), protoMatch(proto, s.port)],
          target: jump(KUBE_MARK_MASQ)
        })
      );

    // external traffic
    if (usesExternalTrafficChain) {
      const ext = natRules(extChain);
      if (!s.externalPolicyLocal) {
        ext.push(rule({ matches: [comment(`masquerade traffic for ${svcPortName} external destinations`)], target: jump(KUBE_MARK_MASQ) }));
      } else {
        if (cidr) ext.push(rule({ src: cidr, matches: [comment(`pod traffic for ${svcPortName} external destinations`)], target: jump(clusterPolicyChain) }));
        ext.push(
          rule({
            matches: [comment(`masquerade LOCAL traffic for ${svcPortName} external destinations`), { m: 'addrtype', src: { type: 'LOCAL', neg: false } }],
            target: jump(KUBE_MARK_MASQ)
          })
        );
        ext.push(
          rule({
            matches: [comment(`route LOCAL traffic for ${svcPortName} external destinations`), { m: 'addrtype', src: { type: 'LOCAL', neg: false } }],
            target: jump(clusterPolicyChain)
          })
        );
      }
      if (hasExternalEndpoints) ext.push(rule({ target: jump(externalPolicyChain) }));
    }

    const lb = (chain: string, eps: EndpointInfo[]) => {
      const rules = natRules(chain);
      eps.forEach((e, i) => {
        const matches: Match[] = [comment(`${svcPortName} -> ${e.str}`)];
        if (i < eps.length - 1) matches.push({ m: 'statistic', probability: kubeProbabilityFixed(eps.length - i) });
        rules.push(rule({ matches, target: jump(sepChains.get(e.str)!) }));
      });
    };
    if (usesClusterPolicyChain) lb(clusterPolicyChain, clusterEndpoints);
    if (usesLocalPolicyChain) lb(localPolicyChain, localEndpoints);

    // per-endpoint chains
    for (const e of allReachable) {
      const sep = sepChains.get(e.str)!;
      natRules(sep).push(rule({ src: addr(e.ip), matches: [comment(svcPortName)], target: jump(KUBE_MARK_MASQ) }));
      natRules(sep).push(rule({ proto: p, matches: [comment(svcPortName), protoMatch(proto)], target: { t: 'DNAT', ip: e.ip, port: e.port } }));
    }
  }

  // the nodePorts tail call: last rule of KUBE-SERVICES
  natRules(KUBE_SERVICES).push(
    rule({
      matches: [comment('kubernetes service nodeports; NOTE: this must be the last rule in this chain'), { m: 'addrtype', dst: { type: 'LOCAL', neg: false } }],
      target: jump(KUBE_NODEPORTS)
    })
  );

  // postrouting: masquerade what KUBE-MARK-MASQ marked
  natRules(KUBE_POSTROUTING).push(
    rule({ matches: [{ m: 'mark', value: MASQ_MARK, mask: MASQ_MARK, neg: true }], target: { t: 'RETURN' } }),
    rule({ target: { t: 'MARK', value: MASQ_MARK, mask: 0 } }),
    rule({ matches: [comment('kubernetes service traffic requiring SNAT')], target: { t: 'MASQUERADE', randomFully: true, random: false } })
  );
  natRules(KUBE_MARK_MASQ).push(rule({ target: { t: 'MARK', value: MASQ_MARK, mask: MASQ_MARK } }));

  // filter KUBE-FORWARD
  filterRules(KUBE_FORWARD).push(
    rule({ matches: [{ m: 'conntrack', states: ['INVALID'], neg: false }], target: { t: 'DROP' } }),
    rule({ matches: [comment('kubernetes forwarding rules'), { m: 'mark', value: MASQ_MARK, mask: MASQ_MARK, neg: false }], target: { t: 'ACCEPT' } }),
    rule({ matches: [comment('kubernetes forwarding conntrack rule'), { m: 'conntrack', states: ['RELATED', 'ESTABLISHED'], neg: false }], target: { t: 'ACCEPT' } })
  );

  if (missing !== null) return { ok: false, error: `chain name for ${JSON.stringify(missing)} was not hashed` };
  return { ok: true, value: { nat, filter, mangle, jumps: kubeJumpRules(), ports } };
}

/** How many rules a table section holds (for the sync note). */
export function countRules(set: KubeRuleSet): number {
  let n = 0;
  for (const m of [set.nat, set.filter]) for (const l of m.values()) n += l.length;
  return n;
}
