/**
 * `arp-scan` 1.10.0 (royhills/arp-scan): option parsing with getopt_long_only (so `--interfac=eth0`
 * and `-localnet` work), the host-list patterns, the interface checks, and the scan itself
 * (nettools/arpscan-scan.ts) with the header, reply lines and footer of k8s-linux.md §3.4.
 * The options, the targets and the reply lines live in nettools/arpscan-*.ts.
 */
import { ZERO_MAC, formatIpv4, prefixMask } from '../../engine/net/addr';
import { type CommandResult, type LabCommand, type ShellContext, errOut } from '../types';
import { DEFAULT_BANDWIDTH, Exit, MINIMUM_FRAME_SIZE, PACKET_OVERHEAD, fail, parseOptions } from '../nettools/arpscan-options';
import { replyLine } from '../nettools/arpscan-reply';
import { type ScanReply, WIRE_SAMPLE, runScan } from '../nettools/arpscan-scan';
import { addPattern, possibleResponders } from '../nettools/arpscan-targets';
import { ARPSCAN_VERSION } from '../nettools/arpscan-text';
import { Output, bridgeOf, defaultInterface, jitter, netView } from '../nettools/common';

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
      const line = replyLine(view, s, r, warn);
      if (line !== null) out.stdout(line + '\n');
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
