/** Who arp-scan asks (the host patterns of its command line or --file) and who could answer on the segment. */
import type { Service } from '../../engine/k8s/types';
import { makeCidr, parseIpv4 } from '../../engine/net/addr';
import { Exit, type Settings, cNumber, fail, inetAton } from './arpscan-options';
import { type NetView, noNameText, resolveHost } from './common';

/** The lab keeps a host list in memory per scan; a /12 is the most it accepts. */
const MAX_HOSTS = 1 << 20;

/** add_host_pattern: IPnet/bits, IPnet:mask, IPstart-IPend, or one host (name or address). */
export function addPattern(view: NetView, pattern: string, s: Settings, hosts: number[], warn: (m: string) => void): void {
  const slash = /[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+\/[0-9]+/;
  const mask = /[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+:[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+/;
  const range = /[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+-[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+/;
  const push = (from: number, count: number) => {
    if (hosts.length + count > MAX_HOSTS) throw new Exit(`arp-scan: the lab scans at most ${MAX_HOSTS} hosts in one run\n`);
    for (let i = 0; i < count; i++) hosts.push((from + i) >>> 0);
  };
  if (slash.test(pattern)) {
    const at = pattern.indexOf('/');
    const ipText = pattern.slice(0, at);
    const ip = inetAton(ipText);
    if (ip === null) fail(`ERROR: ${ipText} is not a valid IP address`);
    const bits = cNumber(pattern.slice(at + 1), 10);
    if (bits < 3 || bits > 32) fail(`ERROR: Number of bits in ${pattern} must be between 3 and 32`);
    const net = makeCidr(ip, bits).network;
    if (net !== ip) warn(`WARNING: host part of ${pattern} is non-zero`);
    push(net, 2 ** (32 - bits));
  } else if (mask.test(pattern)) {
    const at = pattern.indexOf(':');
    const ipText = pattern.slice(0, at);
    const ip = inetAton(ipText);
    if (ip === null) fail(`ERROR: ${ipText} is not a valid IP address`);
    const m = inetAton(pattern.slice(at + 1));
    if (m === null) fail(`ERROR: ${ipText} is not a valid netmask`);
    let bits = 0;
    for (let x = m; x !== 0; x >>>= 1) if (x & 1) bits++;
    const net = (ip & m) >>> 0;
    if (net !== ip) warn(`WARNING: host part of ${pattern} is non-zero`);
    push(net, 2 ** (32 - bits));
  } else if (range.test(pattern)) {
    const at = pattern.indexOf('-');
    const a = pattern.slice(0, at);
    const b = pattern.slice(at + 1);
    const start = inetAton(a);
    if (start === null) fail(`ERROR: ${a} is not a valid IP address`);
    const end = inetAton(b);
    if (end === null) fail(`ERROR: ${b} is not a valid IP address`);
    if (end >= start) push(start, end - start + 1);
  } else if (s.numeric) {
    const ip = parseIpv4(pattern);
    if (ip === null) warn(`WARNING: "${pattern}" is not a valid IPv4 address - target ignored`);
    else push(ip, 1);
  } else {
    const ip = resolveHost(view, pattern);
    if (ip === null) warn(`WARNING: get_host_address failed for "${pattern}": ${noNameText(view.libc)} - target ignored`);
    else push(ip, 1);
  }
}

/**
 * Addresses something on the segment could answer for: every address configured in a
 * namespace with a port on the bridge, and every LoadBalancer IP of every cluster.
 */
export function possibleResponders(view: NetView, bridgePorts: Set<string>): Set<number> {
  const out = new Set<number>();
  const lab = view.lab;
  const nets = [lab.docker.hostNet, ...lab.docker.containers().filter((c) => c.state === 'running').map((c) => lab.docker.netnsOf(c.id))];
  for (const ns of nets) {
    if (!ns || !ns.up()) continue;
    if (!ns.interfaces().some((i) => i.port !== undefined && bridgePorts.has(i.port))) continue;
    for (const i of ns.interfaces()) for (const a of i.addrs) if (a.ip >>> 24 !== 127) out.add(a.ip >>> 0);
  }
  for (const name of lab.kind.names()) {
    const cluster = lab.kind.get(name);
    if (!cluster) continue;
    for (const svc of cluster.api.list<Service>('services')) {
      for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
        const ip = ing.ip ? parseIpv4(ing.ip) : null;
        if (ip !== null) out.add(ip);
      }
      const want = svc.spec?.loadBalancerIP ? parseIpv4(svc.spec.loadBalancerIP) : null;
      if (want !== null) out.add(want);
    }
  }
  return out;
}
