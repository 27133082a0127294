/**
 * `ping` from iputils (as in netshoot): real ICMP echo requests through the namespace's routing
 * and ARP, replies from the kernels that answer them, errors from failed neighbour resolution
 * (`From 172.18.0.100 icmp_seq=1 Destination Host Unreachable`, three at a time as the kernel
 * gives up after its three ARP probes) or from routers, and the statistics block of
 * ping_common.c `finish()`. One packet per interval of virtual time.
 *
 * Without -c, ping runs until Ctrl-C (the shell's abort signal). The headless runner has no
 * Ctrl-C: there, and only there, ping behaves as if it were interrupted when the 11th request
 * would leave, so a script never hangs (10 transmitted, statistics printed).
 */
import { formatIpv4, isMulticastIpv4 } from '../../engine/net/addr';
import { ICMP_DEST_UNREACH, ICMP_ECHO_REPLY, ICMP_ECHO_REQUEST, decodeIcmp, echoId, echoRequest, echoSeq, encodeIcmp } from '../../engine/net/icmp';
import { IPPROTO_ICMP } from '../../engine/net/ipv4';
import { type CommandResult, type LabCommand, type ShellContext, errOut } from '../types';
import { type NetView, Output, aborted, breathe, epochMicros, formatG, jitter, netView, noNameText, resolveHost, reverseHost } from '../nettools/common';
import { getopt } from '../nettools/getopt';

/** Requests sent when nothing can interrupt ping (the runner), see the file comment. */
export const RUNNER_MAX_PACKETS = 10;

const USAGE = `
Usage
  ping [options] <destination>

Options:
  <destination>      DNS name or IP address
  -a                 use audible ping
  -A                 use adaptive ping
  -B                 sticky source address
  -c <count>         stop after <count> replies
  -C                 call connect() syscall on socket creation
  -D                 print timestamps
  -d                 use SO_DEBUG socket option
  -e <identifier>    define identifier for ping session, default is random for
                     SOCK_RAW and kernel defined for SOCK_DGRAM
                     Imply using SOCK_RAW (for IPv4 only for identifier 0)
  -f                 flood ping
  -h                 print help and exit
  -H                 force reverse DNS name resolution (useful for numeric
                     destinations or for -f), override -n
  -I <interface>     either interface name or address
  -i <interval>      seconds between sending each packet
  -L                 suppress loopback of multicast packets
  -l <preload>       send <preload> number of packages while waiting replies
  -m <mark>          tag the packets going out
  -M <pmtud opt>     define path MTU discovery, can be one of <do|dont|want|probe>
  -n                 no reverse DNS name resolution, override -H
  -O                 report outstanding replies
  -p <pattern>       contents of padding byte
  -q                 quiet output
  -Q <tclass>        use quality of service <tclass> bits
  -s <size>          use <size> as number of data bytes to be sent
  -S <size>          use <size> as SO_SNDBUF socket option value
  -t <ttl>           define time to live
  -U                 print user-to-user latency
  -v                 verbose output
  -V                 print version and exit
  -w <deadline>      reply wait <deadline> in seconds
  -W <timeout>       time to wait for response

IPv4 options:
  -4                 use IPv4
  -b                 allow pinging broadcast
  -R                 record route
  -T <timestamp>     define timestamp, can be one of <tsonly|tsandaddr|tsprespec>

IPv6 options:
  -6                 use IPv6
  -F <flowlabel>     define flow label, default is random
  -N <nodeinfo opt>  use IPv6 node info query, try <help> as argument

For more details see ping(8).
`;

const UNREACH_TEXT: Record<number, string> = {
  0: 'Destination Net Unreachable',
  1: 'Destination Host Unreachable',
  2: 'Destination Protocol Unreachable',
  3: 'Destination Port Unreachable',
  5: 'Source Route Failed',
  6: 'Destination Net Unknown',
  7: 'Destination Host Unknown',
  8: 'Source Host Isolated',
  9: 'Destination Net Prohibited',
  10: 'Destination Host Prohibited',
  11: 'Destination Net Unreachable for Type of Service',
  12: 'Destination Host Unreachable for Type of Service',
  13: 'Packet filtered',
  14: 'Precedence Violation',
  15: 'Precedence Cutoff'
};

function icmpErrorText(type: number, code: number, info: number): string {
  if (type === ICMP_DEST_UNREACH) {
    if (code === 4) return `Frag needed and DF set (mtu = ${info & 0xffff})`;
    return UNREACH_TEXT[code] ?? `Dest Unreachable, Bad Code: ${code}`;
  }
  if (type === 11) return code === 0 ? 'Time to live exceeded' : code === 1 ? 'Frag reassembly time exceeded' : `Time exceeded, Bad Code: ${code}`;
  if (type === 5) return ['Redirect Network', 'Redirect Host', 'Redirect Type of Service and Network', 'Redirect Type of Service and Host'][code] ?? `Redirect, Bad Code: ${code}`;
  if (type === 4) return 'Source Quench';
  return `Bad ICMP type: ${type}`;
}

class PingExit {
  constructor(readonly result: CommandResult) {}
}

function die(msg: string, code: number): never {
  throw new PingExit(errOut(`ping: ${msg}\n`, code));
}

/** iputils strtol_or_err. */
function longArg(s: string, min: number, max: number): number {
  if (!/^[+-]?\d+$/.test(s)) die(`invalid argument: '${s}'`, 1);
  const v = Number(s);
  if (v < min || v > max) die(`invalid argument: '${s}': out of range: ${min} <= value <= ${max === Number.MAX_SAFE_INTEGER ? '9223372036854775807' : max}`, 1);
  return v;
}

/** iputils ping_strtod: a plain decimal number or exit 2 with the given message. */
function doubleArg(s: string, what: string): number {
  const t = s.trim();
  if (!t || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) die(`${what}: ${s}`, 2);
  return Number(t);
}

interface Event {
  t: number;
  kind: 'reply' | 'error';
  seq: number;
  from: number;
  ttl?: number;
  bytes?: number;
  type?: number;
  code?: number;
  info?: number;
}

async function ping(args: string[], ctx: ShellContext): Promise<CommandResult> {
  const view = netView(ctx);
  if (!view) return errOut('ping: socket: Address family not supported by protocol\n', 2);
  const r = getopt(args, { prog: 'ping', short: 'h?4bRT:6F:N:aABc:CdDe:fHi:I:l:Lm:M:nOp:qQ:rs:S:t:UvVw:W:', libc: view.libc });
  if (!r.ok) return errOut(`${r.message}\n${USAGE}`, 2);
  try {
    return await run(ctx, view, r.opts, r.operands);
  } catch (e) {
    if (e instanceof PingExit) return e.result;
    throw e;
  }
}

async function run(ctx: ShellContext, view: NetView, opts: { key: string; arg?: string }[], operands: string[]): Promise<CommandResult> {
  let count = 0;
  let intervalMs = 1000;
  let lingerMs = 10_000;
  let deadlineS = 0;
  let datalen = 56;
  let ttl = 64;
  let quiet = false;
  let numeric = false;
  let forceLookup = false;
  let timestamps = false;
  let outstanding = false;
  let verbose = false;
  let broadcast = false;
  let ifaceOpt: string | null = null;
  let flood = false;
  for (const o of opts) {
    const a = o.arg ?? '';
    switch (o.key) {
      case 'c': count = longArg(a, 1, Number.MAX_SAFE_INTEGER); break;
      case 'i': {
        const v = doubleArg(a, 'bad timing interval');
        if (v > 2147483 || v < 0) die(`bad timing interval: ${a}`, 2);
        intervalMs = Math.floor(v * 1000);
        break;
      }
      case 'W': {
        const v = doubleArg(a, 'bad linger time');
        if (v < 0.001 || v > 2147483) die(`bad linger time: ${a}`, 2);
        lingerMs = Math.floor(v * 1000);
        break;
      }
      case 'w': deadlineS = longArg(a, 0, 2147483647); break;
      case 's': datalen = longArg(a, 0, 2147483647); break;
      case 't': ttl = longArg(a, 0, 255); break;
      case 'l': longArg(a, 1, 65536); break;
      case 'm': longArg(a, 0, 2147483647); break;
      case 'S': longArg(a, 1, 2147483647); break;
      case 'q': quiet = true; break;
      case 'n': numeric = true; break;
      case 'H': forceLookup = true; break;
      case 'D': timestamps = true; break;
      case 'O': outstanding = true; break;
      case 'v': verbose = true; break;
      case 'b': broadcast = true; break;
      case 'I': ifaceOpt = a; break;
      case 'f': flood = true; numeric = true; break;
      case 'V': return { stdout: 'ping from iputils 20240905\nlibcap: yes, IDN: yes, NLS: no, error.h: no, getrandom: yes, __fpending: no\n', stderr: '', exitCode: 0 };
      case 'M':
        if (!['do', 'dont', 'want', 'probe'].includes(a)) die(`invalid -M argument: ${a}`, 2);
        break;
      case 'T':
        if (!['tsonly', 'tsandaddr', 'tsprespec'].includes(a)) die(`invalid timestamp type: ${a}`, 2);
        break;
      case '6': die('connect: Network is unreachable', 2); break;
      case 'h': case '?':
        return errOut(USAGE, 2);
      default:
        break;
    }
  }
  if (flood) intervalMs = 0;
  if (!operands.length) die('usage error: Destination address required', 1);
  // several operands: source-route hops, then the target; each must resolve
  for (const h of operands) if (resolveHost(view, h) === null) die(`${h}: ${noNameText(view.libc)}`, 2);
  const target = operands[operands.length - 1];
  const dst = resolveHost(view, target) as number;
  const numericTarget = /^\d+\.\d+\.\d+\.\d+$/.test(target);
  const resolveNames = forceLookup || (!numeric && !numericTarget);
  const host = view.host;
  const lab = view.lab;

  // the connect() probe that picks the source address
  let src: number | null = null;
  let devName: string | null = null;
  if (ifaceOpt !== null) {
    const asIp = resolveHost(view, ifaceOpt);
    if (/^\d+\.\d+\.\d+\.\d+$/.test(ifaceOpt) && asIp !== null) {
      if (!host.isLocal(asIp)) die(`bind: Cannot assign requested address`, 2);
      src = asIp;
    } else {
      const i = host.iface(ifaceOpt);
      if (!i) die(`SO_BINDTODEVICE ${ifaceOpt}: No such device`, 2);
      devName = ifaceOpt;
      src = i.addrs[0]?.ip ?? null;
    }
  }
  const local = host.isLocal(dst);
  const m = host.routes.lookup(dst);
  if (!local && !m) die('connect: Network is unreachable', 2);
  if (!local && m) {
    const iface = host.iface(m.route.dev);
    if (iface?.addrs.some((a) => a.brd === dst) && !broadcast) die('Do you want to ping broadcast? Then -b. If not, check your local firewall rules', 2);
    if (src === null) src = m.route.src ?? iface?.addrs.find((a) => a.scope !== 'host')?.ip ?? null;
  }
  if (local && src === null) src = dst;
  if (isMulticastIpv4(dst) && !broadcast) die('Do you want to ping broadcast? Then -b. If not, check your local firewall rules', 2);
  // ping4_run: the ICMP packet must fit an IP datagram (-R and -T take 40 bytes of IP options)
  const optlen = opts.some((o) => o.key === 'R' || o.key === 'T') ? 40 : 0;
  if (datalen > 0xffff - 8 - optlen - 20) die(`packet size ${datalen} is too large. Maximum is ${0xffff - 8 - 20 - optlen}`, 2);

  const out = new Output(ctx);
  const hostname = target;
  const fromText = src !== null && (ifaceOpt !== null) ? ` from ${formatIpv4(src)} ${devName ?? ''}:` : '';
  out.stdout(`PING ${hostname} (${formatIpv4(dst)})${fromText} ${datalen}(${datalen + 28}) bytes of data.\n`);

  const timing = datalen >= 16;
  const ident = Math.floor(jitter('ping-ident', host.name, lab.now()) * 0xffff) + 1;
  const startMs = lab.now();
  const events: Event[] = [];
  const sentAt = new Map<number, number>();
  const unhook = host.onIpv4((p, rx) => {
    if (p.protocol !== IPPROTO_ICMP || !rx.local) return false;
    const msg = decodeIcmp(p.payload);
    if (!msg) return false;
    if (msg.type === ICMP_ECHO_REPLY) {
      if (echoId(msg) !== ident) return false;
      events.push({ t: lab.now(), kind: 'reply', seq: echoSeq(msg), from: p.src, ttl: p.ttl, bytes: p.payload.length });
      return true;
    }
    if (msg.type === ICMP_DEST_UNREACH || msg.type === 11 || msg.type === 5) {
      // the quoted packet: our echo request?
      const q = msg.payload;
      if (q.length < 28 || q[9] !== IPPROTO_ICMP) return false;
      const ihl = (q[0] & 0x0f) * 4;
      if (q.length < ihl + 8 || q[ihl] !== ICMP_ECHO_REQUEST) return false;
      const id = (q[ihl + 4] << 8) | q[ihl + 5];
      if (id !== ident) return false;
      const seq = (q[ihl + 6] << 8) | q[ihl + 7];
      events.push({ t: lab.now(), kind: 'error', seq, from: p.src, type: msg.type, code: msg.code, info: msg.rest });
      return true;
    }
    return false;
  });

  let ntransmitted = 0;
  let nreceived = 0;
  let nerrors = 0;
  let nrepeats = 0;
  let tsum = 0;
  let tsum2 = 0;
  let tmin = Number.MAX_SAFE_INTEGER;
  let tmax = 0;
  let pipesize = 0;
  let lastSendMs = startMs;
  const received = new Set<number>();
  const nameOf = (ip: number) => {
    const dotted = formatIpv4(ip);
    if (!resolveNames) return dotted;
    const n = reverseHost(view, ip);
    return n && n !== dotted ? `${n} (${dotted})` : dotted;
  };
  const stamp = (t: number) => {
    if (!timestamps) return '';
    const us = epochMicros(lab, t);
    return `[${Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, '0')}] `;
  };
  const acknowledge = (seq: number) => {
    const diff = (ntransmitted - seq) & 0xffff;
    if (diff <= 0x7fff && diff + 1 > pipesize) pipesize = diff + 1;
  };

  const handle = (e: Event) => {
    if (e.kind === 'reply') {
      const sent = sentAt.get(e.seq);
      acknowledge(e.seq);
      let trip = 0;
      if (timing && sent !== undefined) {
        // the kernel's timestamps: wire time plus a few µs of stack on both ends
        trip = Math.max(1, Math.round((e.t - sent) * 1000 + 18 + 60 * jitter('rtt', host.name, e.seq, e.t)));
        tsum += trip;
        tsum2 += trip * trip;
        if (trip < tmin) tmin = trip;
        if (trip > tmax) tmax = trip;
      }
      const dup = received.has(e.seq);
      if (dup) nrepeats++;
      else {
        received.add(e.seq);
        nreceived++;
      }
      if (quiet) return;
      let line = `${stamp(e.t)}${e.bytes} bytes from ${nameOf(e.from)}: icmp_seq=${e.seq}`;
      if (verbose) line += ` ident=${ident}`;
      line += ` ttl=${e.ttl}`;
      if (timing) {
        if (trip >= 100000 - 50) line += ` time=${Math.floor((trip + 500) / 1000)} ms`;
        else if (trip >= 10000 - 5) line += ` time=${Math.floor((trip + 50) / 1000)}.${Math.floor(((trip + 50) % 1000) / 100)} ms`;
        else if (trip >= 1000) line += ` time=${Math.floor((trip + 5) / 1000)}.${String(Math.floor(((trip + 5) % 1000) / 10)).padStart(2, '0')} ms`;
        else line += ` time=${Math.floor(trip / 1000)}.${String(trip % 1000).padStart(3, '0')} ms`;
      }
      out.stdout(line + '\n');
    } else {
      nerrors++;
      acknowledge(e.seq);
      if (!quiet) out.stdout(`${stamp(e.t)}From ${nameOf(e.from)} icmp_seq=${e.seq} ${icmpErrorText(e.type ?? 3, e.code ?? 1, e.info ?? 0)}\n`);
    }
  };

  let flushed = 0;
  const flush = () => {
    if (flushed >= events.length) return;
    const fresh = events.slice(flushed).sort((a, b) => a.t - b.t);
    flushed = events.length;
    for (const e of fresh) handle(e);
  };

  const canInterrupt = !!ctx.signal;
  const endless = count === 0 && deadlineS === 0;
  const deadlineAt = deadlineS ? startMs + deadlineS * 1000 : Infinity;
  // times kept to whole microseconds, as the kernel's clocks are
  const wholeUs = (ms: number) => Math.round(ms * 1000) / 1000;
  let nextSend = wholeUs(startMs + 0.03 + 0.05 * jitter('first', host.name, startMs));
  let exitAt = Infinity;
  let gapSeq = 0;
  // pinger() wakes a little after each interval: ~0.6–1.6 ms late, so 2 packets take "1001ms"
  const gap = () => wholeUs(Math.max(intervalMs, flood ? 10 : 0) + 0.6 + jitter('gap', host.name, startMs, ++gapSeq));

  const advanceTo = async (t: number) => {
    if (t > lab.now()) await ctx.advance(t - lab.now());
  };

  try {
    for (;;) {
      if (aborted(ctx)) break;
      if (count && nreceived + nerrors >= count) break;
      if (lab.now() >= deadlineAt) break;
      if (lab.now() >= exitAt) break;
      const allSent = count > 0 && ntransmitted >= count && !deadlineS;
      if (!allSent && endless && !canInterrupt && ntransmitted >= RUNNER_MAX_PACKETS && lab.now() >= nextSend) break;
      if (!allSent && lab.now() >= nextSend) {
        if (outstanding && ntransmitted > 0 && !received.has(ntransmitted) && !quiet) out.stdout(`${stamp(lab.now())}no answer yet for icmp_seq=${ntransmitted}\n`);
        const seq = (ntransmitted + 1) & 0xffff;
        const data = new Uint8Array(datalen);
        for (let i = 0; i < datalen; i++) data[i] = i & 0xff;
        if (timing) {
          const us = epochMicros(lab, lab.now());
          const dv = new DataView(data.buffer);
          dv.setBigUint64(0, BigInt(Math.floor(us / 1e6)), true);
          dv.setBigUint64(8, BigInt(us % 1e6), true);
        }
        const res = host.sendIpv4(
          { dst, src: src ?? 0, protocol: IPPROTO_ICMP, ttl, df: true, payload: encodeIcmp(echoRequest(ident, seq, data)) },
          {
            why: `ping icmp_seq=${seq}`,
            // neighbour resolution failed: the kernel reports host unreachable from our own address
            onError: () => events.push({ t: lab.now(), kind: 'error', seq, from: src ?? 0, type: ICMP_DEST_UNREACH, code: 1, info: 0 })
          }
        );
        sentAt.set(seq, lab.now());
        ntransmitted++;
        lastSendMs = lab.now();
        if (!res.ok) {
          const text = res.error === 'ENETUNREACH' ? 'Network is unreachable' : res.error === 'ENETDOWN' ? 'Network is down' : 'Invalid argument';
          out.stderr(`ping: sendmsg: ${text}\n`);
        }
        nextSend = wholeUs(lab.now() + gap());
        if (count && ntransmitted >= count && !deadlineS) {
          // schedule_exit: wait for late replies, 2×max RTT (at least the interval), or the linger time
          const wait = nreceived ? Math.max((2 * tmax) / 1000, intervalMs) : lingerMs;
          exitAt = lab.now() + wait;
        }
        continue;
      }
      // wait for the next send, the exit alarm or the deadline; small steps while replies are due
      const horizon = Math.min(allSent ? Infinity : nextSend, exitAt, deadlineAt);
      const sinceSend = lab.now() - lastSendMs;
      const step = sinceSend < 5 ? 0.25 : sinceSend < 50 ? 5 : 100;
      await advanceTo(Math.min(horizon, lab.now() + step));
      flush();
      await breathe(ctx);
    }
    flush();
  } finally {
    unhook();
  }

  // finish()
  const timeMs = Math.floor(lastSendMs - startMs + 0.5);
  let stats = `\n--- ${hostname} ping statistics ---\n`;
  stats += `${ntransmitted} packets transmitted, ${nreceived} received`;
  if (nrepeats) stats += `, +${nrepeats} duplicates`;
  if (nerrors) stats += `, +${nerrors} errors`;
  if (ntransmitted) {
    const loss = Math.fround(((ntransmitted - nreceived) * 100) / ntransmitted);
    stats += `, ${formatG(loss)}% packet loss, time ${timeMs}ms`;
  }
  stats += '\n';
  let comma = '';
  if (nreceived && timing) {
    const total = nreceived + nrepeats;
    const avg = Math.trunc(tsum / total);
    const variance = Math.trunc((tsum2 - Math.trunc((tsum * tsum) / total)) / total);
    const mdev = Math.trunc(Math.sqrt(Math.abs(variance)));
    const f = (us: number) => `${Math.trunc(us / 1000)}.${String(us % 1000).padStart(3, '0')}`;
    stats += `rtt min/avg/max/mdev = ${f(tmin)}/${f(avg)}/${f(tmax)}/${f(mdev)} ms`;
    comma = ', ';
  }
  if (pipesize > 1) stats += `${comma}pipe ${pipesize}`;
  stats += '\n';
  out.stdout(stats);
  return out.result(!nreceived || (deadlineS > 0 && count > 0 && nreceived < count) ? 1 : 0);
}

export const pingCommand: LabCommand = {
  name: 'ping',
  run: ping
};
