/**
 * The layer-2 announcer, mirroring MetalLB v0.14.8 `internal/layer2/announcer.go`
 * (Announce: New, interfaceScan/updateInterfaces, SetBalancer, DeleteBalancer, AnnounceName,
 * spamLoop/doSpam, gratuitous, shouldAnnounce, GetInterfaces) and the IPAdvertisement type.
 *
 * Timing, as upstream:
 *  - the interface list is rescanned every 10 s; an interface gets an ARP responder if it is up,
 *    broadcast-capable, not NOARP, not enslaved and not matched by the excludel2 regexp;
 *  - SetBalancer records the IP for the service (refcount per IP) and hands the advertisement to
 *    the spam loop on every call: an IP entering the spam map is announced at once, its deadline
 *    is now + 5 s (a repeat SetBalancer pushes it out again), and one shared 1100 ms ticker
 *    re-announces every IP whose deadline has not passed; the ticker stops when the map empties;
 *  - DeleteBalancer sends nothing: the node simply stops answering.
 */
import type { GoKitLogger } from '../../logging';
import type { NetHost } from '../../../net/host';
import type { NetInterface } from '../../../net/iface';
import type { Scheduler, Timer } from '../../../sim/scheduler';
import { ARPResponder, DropReason, newLayer2Stats, type Layer2Stats } from './arp';

/** The spam loop's period and how long after the last (re)announce it keeps going. */
export const GRATUITOUS_INTERVAL_MS = 1100;
export const GRATUITOUS_WINDOW_MS = 5000;
/** updateInterfaces runs every 10 s. */
export const INTERFACE_SCAN_MS = 10_000;

/**
 * IPAdvertisement: one service IP and the interfaces to announce it on (all of them, or the
 * union of the L2Advertisements' `interfaces` lists).
 */
export class IPAdvertisement {
  readonly ip: string;
  readonly allInterfaces: boolean;
  readonly interfaces: ReadonlySet<string>;

  constructor(ip: string, allInterfaces: boolean, interfaces: Iterable<string>) {
    this.ip = ip;
    this.allInterfaces = allInterfaces;
    this.interfaces = new Set(interfaces);
  }

  /** true if the advertisement applies to any of these interfaces. */
  MatchInterfaces(...intfs: string[]): boolean {
    if (this.allInterfaces) return true;
    return intfs.some((i) => this.interfaces.has(i));
  }

  MatchInterface(intf: string): boolean {
    return this.allInterfaces || this.interfaces.has(intf);
  }

  IsAllInterfaces(): boolean {
    return this.allInterfaces;
  }

  GetInterfaces(): string[] {
    return [...this.interfaces].sort();
  }

  Equal(o: IPAdvertisement): boolean {
    return (
      this.ip === o.ip &&
      this.allInterfaces === o.allInterfaces &&
      this.interfaces.size === o.interfaces.size &&
      [...this.interfaces].every((i) => o.interfaces.has(i))
    );
  }
}

/** The excludel2 ConfigMap's list, joined as `(a)|(b)|…` (speaker/main.go parseAnnouncedInterfacesToExclude). */
export const DEFAULT_INTERFACES_TO_EXCLUDE = [
  '^docker.*',
  '^cbr.*',
  '^dummy.*',
  '^virbr.*',
  '^lxcbr.*',
  '^veth.*',
  '^lo$',
  '^cali.*',
  '^tunl.*',
  '^flannel.*',
  '^kube-ipvs.*',
  '^cni.*',
  '^nodelocaldns.*'
];

export function excludeRegexpFor(list: readonly string[]): RegExp | null {
  if (list.length === 0) return null;
  return new RegExp('(' + list.join(')|(') + ')');
}

export interface AnnouncerOptions {
  logger: GoKitLogger;
  scheduler: Scheduler;
  /** The node's network namespace (the speaker runs with hostNetwork). */
  host: NetHost;
  nodeName: string;
  excludeRegexp: RegExp | null;
}

interface SpamEntry {
  adv: IPAdvertisement;
  until: number;
}

/** Who asked for an announcement and why: the service and the election's cause, for the frames' `why`. */
export interface AnnounceReason {
  service: string;
  /** "after myk8s-worker left memberlist", "after an election". */
  cause?: string;
}

/** What each gratuitous round was sent for, in the frame's `why`. */
export type GratuitousCause = 'announce' | 'resync' | 'repeat';

export class Announce {
  private readonly logger: GoKitLogger;
  private readonly sched: Scheduler;
  private readonly host: NetHost;
  private readonly nodeName: string;
  private readonly excludeRegexp: RegExp | null;
  /** ARP responders by interface name. */
  private arps = new Map<string, ARPResponder>();
  /** Interfaces with an NDP responder (created and logged; the lab routes IPv4 only). */
  private ndps = new Set<string>();
  /** service key → its advertisements. */
  private ips = new Map<string, IPAdvertisement[]>();
  /** ip → number of services using it. */
  private ipRefcnt = new Map<string, number>();
  private spamMap = new Map<string, SpamEntry>();
  private ticker: Timer | null = null;
  private scanTimer: Timer | null = null;
  private paused = false;
  private stopped = false;
  readonly stats: Layer2Stats = newLayer2Stats();

  constructor(opts: AnnouncerOptions) {
    this.logger = opts.logger;
    this.sched = opts.scheduler;
    this.host = opts.host;
    this.nodeName = opts.nodeName;
    this.excludeRegexp = opts.excludeRegexp;
  }

  /** layer2.New: the first interface scan runs at once, then every 10 s. */
  start(): void {
    this.updateInterfaces();
    this.scanTimer = this.sched.every(INTERFACE_SCAN_MS, `speaker ${this.nodeName}: layer2 interface scan`, () => {
      if (!this.paused) this.updateInterfaces();
    });
  }

  /** The process is gone: responders closed at once, timers cancelled. */
  stop(): void {
    this.stopped = true;
    this.scanTimer?.cancel();
    this.scanTimer = null;
    this.ticker?.cancel();
    this.ticker = null;
    for (const r of this.arps.values()) r.Close();
    this.arps.clear();
    this.ndps.clear();
    this.spamMap.clear();
  }

  pause(): void {
    this.paused = true;
  }

  unpause(): void {
    this.paused = false;
  }

  // ------------------------------------------------------------------ interfaces

  /** What upstream reads from net.Interfaces() and /sys/class/net/<if>/flags. */
  private eligibleForARP(i: NetInterface): boolean {
    if (!this.host.up()) return false; // FlagUp
    // /sys/class/net/<if>/master: nothing is enslaved in a kind node; NOARP: none of these.
    return i.kind !== 'loopback'; // FlagBroadcast: loopback lacks it, bridge ports and veths have it
  }

  updateInterfaces(): void {
    if (this.stopped) return;
    const keepARP = new Set<string>();
    const keepNDP = new Set<string>();
    for (const ifi of this.host.interfaces()) {
      if (this.excludeRegexp && this.excludeRegexp.test(ifi.name)) continue;
      if (!this.host.up()) continue;
      if (this.eligibleForARP(ifi)) keepARP.add(ifi.name);
      if (ifi.addrs6.some((a) => a.scope === 'link')) keepNDP.add(ifi.name);
      const l = this.logger.with({ interface: ifi.name });
      if (keepARP.has(ifi.name) && !this.arps.has(ifi.name)) {
        const resp = new ARPResponder(this.logger, this.host, ifi.name, ifi.mac, (ip, intf) => this.shouldAnnounce(ip, intf), this.stats, this.nodeName);
        this.arps.set(ifi.name, resp);
        l.info('announcer.go:126', { event: 'createARPResponder', msg: 'created ARP responder for interface' });
      }
      if (keepNDP.has(ifi.name) && !this.ndps.has(ifi.name)) {
        this.ndps.add(ifi.name);
        l.info('announcer.go:135', { event: 'createNDPResponder', msg: 'created NDP responder for interface' });
      }
    }
    for (const [name, client] of this.arps) {
      if (keepARP.has(name)) continue;
      client.Close();
      this.arps.delete(name);
      this.logger.info('announcer.go:144', { interface: name, event: 'deleteARPResponder', msg: 'deleted ARP responder for interface' });
    }
    for (const name of [...this.ndps]) {
      if (keepNDP.has(name)) continue;
      this.ndps.delete(name);
      this.logger.info('announcer.go:151', { interface: name, event: 'deleteNDPResponder', msg: 'deleted NDP responder for interface' });
    }
  }

  /** GetInterfaces: names of the interfaces with a responder. */
  GetInterfaces(): string[] {
    return [...new Set([...this.arps.keys(), ...this.ndps])];
  }

  // ------------------------------------------------------------------ announcing

  /** SetBalancer adds the IP to the announced set (or refreshes it) and spams it. */
  SetBalancer(name: string, adv: IPAdvertisement, cause?: string): void {
    if (this.stopped) return;
    const list = this.ips.get(name);
    if (list) {
      const i = list.findIndex((a) => a.ip === adv.ip);
      if (i >= 0) {
        list[i] = adv;
        this.doSpam(adv, 'resync', { service: name, cause });
        return;
      }
    }
    const before = this.ipRefcnt.get(adv.ip) ?? 0;
    this.ipRefcnt.set(adv.ip, before + 1);
    if (list) list.push(adv);
    else this.ips.set(name, [adv]);
    this.doSpam(adv, before === 0 ? 'announce' : 'resync', { service: name, cause });
  }

  /** DeleteBalancer forgets the service's IPs; nothing is sent. */
  DeleteBalancer(name: string): void {
    const list = this.ips.get(name);
    if (!list) return;
    this.ips.delete(name);
    for (const adv of list) {
      const n = (this.ipRefcnt.get(adv.ip) ?? 0) - 1;
      if (n > 0) this.ipRefcnt.set(adv.ip, n);
      else this.ipRefcnt.delete(adv.ip);
    }
  }

  /** AnnounceName: is this service announced here? */
  AnnounceName(name: string): boolean {
    return this.ips.has(name);
  }

  /** The advertisements of one service (the Layer2StatusReconciler's StatusFetcher). */
  advertisementsFor(name: string): IPAdvertisement[] {
    return [...(this.ips.get(name) ?? [])];
  }

  /** Every announced service with its IPs, for introspection. */
  announced(): { service: string; ips: string[] }[] {
    return [...this.ips.entries()].map(([service, advs]) => ({ service, ips: advs.map((a) => a.ip) })).sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
  }

  /** IPs currently in the spam map (a gratuitous burst is running for them) with their deadlines. */
  bursting(): { ip: string; until: number }[] {
    return [...this.spamMap.entries()].map(([ip, e]) => ({ ip, until: e.until }));
  }

  /** shouldAnnounce: does this speaker answer for the IP on this interface? */
  shouldAnnounce(ip: string, intf: string): DropReason {
    let known = false;
    for (const advs of this.ips.values()) {
      for (const adv of advs) {
        if (adv.ip !== ip) continue;
        known = true;
        if (adv.MatchInterface(intf)) return DropReason.None;
      }
    }
    return known ? DropReason.NotMatchInterface : DropReason.AnnounceIP;
  }

  /** spamLoop's input side: a new IP goes out at once; any (re)announce moves its deadline. */
  private doSpam(adv: IPAdvertisement, cause: GratuitousCause, reason?: AnnounceReason): void {
    const had = this.spamMap.has(adv.ip);
    this.spamMap.set(adv.ip, { adv, until: this.sched.now() + GRATUITOUS_WINDOW_MS });
    if (!had) this.gratuitous(adv, cause, reason);
    if (!this.ticker) {
      this.ticker = this.sched.every(GRATUITOUS_INTERVAL_MS, `speaker ${this.nodeName}: gratuitous ARP ticker`, () => this.tick());
    }
  }

  /** spamLoop's ticker side. */
  private tick(): void {
    if (this.stopped) return;
    const now = this.sched.now();
    for (const [ip, e] of [...this.spamMap]) {
      if (now > e.until) this.spamMap.delete(ip);
      else if (!this.paused) this.gratuitous(e.adv, 'repeat');
    }
    if (this.spamMap.size === 0) {
      this.ticker?.cancel();
      this.ticker = null;
    }
  }

  private gratuitous(adv: IPAdvertisement, cause: GratuitousCause, reason?: AnnounceReason): void {
    // "We've lost control of the IP, someone else is doing announcements."
    if ((this.ipRefcnt.get(adv.ip) ?? 0) <= 0) return;
    if (adv.ip.includes(':')) return; // IPv6 goes out as NDP; the lab routes IPv4 only
    const svc = reason ? ` (${reason.service})` : '';
    const why =
      cause === 'announce'
        ? `gratuitous ARP because ${this.nodeName} became owner of ${adv.ip}${svc} ${reason?.cause ?? 'after an election'}`
        : cause === 'resync'
          ? `gratuitous ARP: ${this.nodeName} re-announces ${adv.ip}${svc} (resync)`
          : `gratuitous ARP: ${this.nodeName} repeats ${adv.ip} (every 1.1 s until 5 s after the last announce)`;
    for (const client of this.arps.values()) {
      if (!adv.MatchInterface(client.Interface())) continue;
      client.Gratuitous(adv.ip, why);
    }
  }
}
