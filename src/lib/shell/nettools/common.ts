/**
 * What the network tools (arp-scan, ip, arp, ping, tcpdump) share: the network namespace the
 * command runs in (a container's, or the learner's machine), the C library of its image (glibc
 * and musl word their errors differently), the bridge behind an interface, Docker's embedded
 * DNS, tcpdump-style timestamps, a deterministic jitter, and output that streams when the
 * terminal listens.
 */
import type { ContainerInfo } from '../../engine/docker/types';
import { HOST_NAME, type Lab } from '../../engine/lab';
import { formatIpv4, parseIpv4 } from '../../engine/net/addr';
import type { Bridge } from '../../engine/net/bridge';
import { hasCarrier } from '../../engine/net/format';
import type { NetHost } from '../../engine/net/host';
import type { NetInterface } from '../../engine/net/iface';
import { imageOf } from '../docker/images';
import type { CommandResult, ShellContext } from '../types';

export type Libc = 'glibc' | 'musl';

/** Where a network tool runs. */
export interface NetView {
  lab: Lab;
  host: NetHost;
  /** null on the learner's machine. */
  container: ContainerInfo | null;
  libc: Libc;
  hostname: string;
}

/** Images built on Alpine (musl): netshoot, alpine, busybox and the FRR image. */
const MUSL_IMAGES = new Set(['nicolaka/netshoot', 'alpine', 'busybox', 'frrouting/frr']);

export function libcOf(image: string): Libc {
  const info = imageOf(image);
  return info && MUSL_IMAGES.has(info.repo) ? 'musl' : 'glibc';
}

/** The namespace of the container the command runs in, or of the learner's machine. */
export function netView(ctx: ShellContext): NetView | null {
  const lab = ctx.lab;
  if (ctx.container) {
    const c = lab.docker.find(ctx.container);
    const host = c ? lab.docker.netnsOf(c.id) : undefined;
    if (!c || !host) return null;
    return { lab, host, container: c, libc: libcOf(c.spec.image), hostname: c.spec.hostname ?? c.name };
  }
  return { lab, host: lab.docker.hostNet, container: null, libc: 'glibc', hostname: HOST_NAME };
}

/** The bridge segment an interface is plugged into, and its port name there. */
export function bridgeOf(view: NetView, ifname: string): { bridge: Bridge; port: string; network: string } | null {
  const iface = view.host.iface(ifname);
  if (!iface || iface.kind !== 'bridge' || !iface.port) return null;
  for (const n of view.lab.docker.networks()) {
    const seg = view.lab.docker.segment(n.name);
    if (seg && seg.portNames().includes(iface.port)) return { bridge: seg, port: iface.port, network: n.name };
  }
  return null;
}

/** The first interface that is not loopback (what libpcap and arp-scan pick by default). */
export function defaultInterface(view: NetView): string | null {
  const first = captureDevices(view)[0];
  return first && first.iface.kind !== 'loopback' ? first.iface.name : null;
}

/** An interface as pcap_findalldevs sees it. */
export interface CaptureDevice {
  iface: NetInterface;
  up: boolean;
  running: boolean;
}

/**
 * The namespace's interfaces in pcap_findalldevs order: libpcap sorts by a figure of merit
 * (not running, not up, disconnected and loopback each push a device down; ties keep the
 * kernel's index order). tcpdump and arp-scan take the first one when no -i is given, so a
 * Docker host's docker0 without containers (up, no carrier) is never the default.
 */
export function captureDevices(view: NetView): CaptureDevice[] {
  const merit = (d: CaptureDevice) => (d.running ? 0 : 0xa0000000) + (d.up ? 0 : 0x40000000) + (d.iface.kind === 'loopback' ? 0x10000000 : 0);
  return view.host
    .interfaces()
    .map((iface) => {
      const up = iface.adminUp !== false;
      return { iface, up, running: up && hasCarrier(iface) };
    })
    .map((d, i) => ({ d, i }))
    .sort((a, b) => merit(a.d) - merit(b.d) || a.i - b.i)
    .map((x) => x.d);
}

// ---------------------------------------------------------------- names (Docker's embedded DNS)

/** Running containers that share a user-defined network with the viewer, with that network. */
function peers(view: NetView): { c: ContainerInfo; network: string; ip: string }[] {
  if (!view.container) return [];
  const mine = new Set(view.container.endpoints.map((e) => e.network));
  const out: { c: ContainerInfo; network: string; ip: string }[] = [];
  for (const c of view.lab.docker.containers()) {
    if (c.state !== 'running' && c.state !== 'paused') continue;
    for (const e of c.endpoints) if (mine.has(e.network)) out.push({ c, network: e.network, ip: e.ipv4 });
  }
  return out;
}

/**
 * getaddrinfo as the container sees it: dotted quads, localhost, its own hostname
 * (/etc/hosts), and Docker's embedded DNS for containers on a shared user-defined network
 * (`myk8s-worker` and `myk8s-worker.kind`). The learner's machine resolves only the first
 * three.
 */
export function resolveHost(view: NetView, name: string): number | null {
  const ip = parseIpv4(name);
  if (ip !== null) return ip;
  const n = name.toLowerCase().replace(/\.$/, '');
  if (n === 'localhost' || n === 'localhost.localdomain') return 0x7f000001;
  if (n === view.hostname.toLowerCase()) return view.container ? view.host.primaryAddress() : 0x7f000101;
  for (const p of peers(view)) {
    const names = [p.c.name, p.c.spec.hostname ?? p.c.name].map((x) => x.toLowerCase());
    if (names.includes(n) || names.some((x) => `${x}.${p.network}` === n)) return parseIpv4(p.ip);
  }
  return null;
}

/** Reverse lookup (getnameinfo): /etc/hosts for our own address, then Docker's DNS. */
export function reverseHost(view: NetView, ip: number): string | null {
  if (ip >>> 24 === 127) return 'localhost';
  if (view.container && view.host.isLocal(ip)) return view.hostname;
  const dotted = formatIpv4(ip);
  const p = peers(view).find((x) => x.ip === dotted);
  return p ? `${p.c.name}.${p.network}` : null;
}

/** What getaddrinfo's failure reads like with this C library (EAI_NONAME). */
export function noNameText(libc: Libc): string {
  return libc === 'musl' ? 'Name does not resolve' : 'Name or service not known';
}

// ---------------------------------------------------------------- time

/** Wall-clock microseconds since 1970 for a virtual instant (ms, fractions allowed). */
export function epochMicros(lab: Lab, tMs: number): number {
  return Math.floor((lab.sim.clock.epochMs + tMs) * 1000 + 1e-3);
}

/** `HH:MM:SS.uuuuuu` in UTC (containers run with TZ unset). */
export function clockHMS(lab: Lab, tMs: number): string {
  const us = epochMicros(lab, tMs);
  const secs = Math.floor(us / 1e6);
  const frac = us - secs * 1e6;
  const d = new Date(secs * 1000);
  const p2 = (x: number) => String(x).padStart(2, '0');
  return `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${String(frac).padStart(6, '0')}`;
}

/** `YYYY-MM-DD HH:MM:SS.uuuuuu` (tcpdump -tttt). */
export function clockDate(lab: Lab, tMs: number): string {
  const us = epochMicros(lab, tMs);
  const d = new Date(Math.floor(us / 1e6) * 1000);
  const p2 = (x: number) => String(x).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${clockHMS(lab, tMs)}`;
}

/**
 * A number in [0, 1) that depends only on its inputs: small timing noise (ping RTTs, process
 * start-up) that replays identically and draws nothing from the lab's PRNG.
 */
export function jitter(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  const s = parts.join('|');
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return (h >>> 0) / 0x1_0000_0000;
}

/**
 * Let the event loop breathe during long work, so a Ctrl-C (the signal) can land. Only when
 * there is a signal to listen for: the runner and the tests have none and run at full speed.
 */
export async function breathe(ctx: ShellContext): Promise<void> {
  if (!ctx.signal) return;
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
}

export function aborted(ctx: ShellContext): boolean {
  return ctx.signal?.aborted === true;
}

// ---------------------------------------------------------------- output

/**
 * Output of a long-running tool: streamed through ctx.write when the terminal listens (the
 * runner collects it instead), so ping replies and tcpdump lines appear as they happen.
 */
export class Output {
  private out = '';
  private err = '';
  private readonly ctx: ShellContext;
  private readonly stream: boolean;

  constructor(ctx: ShellContext, stream = true) {
    this.ctx = ctx;
    this.stream = stream && !!ctx.write;
  }

  stdout(s: string): void {
    if (!s) return;
    if (this.stream && this.ctx.write) this.ctx.write(s, 'stdout');
    else this.out += s;
  }

  stderr(s: string): void {
    if (!s) return;
    if (this.stream && this.ctx.write) this.ctx.write(s, 'stderr');
    else this.err += s;
  }

  result(exitCode: number): CommandResult {
    return { stdout: this.out, stderr: this.err, exitCode };
  }
}

/** C's printf("%g") for the values ping prints (6 significant digits, no trailing zeros). */
export function formatG(x: number): string {
  if (x === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(x)));
  if (exp < -4 || exp >= 6) {
    const s = x.toExponential(5).replace(/\.?0+e/, 'e');
    return s.replace(/e([+-])(\d)$/, 'e$10$2');
  }
  const s = x.toFixed(Math.max(0, 5 - exp));
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/**
 * CAP_NET_ADMIN: the learner's machine (root) and privileged containers (kind runs its nodes
 * with --privileged) have it, and containers run with --cap-add NET_ADMIN (or ALL); Docker's
 * default capability set does not include it.
 */
export function canAdmin(view: NetView): boolean {
  if (!view.container) return true;
  const s = view.container.spec;
  return s.privileged === true || s.role === 'kind-node' || (s.capAdd ?? []).some((c) => c === 'CAP_NET_ADMIN' || c === 'ALL');
}
