/**
 * `tcpdump` 4.99: captures the frames the container's interface sends and receives on the
 * docker bridge (or every bridge interface with `-i any`), filters them with a pcap-filter
 * expression, and prints them as tcpdump does, timestamps from the lab's clock (UTC). The
 * header and the closing counters go to stderr.
 *
 * How long it listens: with -c N until N packets matched, or 60 s of virtual time; without -c
 * until Ctrl-C (the shell's abort signal). The headless runner cannot press Ctrl-C, so there a
 * capture without -c lasts 10 s of virtual time and then ends as if interrupted.
 *
 * Limits: frames are what crosses the bridge, so traffic on `lo` and on a node's point-to-point
 * pod veths is not seen; -w is not available (the lab exports pcap files itself).
 */
import { BROADCAST_MAC, isMulticastMac } from '../../engine/net/addr';
import type { FrameObservation } from '../../engine/net/bridge';
import { decodeEthernet } from '../../engine/net/ethernet';
import { TcpSeqTracker } from '../../engine/net/tcp-relative';
import { type CommandResult, type LabCommand, type ShellContext, errOut } from '../types';
import { type CaptureDevice, type NetView, Output, captureDevices, aborted, breathe, bridgeOf, clockDate, clockHMS, defaultInterface, epochMicros, netView, resolveHost, reverseHost } from '../nettools/common';
import { type LongOpt, getopt } from '../nettools/getopt';
import { FilterError, compileFilter, filterFrame } from '../nettools/pcap-filter';
import { renderFrame } from '../nettools/tcpdump-print';

/** Virtual time a `-c N` capture waits at most. */
export const COUNT_CAP_MS = 60_000;
/** Virtual time a capture without -c lasts when nothing can interrupt it (the runner). */
export const RUNNER_CAPTURE_MS = 10_000;

const MAXIMUM_SNAPLEN = 262144;

const SHORT = 'aAbB:c:C:dDeE:fF:G:hHi:Ij:JKlLm:M:nNOpqQ:r:s:StT:uUvV:w:W:xXy:Yz:Z:#';
const LONG: LongOpt[] = [
  { name: 'buffer-size', arg: 'required', key: 'B' },
  { name: 'list-interfaces', arg: 'none', key: 'D' },
  { name: 'help', arg: 'none', key: 'h' },
  { name: 'interface', arg: 'required', key: 'i' },
  { name: 'monitor-mode', arg: 'none', key: 'I' },
  { name: 'time-stamp-type', arg: 'required', key: 'j' },
  { name: 'list-time-stamp-types', arg: 'none', key: 'J' },
  { name: 'micro', arg: 'none', key: 'micro' },
  { name: 'nano', arg: 'none', key: 'nano' },
  { name: 'time-stamp-precision', arg: 'required', key: 'time-stamp-precision' },
  { name: 'dont-verify-checksums', arg: 'none', key: 'K' },
  { name: 'list-data-link-types', arg: 'none', key: 'L' },
  { name: 'no-optimize', arg: 'none', key: 'O' },
  { name: 'no-promiscuous-mode', arg: 'none', key: 'p' },
  { name: 'direction', arg: 'required', key: 'Q' },
  { name: 'snapshot-length', arg: 'required', key: 's' },
  { name: 'absolute-tcp-sequence-numbers', arg: 'none', key: 'S' },
  { name: 'packet-buffered', arg: 'none', key: 'U' },
  { name: 'linktype', arg: 'required', key: 'y' },
  { name: 'immediate-mode', arg: 'none', key: 'immediate-mode' },
  { name: 'debug-filter-parser', arg: 'none', key: 'Y' },
  { name: 'relinquish-privileges', arg: 'required', key: 'Z' },
  { name: 'count', arg: 'none', key: 'count' },
  { name: 'fp-type', arg: 'none', key: 'fp-type' },
  { name: 'number', arg: 'none', key: '#' },
  { name: 'print', arg: 'none', key: 'print' },
  { name: 'print-sampling', arg: 'required', key: 'print-sampling' },
  { name: 'lengths', arg: 'none', key: 'lengths' },
  { name: 'version', arg: 'none', key: 'version' }
];

function versions(view: NetView): string {
  return view.libc === 'musl'
    ? 'tcpdump version 4.99.5\nlibpcap version 1.10.5 (with TPACKET_V3)\nOpenSSL 3.3.2 3 Sep 2024\n'
    : 'tcpdump version 4.99.3\nlibpcap version 1.10.3 (with TPACKET_V3)\nOpenSSL 3.0.14 4 Jun 2024\n';
}

function usage(view: NetView): string {
  return `${versions(view)}Usage: tcpdump [-AbdDefhHIJKlLnNOpqStuUvxX#] [ -B size ] [ -c count ] [--count]
\t\t[ -C file_size ] [ -E algo:secret ] [ -F file ] [ -G seconds ]
\t\t[ -i interface ] [ --immediate-mode ] [ -j tstamptype ]
\t\t[ -M secret ] [ --number ] [ --print ] [ -Q in|out|inout ]
\t\t[ -r file ] [ -s snaplen ] [ -T type ] [ --version ]
\t\t[ -V file ] [ -w file ] [ -W filecount ] [ -y datalinktype ]
\t\t[ --time-stamp-precision precision ] [ --micro ] [ --nano ]
\t\t[ -z postrotate-command ] [ -Z user ] [ expression ]
`;
}

/** pcap_findalldevs as tcpdump -D numbers it: running devices, `any`, then the rest by merit. */
function deviceList(view: NetView): { name: string; about?: string; flags: string }[] {
  const devs = captureDevices(view);
  const flags = (d: CaptureDevice) =>
    [d.up ? 'Up' : '', d.running ? 'Running' : '', d.iface.kind === 'loopback' ? 'Loopback' : d.running ? 'Connected' : 'Disconnected'].filter(Boolean).join(', ');
  const first = (d: CaptureDevice) => d.running && d.iface.kind !== 'loopback';
  // `any` is up and running with no connection status: it goes after the connected devices
  return [
    ...devs.filter(first).map((d) => ({ name: d.iface.name, flags: flags(d) })),
    { name: 'any', about: 'Pseudo-device that captures on all interfaces', flags: 'Up, Running' },
    ...devs.filter((d) => !first(d)).map((d) => ({ name: d.iface.name, flags: flags(d) })),
    { name: 'nflog', about: 'Linux netfilter log (NFLOG) interface', flags: 'none' },
    { name: 'nfqueue', about: 'Linux netfilter queue (NFQUEUE) interface', flags: 'none' }
  ];
}

function listInterfaces(view: NetView): string {
  return deviceList(view).map((d, i) => `${i + 1}.${d.name}${d.about ? ` (${d.about})` : ''} [${d.flags}]\n`).join('');
}

/** `-i N`: the Nth device of -D's list (nflog and nfqueue cannot be captured here). */
function deviceByIndex(view: NetView, n: number): string | null {
  const name = deviceList(view)[n - 1]?.name;
  return name === undefined || name === 'nflog' || name === 'nfqueue' ? null : name;
}

interface Captured {
  t: number;
  bytes: Uint8Array;
  ifname: string;
  ifindex: number;
  dir: 'In' | 'Out' | 'B' | 'M' | 'P';
  seq: number;
}

async function tcpdump(args: string[], ctx: ShellContext): Promise<CommandResult> {
  const view = netView(ctx);
  if (!view) return errOut('tcpdump: socket: Operation not permitted\n', 1);
  const r = getopt(args, { prog: 'tcpdump', short: SHORT, long: LONG, libc: view.libc, permute: true });
  if (!r.ok) return errOut(`${r.message}\n${usage(view)}`, 1);

  let device: string | null = null;
  let count = 0;
  let numeric: 0 | 1 | 2 = 0;
  let eflag = false;
  let vflag = 0;
  let qflag = false;
  let tflag = 0;
  let hex = 0;
  let ascii = false;
  let numbered = false;
  let absoluteSeq = false;
  let countOnly = false;
  let snaplen = MAXIMUM_SNAPLEN;
  let direction: 'in' | 'out' | 'inout' = 'inout';
  let filterFile: string | null = null;
  for (const o of r.opts) {
    const a = o.arg ?? '';
    switch (o.key) {
      case 'i': device = a; break;
      case 'c': {
        const v = /^\s*[+-]?(0[xX][0-9a-fA-F]+|\d+)$/.test(a) ? Number(a.trim()) : NaN;
        if (!Number.isInteger(v) || v <= 0) return errOut(`tcpdump: invalid packet count ${a}\n`, 1);
        count = v;
        break;
      }
      case 'n': numeric = numeric === 0 ? 1 : 2; break;
      case 'e': eflag = true; break;
      case 'v': vflag++; break;
      case 'q': qflag = true; break;
      case 't': tflag++; break;
      case 'x': hex = hex === 1 || hex === 2 ? 2 : 1; break;
      case 'X': hex = hex === 3 || hex === 4 ? 4 : 3; break;
      case 'A': ascii = true; break;
      case '#': numbered = true; break;
      case 'S': absoluteSeq = true; break;
      case 'count': countOnly = true; break;
      case 's': {
        const v = /^\d+$/.test(a) ? Number(a) : NaN;
        if (!Number.isInteger(v) || v < 0 || v > MAXIMUM_SNAPLEN) return errOut(`tcpdump: invalid snaplen ${a}\n`, 1);
        snaplen = v === 0 ? MAXIMUM_SNAPLEN : v;
        break;
      }
      case 'Q':
        if (a !== 'in' && a !== 'out' && a !== 'inout') return errOut(`tcpdump: unknown capture direction '${a}'\n`, 1);
        direction = a;
        break;
      case 'F': filterFile = a; break;
      case 'D': return { stdout: listInterfaces(view), stderr: '', exitCode: 0 };
      case 'h': return { stdout: usage(view), stderr: '', exitCode: 0 };
      case 'version': return { stdout: versions(view), stderr: '', exitCode: 0 };
      case 'w': return errOut('tcpdump: -w is not available in the lab (export the capture as a pcap file from the packet list)\n', 1);
      case 'r': return errOut(`tcpdump: ${a}: No such file or directory\n`, 1);
      case 'I': return errOut(`tcpdump: ${device ?? defaultInterface(view) ?? 'eth0'}: That device doesn't support monitor mode\n`, 1);
      case 'L': {
        const dev = device ?? defaultInterface(view) ?? 'eth0';
        return { stdout: `Data link types for ${dev} (use option -y to set):\n  EN10MB (Ethernet)\n  DOCSIS (DOCSIS)\n`, stderr: '', exitCode: 0 };
      }
      case 'y':
        if (a !== 'EN10MB') return errOut(`tcpdump: ${a} is not one of the DLTs supported by this device\n`, 1);
        break;
      default:
        break;
    }
  }

  // the device
  let dev = device ?? defaultInterface(view);
  if (dev === null) return errOut('tcpdump: no suitable device found\n', 1);
  if (dev !== 'any' && !view.host.iface(dev)) {
    const byIndex = /^\d+$/.test(dev) ? deviceByIndex(view, Number(dev)) : null;
    if (byIndex === null) return errOut(`tcpdump: ${dev}: No such device exists\n(SIOCGIFHWADDR: No such device)\n`, 1);
    dev = byIndex;
  }
  const any = dev === 'any';

  // the filter: the remaining words, or the -F file
  let expr = r.operands.join(' ');
  if (filterFile !== null) {
    const f = await ctx.exec(`cat -- '${filterFile.replace(/'/g, `'\\''`)}'`);
    if (f.exitCode !== 0) return errOut(`tcpdump: can't open ${filterFile}: No such file or directory\n`, 1);
    expr = f.stdout.replace(/#.*$/gm, '').replace(/\s+/g, ' ').trim();
  }
  const capIfaces = (any ? view.host.interfaces() : [view.host.iface(dev)]).filter((i) => i !== undefined);
  const broadcasts = capIfaces.flatMap((i) => i.addrs.map((a) => a.brd).filter((b): b is number => b !== undefined));
  let match;
  try {
    match = compileFilter(expr, { resolve: (n) => resolveHost(view, n), broadcasts });
  } catch (e) {
    if (e instanceof FilterError) return errOut(`tcpdump: ${e.message}\n`, 1);
    throw e;
  }

  const out = new Output(ctx);
  const linkType = any ? 'LINUX_SLL2 (Linux cooked v2)' : 'EN10MB (Ethernet)';
  if (!vflag) out.stderr('tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n');
  else out.stderr('tcpdump: ');
  out.stderr(`listening on ${dev}, link-type ${linkType}, snapshot length ${snaplen} bytes\n`);

  // tap the bridge ports of the captured interfaces
  const lab = view.lab;
  const pending: Captured[] = [];
  let seq = 0;
  const stops: (() => void)[] = [];
  for (const i of capIfaces) {
    const link = bridgeOf(view, i.name);
    if (!link) continue;
    stops.push(
      link.bridge.observe((f: FrameObservation) => {
        if (f.from === link.port) {
          if (direction !== 'in') pending.push({ t: f.t, bytes: f.bytes, ifname: i.name, ifindex: i.index, dir: 'Out', seq: seq++ });
        } else if (f.to.includes(link.port)) {
          if (direction === 'out') return;
          const dst = decodeEthernet(f.bytes)?.dst ?? '';
          const dir = dst === BROADCAST_MAC ? 'B' : isMulticastMac(dst) ? 'M' : dst === i.mac ? 'In' : 'P';
          pending.push({ t: f.deliveredAt, bytes: f.bytes, ifname: i.name, ifindex: i.index, dir, seq: seq++ });
        }
      })
    );
  }

  const tracker = new TcpSeqTracker();
  const start = lab.now();
  const stopAt = count ? start + COUNT_CAP_MS : ctx.signal ? Infinity : start + RUNNER_CAPTURE_MS;
  let captured = 0;
  let prevT: number | null = null;
  const firstT: { t: number | null } = { t: null };
  const stamp = (t: number): string => {
    if (tflag === 1) return '';
    if (tflag === 2) {
      const us = epochMicros(lab, t);
      return `${Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, '0')} `;
    }
    if (tflag === 3 || tflag === 5) {
      const base = tflag === 3 ? (prevT ?? t) : (firstT.t ?? t);
      const d = Math.max(0, Math.round((t - base) * 1000));
      const s = Math.floor(d / 1e6);
      const p2 = (x: number) => String(x).padStart(2, '0');
      return `${p2(Math.floor(s / 3600))}:${p2(Math.floor(s / 60) % 60)}:${p2(s % 60)}.${String(d % 1e6).padStart(6, '0')} `;
    }
    if (tflag >= 4) return `${clockDate(lab, t)} `;
    return `${clockHMS(lab, t)} `;
  };

  const hostName = (ip: number) => reverseHost(view, ip);
  let done = false;
  const process = () => {
    if (!pending.length) return;
    pending.sort((a, b) => a.t - b.t || a.seq - b.seq);
    while (pending.length && pending[0].t <= lab.now() + 1e-9 && !done) {
      const c = pending.shift() as Captured;
      const ff = filterFrame(c.bytes);
      if (!ff || !match(ff)) continue;
      captured++;
      if (!countOnly) {
        if (firstT.t === null) firstT.t = c.t;
        const body = renderFrame(c.bytes.subarray(0, Math.min(c.bytes.length, snaplen)), {
          numeric,
          eflag,
          vflag,
          qflag,
          hex,
          ascii,
          hostName,
          tcpSeq: absoluteSeq ? new TcpSeqTracker() : tracker,
          any: any ? { ifname: c.ifname, ifindex: c.ifindex, dir: c.dir } : undefined
        });
        const num = numbered ? `${String(captured).padStart(5)}  ` : '';
        out.stdout(`${num}${stamp(c.t)}${body}\n`);
        prevT = c.t;
      }
      if (count && captured >= count) done = true;
    }
  };

  let iterations = 0;
  try {
    for (;;) {
      process();
      if (done || aborted(ctx) || lab.now() >= stopAt) break;
      const next = lab.sim.scheduler.nextAt();
      let target = next === null ? stopAt : Math.min(next, stopAt);
      if (!Number.isFinite(target)) target = lab.now() + 100;
      if (target <= lab.now()) target = lab.now() + 0.001;
      await ctx.advance(target - lab.now());
      if (++iterations % 64 === 0) await breathe(ctx);
    }
  } finally {
    for (const s of stops) s();
  }
  if (countOnly) out.stdout(`${captured} packet${captured === 1 ? '' : 's'}\n`);
  // ended by Ctrl-C (or the runner's stand-in for it): cleanup() first ends the line on stdout
  if (!done) out.stdout('\n');
  const plural = (n: number, w: string) => `${n} packet${n === 1 ? '' : 's'} ${w}\n`;
  out.stderr(plural(captured, 'captured') + plural(captured, 'received by filter') + plural(0, 'dropped by kernel'));
  return out.result(0);
}

export const tcpdumpCommand: LabCommand = {
  name: 'tcpdump',
  run: tcpdump
};

