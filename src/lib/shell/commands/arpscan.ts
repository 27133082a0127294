/**
 * `arp-scan` 1.10.0 (royhills/arp-scan): option parsing with getopt_long_only (so `--interfac=eth0`
 * and `-localnet` work), the host-list patterns, the interface checks, and the scan itself
 * (nettools/arpscan-scan.ts) with the header, reply lines and footer of k8s-linux.md §3.4.
 */
import type { Service } from '../../engine/k8s/types';
import { type Mac, BROADCAST_MAC, ZERO_MAC, formatIpv4, isLocallyAdministered, makeCidr, parseIpv4, prefixMask } from '../../engine/net/addr';
import { ARP_REQUEST } from '../../engine/net/arp';
import { type CommandResult, type LabCommand, type ShellContext, errOut } from '../types';
import { ARPSCAN_LONG, ARPSCAN_SHORT, ARPSCAN_USAGE_HINT, ARPSCAN_VERSION, arpScanHelp, arpScanVersion } from '../nettools/arpscan-text';
import { type ScanReply, WIRE_SAMPLE, runScan } from '../nettools/arpscan-scan';
import { type NetView, Output, bridgeOf, defaultInterface, jitter, netView, noNameText, resolveHost, reverseHost } from '../nettools/common';
import { getopt } from '../nettools/getopt';

const DEFAULT_BANDWIDTH = 256000;
const MINIMUM_FRAME_SIZE = 46;
const PACKET_OVERHEAD = 18;
/** The lab keeps a host list in memory per scan; a /12 is the most it accepts. */
const MAX_HOSTS = 1 << 20;

class Exit {
  constructor(
    readonly text: string,
    readonly code = 1
  ) {}
}

/** err_msg(): the message and a newline on stderr, exit 1. */
function fail(msg: string): never {
  throw new Exit(msg + '\n');
}

/** C strtoul/strtol with arp-scan's Strtoul checks (`ERROR: "x" is not a valid numeric value`). */
function cNumber(s: string, base: 0 | 10): number {
  const m = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|[0-9]+)(\s.*)?$/s.exec(s);
  if (!m) fail(`ERROR: "${s}" is not a valid numeric value`);
  const digits = m[2];
  let v: number;
  if (base === 0 && /^0[xX]/.test(digits)) v = parseInt(digits.slice(2), 16);
  else if (base === 0 && digits.length > 1 && digits.startsWith('0')) {
    if (!/^[0-7]+$/.test(digits)) fail(`ERROR: "${s}" is not a valid numeric value`);
    v = parseInt(digits, 8);
  } else if (/^0[xX]/.test(digits)) fail(`ERROR: "${s}" is not a valid numeric value`);
  else v = parseInt(digits, 10);
  return m[1] === '-' ? -v : v;
}

/** str_to_interval: ms by default, `u` for µs, `s` for seconds. */
function toInterval(s: string): number {
  let mult = 1000;
  let body = s;
  const last = s[s.length - 1] ?? '';
  if (last && !/[0-9]/.test(last)) {
    body = s.slice(0, -1);
    if (last === 'u' || last === 'U') mult = 1;
    else if (last === 's' || last === 'S') mult = 1_000_000;
    else fail(`ERROR: Unknown interval multiplier character: "${last}"`);
  }
  return mult * cNumber(body, 10);
}

function toBandwidth(s: string): number {
  let mult = 1;
  let body = s;
  const last = s[s.length - 1] ?? '';
  if (last && !/[0-9]/.test(last)) {
    body = s.slice(0, -1);
    if (last === 'M' || last === 'm') mult = 1_000_000;
    else if (last === 'K' || last === 'k') mult = 1000;
    else fail(`ERROR: Unknown bandwidth multiplier character: "${last}"`);
  }
  return mult * cNumber(body, 10);
}

/** get_ether_addr: sscanf "%x:%x:…" or "%x-%x-…". */
function etherAddr(s: string): Mac | null {
  const parts = s.split(s.includes(':') ? ':' : '-');
  if (parts.length < 6) return null;
  const bytes: number[] = [];
  for (const p of parts.slice(0, 6)) {
    const m = /^\s*([0-9a-fA-F]+)/.exec(p);
    if (!m) return null;
    bytes.push(parseInt(m[1], 16) & 0xff);
  }
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** inet_aton, for the dotted quads of host patterns. */
function inetAton(s: string): number | null {
  const parts = s.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^[0-9]+$/.test(p))) return parseIpv4(s);
  const v = parts.map((p) => (p.length > 1 && p.startsWith('0') ? parseInt(p, 8) : parseInt(p, 10)));
  if (v.some((x) => Number.isNaN(x) || x > 255)) return null;
  return ((v[0] << 24) | (v[1] << 16) | (v[2] << 8) | v[3]) >>> 0;
}

interface Settings {
  file: string | null;
  retry: number;
  timeout: number;
  intervalUs: number;
  bandwidth: number;
  backoff: number;
  verbose: number;
  ifname: string | null;
  quiet: boolean;
  ignoreDups: boolean;
  random: boolean;
  randomSeed: number;
  numeric: boolean;
  spa: number | 'dest' | null;
  op: number;
  destMac: Mac;
  sha: Mac | null;
  tha: Mac;
  srcMac: Mac | null;
  padding: Uint8Array | null;
  localnet: boolean;
  llc: boolean;
  vlan: number;
  rtt: boolean;
  plain: boolean;
  limit: number;
  resolve: boolean;
  format: FormatPart[] | null;
}

type FormatPart = { text: string } | { field: string; width: number };

/** format_parse: `${field;width}` references and backslash escapes. */
function parseFormat(s: string): FormatPart[] {
  const parts: FormatPart[] = [];
  let text = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '\\' && i + 1 < s.length) {
      const n = s[++i];
      text += n === 'n' ? '\n' : n === 't' ? '\t' : n === 'r' ? '\r' : n;
      continue;
    }
    if (ch === '$' && s[i + 1] === '{') {
      const end = s.indexOf('}', i + 2);
      if (end > 0) {
        if (text) parts.push({ text });
        text = '';
        const [name, width] = s.slice(i + 2, end).split(';');
        parts.push({ field: name.toLowerCase(), width: width ? Number.parseInt(width, 10) || 0 : 0 });
        i = end;
        continue;
      }
    }
    text += ch;
  }
  if (text) parts.push({ text });
  return parts;
}

function parseOptions(args: string[], libc: NetView['libc']): { settings: Settings; operands: string[] } | CommandResult {
  const r = getopt(args, { prog: 'arp-scan', short: ARPSCAN_SHORT, long: ARPSCAN_LONG, longOnly: true, libc, permute: true });
  if (!r.ok) return errOut(`${r.message}\n${ARPSCAN_USAGE_HINT}`, 1);
  const s: Settings = {
    file: null,
    retry: 2,
    timeout: 500,
    intervalUs: 0,
    bandwidth: DEFAULT_BANDWIDTH,
    backoff: 1.5,
    verbose: 0,
    ifname: null,
    quiet: false,
    ignoreDups: false,
    random: false,
    randomSeed: 0,
    numeric: false,
    spa: null,
    op: ARP_REQUEST,
    destMac: BROADCAST_MAC,
    sha: null,
    tha: ZERO_MAC,
    srcMac: null,
    padding: null,
    localnet: false,
    llc: false,
    vlan: -1,
    rtt: false,
    plain: false,
    limit: 0,
    resolve: false,
    format: null
  };
  try {
    for (const o of r.opts) {
      const a = o.arg ?? '';
      switch (o.key) {
        case 'f': s.file = a; break;
        case 'h': return { stdout: arpScanHelp(), stderr: '', exitCode: 0 };
        case 'r': s.retry = cNumber(a, 10) >>> 0; break;
        case 'Y': cNumber(a, 10); break;
        case 'E': toInterval(a); break;
        case 't': s.timeout = cNumber(a, 10) >>> 0; break;
        case 'i': s.intervalUs = toInterval(a); break;
        case 'b': s.backoff = Number.parseFloat(a) || 0; break;
        case 'v': s.verbose++; break;
        case 'V': return { stdout: arpScanVersion(libc === 'musl' ? 'libpcap version 1.10.4 (with TPACKET_V3)' : 'libpcap version 1.10.3 (with TPACKET_V3)'), stderr: '', exitCode: 0 };
        case 'n': cNumber(a, 0); break;
        case 'I': s.ifname = a; break;
        case 'q': s.quiet = true; break;
        case 'g': s.ignoreDups = true; break;
        case 'R': s.random = true; break;
        case 'N': s.numeric = true; break;
        case 'B': s.bandwidth = toBandwidth(a); break;
        case 'O': case 'm': case 'W': case 'writepkttofile': case 'readpktfromfile': break;
        case 's': {
          if (a === 'dest') s.spa = 'dest';
          else {
            const ip = parseIpv4(a);
            // inet_pton returned 0, errno untouched: err_sys prints strerror(0)
            if (ip === null) fail(`inet_pton failed for ${a}: ${libc === 'musl' ? 'No error information' : 'Success'}`);
            s.spa = ip;
          }
          break;
        }
        case 'o': s.op = cNumber(a, 0) & 0xffff; break;
        case 'H': case 'p': case 'P': case 'a': case 'y': cNumber(a, 0); break;
        case 'T': {
          const m = etherAddr(a);
          if (!m) fail(`Invalid target MAC address: ${a}`);
          s.destMac = m;
          break;
        }
        case 'A': {
          if (a.length % 2) fail('ERROR: Length of --padding argument must be even (multiple of 2).');
          s.padding = Uint8Array.from(a.match(/../g) ?? [], (h) => parseInt(h, 16) & 0xff);
          break;
        }
        case 'u': {
          const m = etherAddr(a);
          if (!m) fail(`Invalid source MAC address: ${a}`);
          s.sha = m;
          break;
        }
        case 'w': {
          const m = etherAddr(a);
          if (!m) fail(`Invalid target MAC address: ${a}`);
          s.tha = m;
          break;
        }
        case 'S': {
          const m = etherAddr(a);
          if (!m) fail(`Invalid target MAC address: ${a}`);
          s.srcMac = m;
          break;
        }
        case 'l': s.localnet = true; break;
        case 'L': s.llc = true; break;
        case 'Q': s.vlan = cNumber(a, 0); break;
        case 'D': s.rtt = true; break;
        case 'x': s.plain = true; break;
        case 'randomseed': s.randomSeed = cNumber(a, 0) >>> 0; break;
        case 'M': s.limit = cNumber(a, 10) >>> 0; break;
        case 'd': s.resolve = true; break;
        case 'F': s.format = parseFormat(a); break;
        default:
          // in the short option string (-k) but not handled: the "unknown option" branch
          return errOut(ARPSCAN_USAGE_HINT, 1);
      }
    }
  } catch (e) {
    if (e instanceof Exit) return errOut(e.text, e.code);
    throw e;
  }
  return { settings: s, operands: r.operands };
}

/** add_host_pattern: IPnet/bits, IPnet:mask, IPstart-IPend, or one host (name or address). */
function addPattern(view: NetView, pattern: string, s: Settings, hosts: number[], warn: (m: string) => void): void {
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
function possibleResponders(view: NetView, bridgePorts: Set<string>): Set<number> {
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

/** The vendor column: no registry entry matches the lab's MACs (Docker's are locally administered). */
function vendorOf(mac: Mac): string {
  return isLocallyAdministered(mac) ? '(Unknown: locally administered)' : '(Unknown)';
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function arpScan(args: string[], ctx: ShellContext): Promise<CommandResult> {
  const view = netView(ctx);
  if (!view) return errOut('arp-scan: cannot open the network namespace\n', 1);
  const parsed = parseOptions(args, view.libc);
  if ('exitCode' in parsed) return parsed;
  const { settings: s, operands } = parsed;
  // arp-scan always ends by itself: its output is returned whole, so `arp-scan -l | grep …` works
  const out = new Output(ctx, false);
  const warn = (m: string) => out.stderr(m + '\n');
  try {
    if (!s.file && !s.localnet && operands.length < 1) fail('ERROR: No target hosts on command line and neither --file or --localnet options given');

    // pcap_create/pcap_activate on the interface, then its MAC and IPv4 address
    const ifname = s.ifname ?? defaultInterface(view);
    if (ifname === null) fail('my_lookupdev: no suitable device found');
    const iface = view.host.iface(ifname);
    if (!iface) fail(`pcap_activate: ${ifname}: No such device exists\n(SIOCGIFHWADDR: No such device)`);
    if (iface.mac === ZERO_MAC) fail(`ERROR: Could not obtain MAC address for interface ${ifname}`);
    const sourceMac = s.srcMac ?? iface.mac;
    const sha = s.sha ?? iface.mac;
    const addr = iface.addrs[0];
    if (s.spa === null && !addr) {
      warn(`WARNING: Could not obtain IP address for interface ${ifname}. Using 0.0.0.0 for`);
      warn('the source address, which may not be what you want.');
      warn(`Either configure ${ifname} with an IP address, or manually specify the address`);
      warn('with the --arpspa option.');
    }
    const spa = s.spa ?? (addr ? addr.ip : 0);
    if (!s.plain) out.stdout(`Interface: ${ifname}, type: EN10MB, MAC: ${iface.mac}, IPv4: ${addr ? formatIpv4(addr.ip) : '(none)'}\n`);
    if (s.localnet && !addr) {
      warn('ERROR: Could not obtain interface IP address and netmask');
      fail(`ERROR: pcap_lookupnet: ${ifname}: no IPv4 address assigned`);
    }
    if (s.intervalUs && s.bandwidth !== DEFAULT_BANDWIDTH) fail('ERROR: You cannot specify both --bandwidth and --interval.');
    if (s.localnet) {
      if (operands.length > 0) fail('ERROR: You can not specify targets with the --localnet option');
      if (s.file) fail('ERROR: You can not specify both --file and --localnet options');
    }

    // the host list
    const list: number[] = [];
    if (s.file) {
      let text: string;
      if (s.file === '-') text = ctx.stdin;
      else {
        const r = await ctx.exec(`cat -- '${s.file.replace(/'/g, `'\\''`)}'`);
        if (r.exitCode !== 0) fail(`Cannot open ${s.file}: No such file or directory`);
        text = r.stdout;
      }
      for (const line of text.split('\n')) {
        const word = line.split(/\s/)[0];
        if (word) addPattern(view, word, s, list, warn);
      }
    } else if (s.localnet && addr) {
      const m = prefixMask(addr.prefix);
      const desc = `${formatIpv4((addr.ip & m) >>> 0)}:${formatIpv4(m)}`;
      if (s.verbose) warn(`Using ${desc} for localnet`);
      addPattern(view, desc, s, list, warn);
    } else {
      for (const o of operands) addPattern(view, o, s, list, warn);
    }
    if (!list.length) fail('ERROR: No hosts to process.');

    const hosts = Uint32Array.from(list);
    if (s.random) {
      const seed = s.randomSeed || Math.floor(jitter(view.host.name, view.lab.now()) * 0xffffffff);
      for (let i = hosts.length - 1; i > 0; i--) {
        const r = Math.floor(jitter(seed, i) * i);
        const t = hosts[i];
        hosts[i] = hosts[r];
        hosts[r] = t;
      }
    }

    let intervalUs = s.intervalUs;
    if (!intervalUs) {
      let len = 42 + (s.vlan >= 0 ? 4 : 0) + (s.llc ? 8 : 0) + (s.padding?.length ?? 0);
      if (len < MINIMUM_FRAME_SIZE) len = MINIMUM_FRAME_SIZE;
      len += PACKET_OVERHEAD;
      intervalUs = Math.floor((len * 8 * 1_000_000) / (s.bandwidth || 1));
    }
    if (!s.plain) out.stdout(`Starting ${ARPSCAN_VERSION} with ${hosts.length} hosts (https://github.com/royhills/arp-scan)\n`);

    const link = bridgeOf(view, ifname);
    const answerers = link ? possibleResponders(view, new Set(link.bridge.portNames())) : new Set<number>();
    const wire = new Uint8Array(hosts.length);
    for (let i = 0; i < hosts.length; i++) if (i < WIRE_SAMPLE || answerers.has(hosts[i])) wire[i] = 1;

    const display = (r: ScanReply) => {
      if (r.numRecv > 1 && s.ignoreDups) return;
      const ipText = formatIpv4(r.ip);
      const name = s.resolve ? (reverseHost(view, r.ip) ?? ipText) : null;
      const hdr = r.ethSrc !== r.sha ? r.ethSrc : null;
      const vendor = s.quiet ? null : vendorOf(r.sha);
      const padding = !s.quiet && r.extra.some((b) => b !== 0) ? hex(r.extra) : null;
      const dup = !s.quiet && r.numRecv > 1 ? String(r.numRecv) : null;
      const rtt = !s.quiet && s.rtt ? `${Math.floor(r.rttUs / 1000)}.${String(r.rttUs % 1000).padStart(3, '0')}` : null;
      let line: string;
      if (!s.format) {
        line = `${name ?? ipText}\t${r.sha}`;
        if (hdr) line += ` (${hdr})`;
        if (vendor) line += `\t${vendor}`;
        if (padding && s.verbose) line += `\tPadding=${padding}`;
        if (dup) line += ` (DUP: ${dup})`;
        if (rtt) line += `\tRTT=${rtt} ms`;
      } else {
        const fields: Record<string, string | null> = { ip: ipText, name, mac: r.sha, hdrmac: hdr, vendor, padding, framing: null, vlan: null, proto: null, dup, rtt };
        line = '';
        for (const part of s.format) {
          if ('text' in part) line += part.text;
          else {
            const v = fields[part.field];
            if (v === undefined || v === null) warn(`WARNING: Field \${${part.field}} unknown or not available`);
            else line += part.width < 0 ? v.padEnd(-part.width) : v.padStart(part.width);
          }
        }
      }
      out.stdout(line + '\n');
    };

    const startupUs = 2500 + (s.quiet ? 0 : 30_000) + Math.round(hosts.length * 0.2);
    const res = await runScan(
      ctx,
      view.lab,
      view.host,
      ifname,
      link,
      {
        hosts,
        wire,
        intervalUs,
        retry: s.retry,
        timeoutMs: s.timeout,
        backoff: s.backoff,
        limit: s.limit,
        startupUs,
        packet: { op: s.op, srcMac: sourceMac, dstMac: s.destMac, sha, spa: s.spa === 'dest' ? 'dest' : spa, tha: s.tha, padding: s.padding },
        filterMac: sha,
        verbose: s.verbose
      },
      display,
      warn
    );
    if (res.interrupted) return out.result(130);
    if (!s.plain) {
      // elapsed is truncated to whole milliseconds before printing, as arp-scan computes it
      const secs = Math.floor(res.elapsedUs / 1000) / 1000;
      const rate = secs > 0 ? hosts.length / secs : 0;
      out.stdout('\n');
      out.stdout(`${res.received} packets received by filter, 0 packets dropped by kernel\n`);
      out.stdout(`Ending ${ARPSCAN_VERSION}: ${hosts.length} hosts scanned in ${secs.toFixed(3)} seconds (${rate.toFixed(2)} hosts/sec). ${res.responders} responded\n`);
    }
    return out.result(s.limit === 0 || res.responders >= s.limit ? 0 : 1);
  } catch (e) {
    if (e instanceof Exit) {
      out.stderr(e.text);
      return out.result(e.code);
    }
    throw e;
  }
}

export const arpScanCommand: LabCommand = {
  name: 'arp-scan',
  run: arpScan
};
