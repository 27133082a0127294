/**
 * bgpd: FRR's BGP daemon in the router container. It owns the configured `router bgp`
 * instance (a BgpSpeaker with FRR's timers and OPEN), filters what neighbours send
 * (`bgp ebgp-requires-policy`, AS-path loops), runs best-path and multipath selection per
 * prefix, hands the result to zebra, and advertises each best path to the other peers
 * (adj-out.ts).
 */
import type { TcpSim } from '../apps/tcp';
import { CAP_ROUTE_REFRESH, CEASE_ADMIN_RESET, CEASE_ADMIN_SHUTDOWN, CEASE_CONFIG_CHANGE, hasCapability } from '../bgp/messages';
import { openAsn } from '../bgp/messages';
import { BgpSpeaker, type Neighbor } from '../bgp/speaker';
import { type Cidr, formatIpv4, parseCidr } from '../net/addr';
import type { NetHost } from '../net/host';
import type { Trace } from '../sim/trace';
import { coalesceMs, outboundRoutes } from './adj-out';
import { type Candidate, type Selection, selectPaths } from './bestpath';
import { type BgpConfig, type FrrConfig, type NeighborConfig, neighborAs, newBgpConfig } from './config';
import { DISTANCE_EBGP, Zebra } from './zebra';

/** FRR 10.3+ BGP_DEFAULT_CONNECT_RETRY. */
export const FRR_CONNECT_RETRY_MS = 30_000;

export interface RibEntry {
  prefix: Cidr;
  paths: Candidate[];
  sel: Selection;
  version: number;
}

export class Bgpd {
  readonly host: NetHost;
  private readonly sim: TcpSim & { trace?: Trace };
  readonly config: FrrConfig;
  readonly zebra: Zebra;
  speaker: BgpSpeaker | null = null;
  readonly rib = new Map<string, RibEntry>();
  tableVersion = 0;
  running = false;

  constructor(host: NetHost, sim: TcpSim & { trace?: Trace }, hostname: string) {
    this.host = host;
    this.sim = sim;
    this.config = { hostname, bgp: null };
    this.zebra = new Zebra(host, sim.scheduler.now());
  }

  now(): number {
    return this.sim.scheduler.now();
  }

  /** The wall-clock instant of a virtual time, for FRR's `Last update:` dates. */
  wallClock(t: number): Date {
    return this.sim.scheduler.clock.date(t);
  }

  /** The daemons start (container start): zebra reads the kernel, bgpd brings up its instance. */
  start(): void {
    this.running = true;
    (this.zebra as { startedAt: number }).startedAt = this.now();
    this.rebuild();
  }

  /** SIGTERM: Cease to every peer; SIGKILL: gone without a word. */
  stop(graceful: boolean): void {
    this.running = false;
    this.speaker?.shutdown(graceful);
    this.speaker = null;
    this.rib.clear();
    this.zebra.withdrawAll();
  }

  /** zebra's router-id: the configured one, else the highest interface address. */
  routerId(): number {
    const b = this.config.bgp;
    if (b?.routerId !== undefined) return b.routerId;
    let best = 0;
    for (const i of this.host.interfaces()) for (const a of i.addrs) if (a.scope === 'global' && a.ip >>> 0 > best) best = a.ip >>> 0;
    return best;
  }

  // ------------------------------------------------------------------ configuration (vtysh)

  /** `router bgp ASN`: creates the instance, or errors if another AS is configured. */
  routerBgp(asn: number): string | null {
    const b = this.config.bgp;
    if (b && b.asn !== asn) return `BGP is already running; AS is ${b.asn}`;
    if (!b) {
      this.config.bgp = newBgpConfig(asn);
      this.rebuild();
    }
    return null;
  }

  noRouterBgp(asn: number): string | null {
    const b = this.config.bgp;
    if (!b || b.asn !== asn) return `% Can't find BGP instance ${asn}`;
    this.speaker?.shutdown(true);
    this.speaker = null;
    this.config.bgp = null;
    this.recomputeAll();
    return null;
  }

  setRouterId(id: number | undefined): void {
    const b = this.config.bgp;
    if (!b || b.routerId === id) return;
    b.routerId = id;
    // FRR resets every session when the router ID changes
    this.rebuild(CEASE_CONFIG_CHANGE);
  }

  setEbgpRequiresPolicy(on: boolean): void {
    if (!this.config.bgp) return;
    this.config.bgp.ebgpRequiresPolicy = on;
    this.recomputeAll();
  }

  setMultipathRelax(on: boolean): void {
    if (!this.config.bgp) return;
    this.config.bgp.multipathRelax = on;
    this.recomputeAll();
  }

  setMaxPaths(n: number, ibgp: boolean): void {
    if (!this.config.bgp) return;
    if (ibgp) this.config.bgp.maxPathsIbgp = n;
    else this.config.bgp.maxPaths = n;
    this.recomputeAll();
  }

  neighborRemoteAs(ip: number, remoteAs: NeighborConfig['remoteAs']): void {
    const b = this.config.bgp;
    if (!b) return;
    const existing = b.neighbors.find((n) => n.ip === ip >>> 0);
    if (existing) {
      if (existing.remoteAs === remoteAs) return;
      existing.remoteAs = remoteAs;
      this.speaker?.removeNeighbor(ip);
      this.addToSpeaker(existing);
      return;
    }
    const n: NeighborConfig = { ip: ip >>> 0, remoteAs, shutdown: false, passive: false };
    b.neighbors.push(n);
    b.neighbors.sort((x, y) => x.ip - y.ip);
    this.addToSpeaker(n);
  }

  /** Settings of an existing neighbour; false when it is not configured (FRR's error). */
  neighborSet(ip: number, fn: (n: NeighborConfig) => void): boolean {
    const n = this.config.bgp?.neighbors.find((x) => x.ip === ip >>> 0);
    if (!n) return false;
    const before = { ...n };
    fn(n);
    if (JSON.stringify(n) === JSON.stringify(before)) return true;
    const live = this.speaker?.neighbors.get(ip >>> 0);
    const onlyChanged = (k: keyof NeighborConfig) => JSON.stringify({ ...n, [k]: before[k] }) === JSON.stringify(before);
    if (onlyChanged('softReconfig')) {
      // FRR's peer_change_reset_in: a peer that can take a ROUTE-REFRESH resends its routes; any
      // other (MetalLB's native speaker) is reset with Cease/Configuration Change
      const s = live?.session;
      if (n.softReconfig && s?.state === 'Established' && s.peerOpen && !hasCapability(s.peerOpen, CAP_ROUTE_REFRESH)) {
        s.stop(CEASE_CONFIG_CHANGE);
        s.start();
      }
      return true;
    }
    if (live && onlyChanged('shutdown')) {
      // only `shutdown` changed: Cease/Administrative Shutdown, or bring the session back
      if (n.shutdown) live.session.stop(CEASE_ADMIN_SHUTDOWN);
      else live.session.start();
      return true;
    }
    this.speaker?.removeNeighbor(ip);
    this.addToSpeaker(n);
    return true;
  }

  noNeighbor(ip: number): boolean {
    const b = this.config.bgp;
    if (!b || !b.neighbors.some((n) => n.ip === ip >>> 0)) return false;
    b.neighbors = b.neighbors.filter((n) => n.ip !== ip >>> 0);
    this.speaker?.removeNeighbor(ip);
    return true;
  }

  /** `clear ip bgp *` (hard reset: Cease/Administrative Reset, then the sessions come back). */
  clearAll(): void {
    if (!this.speaker) return;
    for (const n of this.speaker.neighbors.values()) {
      if (n.session.state === 'Idle') continue;
      n.session.stop(CEASE_ADMIN_RESET);
      n.session.start();
    }
  }

  // ------------------------------------------------------------------ sessions

  private rebuild(cease = CEASE_ADMIN_SHUTDOWN): void {
    if (this.speaker) this.speaker.shutdown(true);
    this.speaker = null;
    void cease;
    const b = this.config.bgp;
    if (!b || !this.running) {
      this.recomputeAll();
      return;
    }
    this.speaker = new BgpSpeaker(this.host, this.sim, {
      asn: b.asn,
      routerId: this.routerId(),
      listen: true,
      owner: 'bgpd',
      session: { holdTimeS: 180, keepaliveS: 60, enforceHold: true, retryDelayMs: () => FRR_CONNECT_RETRY_MS, style: 'frr', owner: 'bgpd' },
      // A new session gets its own update subgroup, whose first advertisements wait for the
      // coalesce delay, then End-of-RIB (sent by default: no `bgp graceful-restart
      // disable-eor`). Later changes go out at once: the eBGP advertisement-interval (MRAI)
      // is 0 in FRR ("Minimum time between advertisement runs is 0 seconds").
      advertise: { initialDelayMs: () => coalesceMs(this.config.bgp?.neighbors.length ?? 0), endOfRib: true, pack: true }
    });
    this.speaker.onRibChange((_peer, keys) => {
      keys.forEach((k) => this.recompute(k, false));
      this.syncAdjOut();
    });
    this.speaker.onStateChange(() => this.recomputeAll());
    for (const n of b.neighbors) this.addToSpeaker(n, false);
    this.speaker.start();
    for (const n of b.neighbors) if (n.shutdown) this.speaker.neighbors.get(n.ip)?.session.stop(CEASE_ADMIN_SHUTDOWN);
  }

  private addToSpeaker(n: NeighborConfig, startNow = true): void {
    const b = this.config.bgp;
    if (!b || !this.speaker) return;
    const peerAs = neighborAs(b, n) ?? 'external';
    this.speaker.addNeighbor(
      n.ip,
      peerAs,
      { holdTimeS: n.timers?.hold ?? 180, keepaliveS: n.timers?.keepalive ?? 60, passive: n.passive },
      startNow && !n.shutdown
    );
  }

  // ------------------------------------------------------------------ RIB

  /** Is this neighbour external (its configured or learnt AS differs from ours)? */
  isEbgp(b: BgpConfig, n: Neighbor): boolean {
    if (n.remoteAs === 'external') return true;
    return n.remoteAs !== b.asn;
  }

  /** Inbound policy: eBGP routes are denied without a policy while ebgp-requires-policy is on. */
  policyDenies(n: Neighbor): boolean {
    const b = this.config.bgp;
    return !!b && b.ebgpRequiresPolicy && this.isEbgp(b, n);
  }

  /** The routes of a neighbour that made it into the table. */
  accepted(n: Neighbor): number {
    if (this.policyDenies(n)) return 0;
    let c = 0;
    for (const k of n.adjIn.keys()) if (this.rib.get(k)?.paths.some((p) => p.peer === n.ip)) c++;
    return c;
  }

  private candidates(key: string): Candidate[] {
    const b = this.config.bgp;
    if (!b || !this.speaker) return [];
    const out: Candidate[] = [];
    for (const n of this.speaker.neighbors.values()) {
      const r = n.adjIn.get(key);
      if (!r || n.session.state !== 'Established' || this.policyDenies(n)) continue;
      // an AS_PATH holding our own AS is a loop (§9.1.2)
      if (r.attrs.asPath?.some((s) => s.asns.includes(b.asn))) continue;
      if (r.attrs.nextHop === undefined || !this.zebra.reachable(r.attrs.nextHop)) continue;
      const open = n.session.peerOpen;
      out.push({ peer: n.ip, peerId: open?.bgpId ?? n.ip, peerAs: open ? openAsn(open) : 0, ebgp: this.isEbgp(b, n), attrs: r.attrs, receivedAt: r.receivedAt });
    }
    return out;
  }

  /** Every neighbour's Adj-RIB-Out from the current best paths; the speaker sends the difference. */
  syncAdjOut(): void {
    const sp = this.speaker;
    if (!sp) return;
    for (const n of sp.neighbors.values()) sp.setAdvertisements(n.ip, outboundRoutes(this, n));
  }

  recompute(key: string, sync = true): void {
    this.recomputeEntry(key);
    if (sync) this.syncAdjOut();
  }

  private recomputeEntry(key: string): void {
    const b = this.config.bgp;
    const paths = this.candidates(key);
    const prefix = parseCidr(key);
    if (!prefix) return;
    const old = this.rib.get(key);
    if (!paths.length || !b) {
      if (old) {
        this.rib.delete(key);
        this.tableVersion++;
        this.zebra.setBgpRoute(prefix, [], true, this.now());
        // the timeline's route lane: the last path went, so the route itself is gone
        this.sim.trace?.emit(this.now(), { type: 'note', topic: 'bgp', text: `${this.host.name} zebra: ${key} removed` });
      }
      return;
    }
    const sel = selectPaths(paths, { maxPaths: b.maxPaths, maxPathsIbgp: b.maxPathsIbgp, multipathRelax: b.multipathRelax });
    const sig = (s: Selection, ps: Candidate[]) => JSON.stringify([s.multipath.map((p) => p.peer), ps.map((p) => [p.peer, p.attrs])]);
    if (old && sig(old.sel, old.paths) === sig(sel, paths)) return;
    this.tableVersion++;
    this.rib.set(key, { prefix, paths, sel, version: this.tableVersion });
    const nhs = sel.multipath.map((p) => p.attrs.nextHop ?? 0);
    this.zebra.setBgpRoute(prefix, nhs, sel.best?.ebgp ?? true, this.now());
    this.sim.trace?.emit(this.now(), {
      type: 'note',
      topic: 'bgp',
      text: `${this.host.name} zebra: ${key} via ${nhs.map(formatIpv4).join(', ')} [${DISTANCE_EBGP}/0]`
    });
  }

  recomputeAll(): void {
    const keys = new Set(this.rib.keys());
    for (const n of this.speaker?.neighbors.values() ?? []) for (const k of n.adjIn.keys()) keys.add(k);
    for (const k of keys) this.recompute(k, false);
    this.syncAdjOut();
  }
}
